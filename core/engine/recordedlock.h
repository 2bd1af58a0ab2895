// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

namespace corescope {

class TaskContext;

/// A mutex that workload code shares between its tasks, recording each wait for it, each
/// acquisition (with the thread it passed from, for hand-off arrows) and each release. A thread
/// that must wait gives up the GIL meanwhile, as CPython's Lock.acquire() does, and is off its
/// core. Not for processes: it lives in one process's memory.
class RecordedLock
{
public:
    explicit RecordedLock(uint32_t id)
        : m_id(id)
    {
    }
    RecordedLock(const RecordedLock &) = delete;
    RecordedLock &operator=(const RecordedLock &) = delete;

    void lock(TaskContext &ctx);
    void unlock(TaskContext &ctx);

private:
    std::mutex m_mutex;
    std::atomic<int32_t> m_lastHolder{0}; ///< tid of the thread that released it last
    uint32_t m_id;
};

/// Holds a RecordedLock for a scope; unlocks on the way out, cancellation included.
class RecordedLockGuard
{
public:
    RecordedLockGuard(RecordedLock &lock, TaskContext &ctx)
        : m_lock(lock)
        , m_ctx(ctx)
    {
        m_lock.lock(m_ctx);
    }
    ~RecordedLockGuard() { m_lock.unlock(m_ctx); }
    RecordedLockGuard(const RecordedLockGuard &) = delete;
    RecordedLockGuard &operator=(const RecordedLockGuard &) = delete;

private:
    RecordedLock &m_lock;
    TaskContext &m_ctx;
};

} // namespace corescope
