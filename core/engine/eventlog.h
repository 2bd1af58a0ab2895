// SPDX-License-Identifier: MIT
#pragma once

#include "engine/clock.h"
#include "engine/event.h"

#include <sched.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace corescope {

/// The fixed header at the start of an event log's memory. Plain data and lock-free atomics only,
/// so that a log may live in memory shared with a child process.
struct EventLogHeader
{
    static constexpr uint32_t kMagic = 0x43534c47; // "CSLG"
    static constexpr uint32_t kLayoutVersion = 1;
    static constexpr size_t kNameSize = 48;

    uint32_t magic = kMagic;
    uint32_t layoutVersion = kLayoutVersion;
    std::atomic<int32_t> pid{0}; ///< set by the owner; a child sets it when it starts
    std::atomic<int32_t> tid{0};
    uint64_t capacity = 0;
    char name[kNameSize] = {};
    std::atomic<uint64_t> published{0}; ///< events [0, published) are complete and readable
    std::atomic<uint64_t> dropped{0};   ///< events lost because the log was full
};
static_assert(std::atomic<uint64_t>::is_always_lock_free, "logs are shared between processes");

/// One thread's append-only event log: a single writer (the thread it belongs to) and any number
/// of readers, who see every event before `size()` even while the run goes on. A full log counts
/// what it drops instead of growing, so recording never allocates.
class EventLog
{
public:
    /// Bytes of memory a log of `capacity` events needs.
    [[nodiscard]] static constexpr size_t bytesFor(uint64_t capacity)
    {
        return sizeof(EventLogHeader) + capacity * sizeof(Event);
    }
    /// Formats a new, empty log in `memory` of `bytes` bytes, owned by thread `tid` of `pid`.
    [[nodiscard]] static EventLog format(void *memory, size_t bytes, int pid, int tid,
                                         std::string_view name);
    /// Opens a log formatted elsewhere (another thread or process); nullopt if the header is not
    /// a log of this layout or claims more events than `bytes` can hold.
    [[nodiscard]] static std::optional<EventLog> open(void *memory, size_t bytes);

    /// Appends an event (writer thread only). Wait-free: one store and one release.
    void append(const Event &event) noexcept
    {
        const uint64_t n = m_header->published.load(std::memory_order_relaxed);
        if (n < m_capacity) [[likely]] {
            m_events[n] = event;
            m_header->published.store(n + 1, std::memory_order_release);
        } else {
            m_header->dropped.fetch_add(1, std::memory_order_relaxed);
        }
    }
    /// Counts events lost before they reached this log (e.g. a kernel ring that overflowed).
    void countDropped(uint64_t events) noexcept
    {
        m_header->dropped.fetch_add(events, std::memory_order_relaxed);
    }
    /// Records an event of `kind` now, on the core the caller runs on.
    void record(EventKind kind, uint64_t arg = 0, uint32_t arg2 = 0, uint8_t flags = 0) noexcept
    {
        append(Event{Clock::now(), arg, arg2, currentCore(), kind, flags});
    }

    /// Events readable now; clamped, because a crashed child may have scribbled on its header.
    [[nodiscard]] uint64_t size() const noexcept
    {
        const uint64_t n = m_header->published.load(std::memory_order_acquire);
        return n < m_capacity ? n : m_capacity;
    }
    [[nodiscard]] const Event &at(uint64_t index) const noexcept { return m_events[index]; }
    [[nodiscard]] uint64_t capacity() const noexcept { return m_capacity; }
    [[nodiscard]] uint64_t dropped() const noexcept
    {
        return m_header->dropped.load(std::memory_order_relaxed);
    }
    [[nodiscard]] int pid() const noexcept { return m_header->pid.load(std::memory_order_acquire); }
    [[nodiscard]] int tid() const noexcept { return m_header->tid.load(std::memory_order_acquire); }
    /// Claims the log for the calling thread of a child process that was handed it.
    void setOwner(int pid, int tid) noexcept
    {
        m_header->tid.store(tid, std::memory_order_release);
        m_header->pid.store(pid, std::memory_order_release);
    }
    [[nodiscard]] std::string_view name() const noexcept;

    /// The core the calling thread runs on right now (a few ns through the vDSO).
    [[nodiscard]] static uint16_t currentCore() noexcept
    {
        const int cpu = sched_getcpu();
        return cpu < 0 ? 0 : uint16_t(cpu);
    }

private:
    explicit EventLog(EventLogHeader *header)
        : m_header(header)
        , m_events(reinterpret_cast<Event *>(header + 1))
        , m_capacity(header->capacity)
    {
    }

    EventLogHeader *m_header;
    Event *m_events;
    uint64_t m_capacity;
};

} // namespace corescope
