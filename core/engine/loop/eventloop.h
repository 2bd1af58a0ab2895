// SPDX-License-Identifier: MIT
#pragma once

#include "engine/loop/looptask.h"

#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <queue>
#include <vector>

namespace corescope {

class LoopExecutor;
class TaskContext;

/// What a suspended task awaits, as its TaskSuspend event says.
enum class AwaitKind : uint8_t {
    Timer,  ///< arg: the deadline, CLOCK_MONOTONIC ns
    Socket, ///< a file descriptor to become readable or writable
    Thread, ///< a job on the loop's executor (run_in_executor, to_thread)
    Yield   ///< nothing: back of the ready queue (asyncio.sleep(0))
};

/// asyncio's event loop on the calling thread: the tasks are C++20 coroutines (LoopTask), each
/// resumed in turn from a FIFO of ready ones; they suspend on timers (one timerfd), sockets
/// (epoll) and executor jobs (an eventfd wakes the loop when one is done). Nothing is simulated:
/// a task that computes without awaiting holds the loop, and every other task waits.
///
/// It records, in its thread's log, each task's submission, each resume and each suspend (with
/// what it awaits), and each finish; a blocking poll is recorded as I/O, which is also when the
/// sockets it reports became known to be ready.
class EventLoop
{
public:
    /// `ctx` is the loop thread's (its GIL hooks apply around polls); `executor` runs the jobs of
    /// inExecutor(), and CPU-bound tasks too when `offload` (run_in_executor). Without one (a
    /// test, a benchmark) a job runs on the loop's thread, holding it.
    EventLoop(TaskContext &ctx, int cancelFd, LoopExecutor *executor, bool offload);
    ~EventLoop();
    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    /// Adds task `task`, ready to start (asyncio.create_task, gather).
    void spawn(uint32_t task, LoopTask coroutine);
    /// Runs the tasks until every one has finished (each reported to `finished`) or the run is
    /// cancelled; rethrows nothing: a cancelled task just stops.
    void run(const std::function<void(uint32_t task, uint64_t result)> &finished);

    [[nodiscard]] TaskContext &context() { return m_ctx; }
    /// Whether CPU-bound tasks go to the executor (offload=1) instead of holding the loop.
    [[nodiscard]] bool offloadsComputation() const { return m_offload; }

    class TimerAwaiter;
    class FdAwaiter;
    class ExecutorAwaiter;
    class YieldAwaiter;
    /// asyncio.sleep(ns).
    [[nodiscard]] TimerAwaiter sleep(int64_t ns);
    /// Until `fd` is readable (or writable).
    [[nodiscard]] FdAwaiter readable(int fd);
    [[nodiscard]] FdAwaiter writable(int fd);
    /// loop.run_in_executor(): `job` runs on an executor thread; its result is the await's.
    [[nodiscard]] ExecutorAwaiter inExecutor(std::function<uint64_t(TaskContext &)> job);
    /// asyncio.sleep(0): to the back of the ready queue.
    [[nodiscard]] YieldAwaiter yield();

private:
    friend class LoopExecutor;
    struct Slot
    {
        LoopTask coroutine;
        uint32_t task;
    };
    struct Timer
    {
        int64_t deadlineNs;
        size_t slot;
        bool operator>(const Timer &other) const { return deadlineNs > other.deadlineNs; }
    };

    /// The running task suspends, awaiting `kind` (`arg`: a timer's deadline).
    size_t suspendCurrent(AwaitKind kind, uint64_t arg);
    void makeReady(size_t slot) { m_ready.push_back(slot); }
    void resume(size_t slot);
    /// Waits for timers, sockets and executor jobs (at once, with `block` false).
    void poll(bool block);
    void armTimer();
    /// From an executor thread: `slot`'s job is done.
    void jobDone(size_t slot);

    TaskContext &m_ctx;
    int m_cancelFd;
    LoopExecutor *m_executor;
    bool m_offload;
    int m_epoll = -1;
    int m_timerFd = -1;
    int m_wakeFd = -1;
    std::vector<Slot> m_slots;
    std::deque<size_t> m_ready;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    size_t m_current = 0;
    size_t m_live = 0;
    size_t m_awaitingEvents = 0; ///< suspended on a timer, a socket or a job: polls are needed
    std::mutex m_doneMutex;
    std::vector<size_t> m_jobsDone; ///< filled by executor threads
    bool m_cancelled = false;
};

class EventLoop::TimerAwaiter
{
public:
    TimerAwaiter(EventLoop &loop, int64_t deadlineNs)
        : m_loop(loop)
        , m_deadline(deadlineNs)
    {
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>);
    void await_resume() const noexcept {}

private:
    EventLoop &m_loop;
    int64_t m_deadline;
};

class EventLoop::FdAwaiter
{
public:
    FdAwaiter(EventLoop &loop, int fd, uint32_t events)
        : m_loop(loop)
        , m_fd(fd)
        , m_events(events)
    {
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>);
    void await_resume();

private:
    EventLoop &m_loop;
    int m_fd;
    uint32_t m_events;
};

class EventLoop::ExecutorAwaiter
{
public:
    ExecutorAwaiter(EventLoop &loop, std::function<uint64_t(TaskContext &)> job)
        : m_loop(loop)
        , m_job(std::move(job))
    {
    }
    bool await_ready() const noexcept { return m_loop.m_executor == nullptr; }
    void await_suspend(std::coroutine_handle<>);
    uint64_t await_resume();

private:
    friend class LoopExecutor;
    EventLoop &m_loop;
    std::function<uint64_t(TaskContext &)> m_job;
    uint64_t m_result = 0;
    std::exception_ptr m_error;
};

class EventLoop::YieldAwaiter
{
public:
    explicit YieldAwaiter(EventLoop &loop)
        : m_loop(loop)
    {
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>);
    void await_resume() const noexcept {}

private:
    EventLoop &m_loop;
};

} // namespace corescope
