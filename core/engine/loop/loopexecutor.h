// SPDX-License-Identifier: MIT
#pragma once

#include "engine/loop/eventloop.h"
#include "result.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace corescope {

struct RunSetup;
class ThreadHooks;

/// The event loop's thread pool (asyncio's default executor): threads that run the jobs tasks
/// hand over with EventLoop::inExecutor(), one at a time each, idle while there is none. Each job
/// is recorded as its task's span on the thread that ran it; under a GIL a thread holds the lock
/// while it runs a job, as CPython's executor threads do.
class LoopExecutor
{
public:
    LoopExecutor(RunSetup &setup, uint32_t threads, ThreadHooks &hooks);
    /// Lets the threads finish the jobs handed over, and joins them; before the loop whose tasks
    /// handed them goes, since a job's awaiter lives in its task.
    void join();
    ~LoopExecutor() { join(); }
    LoopExecutor(const LoopExecutor &) = delete;
    LoopExecutor &operator=(const LoopExecutor &) = delete;

    void submit(EventLoop &loop, size_t slot, uint32_t task, EventLoop::ExecutorAwaiter &job);
    /// What went wrong starting a thread, if anything.
    [[nodiscard]] Status status() const;

private:
    struct Job
    {
        EventLoop *loop;
        size_t slot;
        uint32_t task;
        EventLoop::ExecutorAwaiter *awaiter;
    };
    void work(const std::string &name);

    RunSetup &m_setup;
    ThreadHooks &m_hooks;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::string m_failure;
    std::vector<std::thread> m_threads;
};

} // namespace corescope
