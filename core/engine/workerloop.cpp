// SPDX-License-Identifier: MIT
#include "engine/workerloop.h"

#include "engine/capture/cpuclockcapture.h"
#include "engine/taskcontext.h"
#include "engine/workload.h"

namespace corescope {

WorkerLoop::WorkerLoop(EventLog &log, RunControl &control, PreparedWorkload &workload,
                       ThreadHooks &hooks, const CaptureBackend &capture, int cancelFd,
                       Recorder *recorder)
    : m_log(log)
    , m_control(control)
    , m_workload(workload)
    , m_hooks(hooks)
    , m_capture(capture)
    , m_cancelFd(cancelFd)
    , m_recorder(recorder)
{
}

uint32_t WorkerLoop::run()
{
    m_log.record(EventKind::ThreadBegin);
    auto capture = m_capture.startThread(m_log);
    TaskContext ctx(m_log, m_control, m_hooks, *capture, m_cancelFd, m_recorder);
    uint32_t completed = 0;
    try {
        m_hooks.threadStarted(ctx);
        while (const auto chunk = m_control.takeTasks()) {
            for (uint32_t task = chunk->first; task < chunk->end; ++task) {
                m_log.record(EventKind::TaskBegin, 0, task);
                const uint64_t result = m_workload.runTask(ctx, task);
                m_log.record(EventKind::TaskEnd, result, task);
                m_control.postResult(task, result);
                ++completed;
            }
        }
    } catch (const RunCancelled &) {
        // The partial trace stays; the unfinished task simply has no TaskEnd.
    }
    m_hooks.threadFinishing(ctx);
    if (m_control.lingerUntilDone) {
        // A pool's worker waits for work that will not come until the pool shuts down; it
        // blocks as a queue get does, holding no GIL.
        m_log.record(EventKind::Idle, 0, 0);
        capture->pause();
        m_control.waitUntilAllDone();
        capture->resume();
        m_log.record(EventKind::Idle, 0, 1);
    }
    capture->finish();
    m_log.record(EventKind::ThreadEnd, uint64_t(threadCpuNs()));
    return completed;
}

} // namespace corescope
