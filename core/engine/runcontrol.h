// SPDX-License-Identifier: MIT
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <ctime>
#include <optional>

namespace corescope {

/// The state every worker of a run shares: the task queue, the results, and the flags that make
/// workers look up from their work. Plain data and lock-free atomics only, so that it can live in
/// memory shared with child processes.
struct RunControl
{
    static constexpr uint32_t kMaxTasks = 4096;

    std::atomic<bool> cancelled{false};
    /// Set when the GIL's holder must look up at its next checkpoint (a drop request).
    std::atomic<bool> attention{false};
    std::atomic<uint32_t> nextTask{0};
    uint32_t taskCount = 0;
    /// Tasks a worker takes at once (a process pool's chunksize).
    uint32_t chunkSize = 1;
    /// Pool workers stay, idle, once no task is left, until every task is done (the pool is
    /// shut down when all results are in), as an executor's threads wait on its queue.
    bool lingerUntilDone = false;
    /// Tasks finished; a futex word, shared between processes, that lingering workers wait on.
    std::atomic<uint32_t> tasksFinished{0};
    /// Set when some tasks can never finish (a pool's worker died): lingering workers leave.
    std::atomic<bool> lingeringReleased{false};
    std::atomic<uint8_t> taskDone[kMaxTasks] = {};
    uint64_t results[kMaxTasks] = {};

    /// Tasks [first, end) that a worker takes at once from the shared queue.
    struct Chunk
    {
        uint32_t first;
        uint32_t end;
    };

    /// Takes the next chunkSize tasks not yet taken by any worker (fewer at the end), or nullopt
    /// when none is left.
    [[nodiscard]] std::optional<Chunk> takeTasks() noexcept
    {
        if (cancelled.load(std::memory_order_relaxed))
            return std::nullopt;
        const uint32_t size = chunkSize == 0 ? 1 : chunkSize;
        const uint32_t first = nextTask.fetch_add(size, std::memory_order_relaxed);
        if (first >= taskCount)
            return std::nullopt;
        return Chunk{first, first + size < taskCount ? first + size : taskCount};
    }
    void postResult(uint32_t task, uint64_t result) noexcept
    {
        results[task] = result;
        taskDone[task].store(1, std::memory_order_release);
        if (tasksFinished.fetch_add(1, std::memory_order_acq_rel) + 1 >= taskCount)
            wakeLingeringWorkers();
    }
    /// Blocks until every task is done or the run is cancelled (in any process that maps this).
    void waitUntilAllDone() noexcept
    {
        // The timeout only bounds a cancel that raced with the check; the wake-ups do the work.
        const timespec timeout{0, 50'000'000};
        for (uint32_t seen = tasksFinished.load(std::memory_order_acquire);
             seen < taskCount && !cancelled.load(std::memory_order_acquire)
             && !lingeringReleased.load(std::memory_order_acquire);
             seen = tasksFinished.load(std::memory_order_acquire))
            ::syscall(SYS_futex, &tasksFinished, FUTEX_WAIT, seen, &timeout, nullptr, 0);
    }
    [[nodiscard]] bool isDone(uint32_t task) const noexcept
    {
        return taskDone[task].load(std::memory_order_acquire) != 0;
    }
    void releaseLingeringWorkers() noexcept
    {
        lingeringReleased.store(true, std::memory_order_release);
        wakeLingeringWorkers();
    }
    void cancel() noexcept
    {
        cancelled.store(true, std::memory_order_release);
        wakeLingeringWorkers();
    }

private:
    void wakeLingeringWorkers() noexcept
    {
        ::syscall(SYS_futex, &tasksFinished, FUTEX_WAKE, INT32_MAX, nullptr, nullptr, 0);
    }
};
static_assert(std::atomic<uint32_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "RunControl is shared between processes");

} // namespace corescope
