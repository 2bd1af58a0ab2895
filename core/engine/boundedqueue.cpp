// SPDX-License-Identifier: MIT
#include "engine/boundedqueue.h"

#include "engine/taskcontext.h"

#include <algorithm>
#include <chrono>

namespace corescope {
namespace {

/// How often a blocked put or get looks up to see whether the run was cancelled.
constexpr auto kCancelPoll = std::chrono::milliseconds(20);

enum QueueOp : uint32_t {
    kPut = 0,
    kGet = 1
};

} // namespace

BoundedQueue::BoundedQueue(uint32_t id, size_t maxsize)
    : m_id(std::min(id, kMaxId))
    , m_maxsize(std::clamp<size_t>(maxsize, 1, kMaxSize))
{
}

template <typename CanGo>
void BoundedQueue::waitUntil(TaskContext &ctx, std::unique_lock<std::mutex> &lock,
                             std::condition_variable &ready, const CanGo &canGo)
{
    while (!canGo() && !ctx.cancelled())
        ready.wait_for(lock, kCancelPoll);
}

void BoundedQueue::put(TaskContext &ctx, uint64_t value)
{
    std::unique_lock lock(m_mutex);
    const auto hasRoom = [this] { return m_items.size() < m_maxsize; };
    if (hasRoom()) {
        push(ctx, value);
        return;
    }
    lock.unlock(); // the GIL is given up before blocking, never while holding the queue
    ctx.waitOffCore(EventKind::QueueWait, m_id, kPut, [&] {
        lock.lock();
        waitUntil(ctx, lock, m_notFull, hasRoom);
        if (!ctx.cancelled())
            push(ctx, value);
        lock.unlock();
    });
    ctx.throwIfCancelled();
}

uint64_t BoundedQueue::get(TaskContext &ctx)
{
    std::unique_lock lock(m_mutex);
    const auto hasItem = [this] { return !m_items.empty(); };
    if (hasItem())
        return pop(ctx);
    lock.unlock();
    uint64_t value = 0;
    ctx.waitOffCore(EventKind::QueueWait, m_id, kGet, [&] {
        lock.lock();
        waitUntil(ctx, lock, m_notEmpty, hasItem);
        if (!ctx.cancelled())
            value = pop(ctx);
        lock.unlock();
    });
    ctx.throwIfCancelled();
    return value;
}

// Both run under the queue's mutex, so that the depths recorded follow one order.
void BoundedQueue::push(TaskContext &ctx, uint64_t value)
{
    const uint32_t number = m_nextNumber++;
    m_items.push_back({number, value});
    ctx.log().record(EventKind::QueuePut, uint64_t(number) | uint64_t(uint32_t(m_lastGetter)) << 32,
                     queueDepth(m_id, uint32_t(m_items.size())));
    m_notEmpty.notify_one();
}

uint64_t BoundedQueue::pop(TaskContext &ctx)
{
    const Item item = m_items.front();
    m_items.pop_front();
    m_lastGetter = ctx.log().tid();
    ctx.log().record(EventKind::QueueGet, item.number, queueDepth(m_id, uint32_t(m_items.size())));
    m_notFull.notify_one();
    return item.value;
}

} // namespace corescope
