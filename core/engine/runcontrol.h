// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
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
    std::atomic<uint8_t> taskDone[kMaxTasks] = {};
    uint64_t results[kMaxTasks] = {};

    /// Takes the next task not yet taken by any worker, or nullopt when none is left.
    [[nodiscard]] std::optional<uint32_t> takeTask() noexcept
    {
        if (cancelled.load(std::memory_order_relaxed))
            return std::nullopt;
        const uint32_t task = nextTask.fetch_add(1, std::memory_order_relaxed);
        if (task >= taskCount)
            return std::nullopt;
        return task;
    }
    void postResult(uint32_t task, uint64_t result) noexcept
    {
        results[task] = result;
        taskDone[task].store(1, std::memory_order_release);
    }
    [[nodiscard]] bool isDone(uint32_t task) const noexcept
    {
        return taskDone[task].load(std::memory_order_acquire) != 0;
    }
    void cancel() noexcept { cancelled.store(true, std::memory_order_release); }
};
static_assert(std::atomic<uint32_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "RunControl is shared between processes");

} // namespace corescope
