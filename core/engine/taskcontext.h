// SPDX-License-Identifier: MIT
#pragma once

#include "engine/capture/threadcapture.h"
#include "engine/clock.h"
#include "engine/event.h"
#include "engine/eventlog.h"
#include "engine/runcontrol.h"
#include "result.h"

#include <cstdint>
#include <string_view>
#include <utility>

namespace corescope {

class Recorder;
class TaskContext;

/// What an execution model does at a worker's checkpoints and blocking calls; the GIL model uses
/// these to take and give up its lock. The default does nothing: native threads just run.
class ThreadHooks
{
public:
    virtual ~ThreadHooks() = default;
    virtual void threadStarted(TaskContext &) {}
    virtual void threadFinishing(TaskContext &) {}
    /// RunControl::attention (a drop request) is set and the run is not cancelled.
    virtual void attend(TaskContext &) {}
    virtual void beforeBlocking(TaskContext &) {}
    virtual void afterBlocking(TaskContext &) {}
};

/// Thrown out of TaskContext::checkpoint() when the run is cancelled; the engine catches it where
/// the worker's loop starts, so that workload code needs no cancel plumbing. Never leaves the
/// engine.
struct RunCancelled
{};

/// A worker thread's handle on the run, given to workload code: where it records, and what it
/// calls between units of work and around blocking system calls.
class TaskContext
{
public:
    /// `recorder` makes the logs of the programs a task starts; null in a worker process.
    TaskContext(EventLog &log, RunControl &control, ThreadHooks &hooks, ThreadCapture &capture,
                int cancelFd, Recorder *recorder = nullptr);

    /// Called by workloads every few microseconds of work: answers GIL drop requests and cancel,
    /// and lets the capture sample. Costs one relaxed load and one clock read when nothing is due.
    void checkpoint()
    {
        if (m_control.attention.load(std::memory_order_relaxed)
            || m_control.cancelled.load(std::memory_order_relaxed)) [[unlikely]]
            attend();
        if (Clock::now() >= m_nextPoll) [[unlikely]]
            poll();
    }

    /// Runs `call`, a blocking system call, as an I/O wait: the GIL is released around it and the
    /// wait is recorded as `kind`.
    template <typename Call>
    decltype(auto) blocking(IoKind kind, Call &&call)
    {
        return blocking(kind, 0, std::forward<Call>(call));
    }
    /// The same, naming what the call waits for (IoKind::Child: the child's pid).
    template <typename Call>
    decltype(auto) blocking(IoKind kind, uint64_t waitingFor, Call &&call)
    {
        BlockingScope scope(*this, kind, waitingFor);
        return std::forward<Call>(call)();
    }

    /// Runs `acquire`, which blocks until this thread gets lock `lockId` from the thread holding
    /// it, as a lock wait: the GIL is given up meanwhile and the thread is off its core.
    /// `acquired` runs the moment the lock is got, before the GIL is taken back.
    template <typename Acquire, typename Acquired>
    void waitForLock(uint32_t lockId, Acquire &&acquire, Acquired &&acquired)
    {
        waitOffCore(EventKind::LockWait, lockId, 0, [&] {
            std::forward<Acquire>(acquire)();
            std::forward<Acquired>(acquired)();
        });
    }

    /// Runs `wait`, which blocks until other threads let this one go on (a lock released, a
    /// queue that has room), as a wait recorded by `begin` with `arg` and `arg2`: the GIL is given
    /// up meanwhile and the thread is off its core. What `wait` records when it is over comes
    /// before the GIL is taken back, as the moment the wait ended.
    template <typename Wait>
    void waitOffCore(EventKind begin, uint64_t arg, uint32_t arg2, Wait &&wait)
    {
        m_hooks.beforeBlocking(*this);
        m_log.record(begin, arg, arg2);
        m_capture.pause();
        std::forward<Wait>(wait)();
        m_capture.resume();
        m_hooks.afterBlocking(*this);
    }

    /// Blocks in select() for `ns` nanoseconds, or until the run is cancelled; recorded as I/O of
    /// `kind`. Returns the nanoseconds really waited.
    int64_t wait(int64_t ns, IoKind kind = IoKind::Sleep);

    [[nodiscard]] bool cancelled() const
    {
        return m_control.cancelled.load(std::memory_order_relaxed);
    }
    /// An eventfd that becomes readable when the run is cancelled (-1: none), for waits that
    /// poll several descriptors.
    [[nodiscard]] int cancelFd() const { return m_cancelFd; }
    /// A log for `pid`, a program this thread started, that it writes on the program's behalf;
    /// an error in a worker process, whose logs its parent made.
    [[nodiscard]] Result<EventLog *> addProgramLog(std::string_view name, int pid);
    [[nodiscard]] EventLog &log() { return m_log; }
    [[nodiscard]] RunControl &control() { return m_control; }
    [[nodiscard]] ThreadCapture &capture() { return m_capture; }

    /// Throws RunCancelled if the run has been cancelled.
    void throwIfCancelled() const;

private:
    class BlockingScope
    {
    public:
        BlockingScope(TaskContext &ctx, IoKind kind, uint64_t waitingFor);
        ~BlockingScope();
        BlockingScope(const BlockingScope &) = delete;
        BlockingScope &operator=(const BlockingScope &) = delete;

    private:
        TaskContext &m_ctx;
        IoKind m_kind;
        uint64_t m_waitingFor;
    };

    void attend();
    void poll();

    EventLog &m_log;
    RunControl &m_control;
    ThreadHooks &m_hooks;
    ThreadCapture &m_capture;
    int m_cancelFd;
    Recorder *m_recorder;
    uint64_t m_pollInterval;
    uint64_t m_nextPoll;
};

} // namespace corescope
