// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>

namespace corescope {

class TaskContext;

/// A FIFO of at most `maxsize` values that a run's threads share, like Python's
/// queue.Queue(maxsize): a put into a full queue and a get from an empty one block (off the core,
/// without the GIL) and are recorded as queue waits. Every put and get records the item's number
/// and the depth it left, so that the trace can draw each hand-off and the depth over time. Not
/// for processes: it lives in one process's memory.
class BoundedQueue
{
public:
    static constexpr uint32_t kMaxId = 255;
    static constexpr size_t kMaxSize = 1 << 20; ///< depths fit queueDepth()'s 24 bits

    /// `id` (1 to kMaxId) names it in the trace; `maxsize` is clamped to 1…kMaxSize.
    BoundedQueue(uint32_t id, size_t maxsize);
    BoundedQueue(const BoundedQueue &) = delete;
    BoundedQueue &operator=(const BoundedQueue &) = delete;

    /// Adds `value` once there is room; throws RunCancelled if the run is cancelled meanwhile.
    void put(TaskContext &ctx, uint64_t value);
    /// Takes the oldest value once there is one; throws RunCancelled if the run is cancelled.
    [[nodiscard]] uint64_t get(TaskContext &ctx);

    [[nodiscard]] uint32_t id() const { return m_id; }

private:
    struct Item
    {
        uint32_t number;
        uint64_t value;
    };
    /// Waits on `ready` under `lock` until `canGo`, waking now and then to notice a cancel.
    template <typename CanGo>
    static void waitUntil(TaskContext &ctx, std::unique_lock<std::mutex> &lock,
                          std::condition_variable &ready, const CanGo &canGo);
    void push(TaskContext &ctx, uint64_t value);
    uint64_t pop(TaskContext &ctx);

    const uint32_t m_id;
    const size_t m_maxsize;
    std::mutex m_mutex;
    std::condition_variable m_notFull;
    std::condition_variable m_notEmpty;
    std::deque<Item> m_items;
    uint32_t m_nextNumber = 0;
    int32_t m_lastGetter = 0; ///< tid of the thread whose get made room last
};

} // namespace corescope
