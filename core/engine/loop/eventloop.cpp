// SPDX-License-Identifier: MIT
#include "engine/loop/eventloop.h"

#include "engine/clock.h"
#include "engine/loop/loopexecutor.h"
#include "engine/taskcontext.h"
#include "engine/workload.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace corescope {
namespace {

// epoll data of the loop's own descriptors; a socket's is its task's slot.
constexpr uint64_t kTimerTag = UINT64_MAX;
constexpr uint64_t kWakeTag = UINT64_MAX - 1;
constexpr uint64_t kCancelTag = UINT64_MAX - 2;

/// TaskSuspend's arg2: the task and, in the top byte, what it awaits.
uint32_t suspendArg(uint32_t task, AwaitKind kind)
{
    return (task & 0xFF'FFFF) | uint32_t(kind) << 24;
}

void watch(int epoll, int fd, uint32_t events, uint64_t data)
{
    epoll_event event{};
    event.events = events;
    event.data.u64 = data;
    if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0)
        throw std::system_error(errno, std::generic_category(), "epoll_ctl");
}

} // namespace

EventLoop::EventLoop(TaskContext &ctx, int cancelFd, LoopExecutor *executor, bool offload)
    : m_ctx(ctx)
    , m_cancelFd(cancelFd)
    , m_executor(executor)
    , m_offload(offload)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_timerFd(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK))
    , m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_timerFd < 0 || m_wakeFd < 0)
        throw std::system_error(errno, std::generic_category(), "event loop");
    watch(m_epoll, m_timerFd, EPOLLIN, kTimerTag);
    watch(m_epoll, m_wakeFd, EPOLLIN, kWakeTag);
    if (m_cancelFd >= 0)
        watch(m_epoll, m_cancelFd, EPOLLIN, kCancelTag);
}

EventLoop::~EventLoop()
{
    for (int fd : {m_epoll, m_timerFd, m_wakeFd}) {
        if (fd >= 0)
            ::close(fd);
    }
}

void EventLoop::spawn(uint32_t task, LoopTask coroutine)
{
    m_ctx.log().record(EventKind::TaskSubmit, 0, task);
    m_slots.push_back({std::move(coroutine), task});
    ++m_live;
    makeReady(m_slots.size() - 1);
}

void EventLoop::run(const std::function<void(uint32_t, uint64_t)> &finished)
{
    while (m_live > 0 && !m_cancelled && !m_ctx.cancelled()) {
        // One pass over what is ready now; what becomes ready meanwhile waits for the next, as
        // in asyncio.
        for (size_t n = m_ready.size(); n > 0 && !m_cancelled; --n) {
            const size_t slot = m_ready.front();
            m_ready.pop_front();
            resume(slot);
            const LoopTask::Handle handle = m_slots[slot].coroutine.handle();
            if (!handle.done())
                continue;
            --m_live;
            if (handle.promise().error) {
                m_cancelled = true; // a task stops only on a cancel (RunCancelled)
                break;
            }
            const uint32_t task = m_slots[slot].task;
            m_ctx.log().record(EventKind::TaskEnd, handle.promise().result, task);
            finished(task, handle.promise().result);
        }
        if (m_live > 0 && !m_cancelled && (m_ready.empty() || m_awaitingEvents > 0))
            poll(m_ready.empty());
    }
}

void EventLoop::resume(size_t slot)
{
    m_current = slot;
    m_ctx.log().record(EventKind::TaskResume, 0, m_slots[slot].task);
    m_slots[slot].coroutine.handle().resume();
}

size_t EventLoop::suspendCurrent(AwaitKind kind, uint64_t arg)
{
    m_ctx.log().record(EventKind::TaskSuspend, arg, suspendArg(m_slots[m_current].task, kind));
    return m_current;
}

void EventLoop::armTimer()
{
    itimerspec spec{};
    if (!m_timers.empty()) {
        const int64_t deadline = std::max<int64_t>(m_timers.top().deadlineNs, 1);
        spec.it_value = {time_t(deadline / 1'000'000'000), long(deadline % 1'000'000'000)};
    }
    ::timerfd_settime(m_timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void EventLoop::poll(bool block)
{
    armTimer();
    std::array<epoll_event, 64> events;
    int n = 0;
    // A blocking poll is the loop's idle time, recorded as I/O and without the GIL; its end is
    // when the sockets it reports are known to be ready.
    if (block)
        n = m_ctx.blocking(IoKind::Other, [&] {
            return ::epoll_wait(m_epoll, events.data(), int(events.size()), -1);
        });
    else
        n = ::epoll_wait(m_epoll, events.data(), int(events.size()), 0);
    for (int i = 0; i < n; ++i) {
        const uint64_t data = events[size_t(i)].data.u64;
        if (data == kCancelTag) {
            m_cancelled = true;
        } else if (data == kWakeTag) {
            uint64_t count = 0;
            // Resets the eventfd; EAGAIN (already reset) needs nothing done.
            while (::read(m_wakeFd, &count, sizeof count) < 0 && errno == EINTR) {}
            std::lock_guard lock(m_doneMutex);
            for (size_t slot : m_jobsDone) {
                --m_awaitingEvents;
                makeReady(slot);
            }
            m_jobsDone.clear();
        } else if (data != kTimerTag) {
            --m_awaitingEvents;
            makeReady(size_t(data));
        }
    }
    // Timers that are due, in deadline order, whatever woke the poll.
    uint64_t expirations = 0;
    while (::read(m_timerFd, &expirations, sizeof expirations) < 0 && errno == EINTR) {}
    for (const int64_t now = monotonicNs();
         !m_timers.empty() && m_timers.top().deadlineNs <= now;) {
        --m_awaitingEvents;
        makeReady(m_timers.top().slot);
        m_timers.pop();
    }
}

void EventLoop::jobDone(size_t slot)
{
    {
        std::lock_guard lock(m_doneMutex);
        m_jobsDone.push_back(slot);
    }
    const uint64_t one = 1;
    while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) {}
}

EventLoop::TimerAwaiter EventLoop::sleep(int64_t ns)
{
    return {*this, monotonicNs() + std::max<int64_t>(ns, 0)};
}

EventLoop::FdAwaiter EventLoop::readable(int fd)
{
    return {*this, fd, EPOLLIN};
}

EventLoop::FdAwaiter EventLoop::writable(int fd)
{
    return {*this, fd, EPOLLOUT};
}

EventLoop::ExecutorAwaiter EventLoop::inExecutor(std::function<uint64_t(TaskContext &)> job)
{
    return {*this, std::move(job)};
}

EventLoop::YieldAwaiter EventLoop::yield()
{
    return YieldAwaiter(*this);
}

void EventLoop::TimerAwaiter::await_suspend(std::coroutine_handle<>)
{
    const size_t slot = m_loop.suspendCurrent(AwaitKind::Timer, uint64_t(m_deadline));
    ++m_loop.m_awaitingEvents;
    m_loop.m_timers.push({m_deadline, slot});
}

void EventLoop::FdAwaiter::await_suspend(std::coroutine_handle<>)
{
    const size_t slot = m_loop.suspendCurrent(AwaitKind::Socket, uint64_t(m_fd));
    ++m_loop.m_awaitingEvents;
    watch(m_loop.m_epoll, m_fd, m_events | EPOLLONESHOT, slot);
}

void EventLoop::FdAwaiter::await_resume()
{
    ::epoll_ctl(m_loop.m_epoll, EPOLL_CTL_DEL, m_fd, nullptr);
}

void EventLoop::ExecutorAwaiter::await_suspend(std::coroutine_handle<>)
{
    const size_t slot = m_loop.suspendCurrent(AwaitKind::Thread, 0);
    ++m_loop.m_awaitingEvents;
    m_loop.m_executor->submit(m_loop, slot, m_loop.m_slots[slot].task, *this);
}

uint64_t EventLoop::ExecutorAwaiter::await_resume()
{
    if (!m_loop.m_executor)
        return m_job(m_loop.m_ctx);
    if (m_error)
        std::rethrow_exception(m_error);
    return m_result;
}

void EventLoop::YieldAwaiter::await_suspend(std::coroutine_handle<>)
{
    m_loop.makeReady(m_loop.suspendCurrent(AwaitKind::Yield, 0));
}

// The default for workloads without awaits of their own: a CPU-bound task computes on the loop,
// holding it (the classic mistake), or in the executor when the run offloads computation.
LoopTask PreparedWorkload::runOnLoop(EventLoop &loop, uint32_t task)
{
    if (loop.offloadsComputation())
        co_return co_await loop.inExecutor(
            [this, task](TaskContext &ctx) { return runTask(ctx, task); });
    co_return runTask(loop.context(), task);
}

} // namespace corescope
