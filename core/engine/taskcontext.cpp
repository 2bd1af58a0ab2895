// SPDX-License-Identifier: MIT
#include "engine/taskcontext.h"

#include "engine/recorder.h"

#include <sys/select.h>

#include <algorithm>

namespace corescope {

TaskContext::TaskContext(EventLog &log, RunControl &control, ThreadHooks &hooks,
                         ThreadCapture &capture, int cancelFd, Recorder *recorder)
    : m_log(log)
    , m_control(control)
    , m_hooks(hooks)
    , m_capture(capture)
    , m_cancelFd(cancelFd)
    , m_recorder(recorder)
    , m_pollInterval(std::max<uint64_t>(
          1, uint64_t(double(capture.pollIntervalNs()) / Clock::calibration().nsPerTick)))
    , m_nextPoll(Clock::now() + m_pollInterval)
{
}

void TaskContext::throwIfCancelled() const
{
    if (cancelled())
        throw RunCancelled{};
}

Result<EventLog *> TaskContext::addProgramLog(std::string_view name, int pid)
{
    if (!m_recorder)
        return Error{"a worker process cannot record the programs its tasks start"};
    return m_recorder->addProgramLog(name, pid);
}

void TaskContext::attend()
{
    throwIfCancelled();
    m_hooks.attend(*this);
}

void TaskContext::poll()
{
    m_capture.poll();
    m_nextPoll = Clock::now() + m_pollInterval;
}

int64_t TaskContext::wait(int64_t ns, IoKind kind)
{
    const int64_t start = monotonicNs();
    blocking(kind, [&] {
        // select() with a timeout is the course's "slow system call"; the cancel fd ends it early.
        // A readable fd counts only together with the cancel flag: anything else must not make
        // a wait silently shorter than asked.
        int cancelFd = m_cancelFd;
        for (int64_t left = ns; left > 0 && !cancelled(); left = ns - (monotonicNs() - start)) {
            fd_set readable;
            FD_ZERO(&readable);
            if (cancelFd >= 0)
                FD_SET(cancelFd, &readable);
            timeval timeout{time_t(left / 1'000'000'000), suseconds_t(left % 1'000'000'000 / 1000)};
            if (select(cancelFd + 1, &readable, nullptr, nullptr, &timeout) > 0 && !cancelled())
                cancelFd = -1;
        }
    });
    throwIfCancelled();
    return monotonicNs() - start;
}

TaskContext::BlockingScope::BlockingScope(TaskContext &ctx, IoKind kind, uint64_t waitingFor)
    : m_ctx(ctx)
    , m_kind(kind)
    , m_waitingFor(waitingFor)
{
    m_ctx.m_hooks.beforeBlocking(m_ctx);
    m_ctx.m_log.record(EventKind::IoBegin, waitingFor, uint32_t(kind));
    m_ctx.m_capture.pause();
}

TaskContext::BlockingScope::~BlockingScope()
{
    m_ctx.m_capture.resume();
    m_ctx.m_log.record(EventKind::IoEnd, m_waitingFor, uint32_t(m_kind));
    m_ctx.m_hooks.afterBlocking(m_ctx);
}

} // namespace corescope
