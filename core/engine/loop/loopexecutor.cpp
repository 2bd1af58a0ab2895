// SPDX-License-Identifier: MIT
#include "engine/loop/loopexecutor.h"

#include "engine/capture/cpuclockcapture.h"
#include "engine/executionmodel.h"
#include "engine/recorder.h"
#include "engine/taskcontext.h"

#include <pthread.h>

namespace corescope {

LoopExecutor::LoopExecutor(RunSetup &setup, uint32_t threads, ThreadHooks &hooks)
    : m_setup(setup)
    , m_hooks(hooks)
{
    for (uint32_t i = 0; i < threads; ++i)
        m_threads.emplace_back([this, name = "executor-" + std::to_string(i + 1)] { work(name); });
}

void LoopExecutor::join()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
}

void LoopExecutor::submit(EventLoop &loop, size_t slot, uint32_t task,
                          EventLoop::ExecutorAwaiter &job)
{
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back({&loop, slot, task, &job});
    }
    m_wake.notify_one();
}

Status LoopExecutor::status() const
{
    if (!m_failure.empty())
        return Error{m_failure};
    return {};
}

void LoopExecutor::work(const std::string &name)
{
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
    auto log = m_setup.recorder.addThreadLog(name);
    if (!log) {
        std::lock_guard lock(m_mutex);
        m_failure = log.error();
        return;
    }
    EventLog &events = *log.value();
    events.record(EventKind::ThreadBegin);
    auto capture = m_setup.capture.startThread(events);
    TaskContext ctx(events, m_setup.control, m_hooks, *capture, m_setup.cancelFd,
                    &m_setup.recorder);
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_jobs.empty() && !m_stopping) {
            events.record(EventKind::Idle, 0, 0); // waiting for work, as a queue get does
            capture->pause();
            m_wake.wait(lock, [this] { return !m_jobs.empty() || m_stopping; });
            capture->resume();
            events.record(EventKind::Idle, 0, 1);
        }
        if (m_jobs.empty())
            break;
        const Job job = m_jobs.front();
        m_jobs.pop_front();
        lock.unlock();
        events.record(EventKind::TaskBegin, 0, job.task);
        uint64_t result = 0;
        try {
            m_hooks.threadStarted(ctx); // under a GIL: take it for the job
            result = job.awaiter->m_job(ctx);
        } catch (const RunCancelled &) {
            job.awaiter->m_error = std::current_exception();
        }
        m_hooks.threadFinishing(ctx);
        events.record(EventKind::TaskEnd, result, job.task);
        job.awaiter->m_result = result;
        job.loop->jobDone(job.slot);
        lock.lock();
    }
    lock.unlock();
    capture->finish();
    events.record(EventKind::ThreadEnd, uint64_t(threadCpuNs()));
}

} // namespace corescope
