// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace corescope {

class CaptureBackend;
class EventLog;
class PreparedWorkload;
class Recorder;
class ThreadHooks;
struct RunControl;

/// The life of one worker, the same on a thread and in a child process: start capturing, take
/// tasks from the shared queue until none is left or the run is cancelled, post each result;
/// a pool's worker then waits, idle, until the pool shuts down.
class WorkerLoop
{
public:
    /// `recorder`: where the programs its tasks start get their logs; null in a worker process.
    WorkerLoop(EventLog &log, RunControl &control, PreparedWorkload &workload, ThreadHooks &hooks,
               const CaptureBackend &capture, int cancelFd, Recorder *recorder);

    /// Runs on the calling thread, which must own `log`; returns the tasks it completed.
    uint32_t run();

private:
    EventLog &m_log;
    RunControl &m_control;
    PreparedWorkload &m_workload;
    ThreadHooks &m_hooks;
    const CaptureBackend &m_capture;
    int m_cancelFd;
    Recorder *m_recorder;
};

} // namespace corescope
