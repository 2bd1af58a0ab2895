// SPDX-License-Identifier: MIT
#pragma once

#include "engine/eventlog.h"
#include "engine/mappedmemory.h"
#include "result.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace corescope {

/// Owns the event logs of one run: one per recorded thread, in this process or in a child.
/// Creating a log takes a lock; recording into one never does.
class Recorder
{
public:
    static constexpr uint64_t kDefaultCapacity = 1u << 20; ///< events per log (24 MiB, lazily)

    explicit Recorder(uint64_t capacityPerLog = kDefaultCapacity);

    /// A new log owned by the calling thread.
    [[nodiscard]] Result<EventLog *> addThreadLog(std::string_view name);
    /// A new log of `pid`, a program the calling thread started, which that thread writes on
    /// the program's behalf (from the kernel's records of it).
    [[nodiscard]] Result<EventLog *> addProgramLog(std::string_view name, int pid);

    /// A log in shared memory, for a child process to write into; `fd` is what to hand over.
    struct SharedLog
    {
        EventLog *log = nullptr;
        int fd = -1;
        size_t bytes = 0;
    };
    [[nodiscard]] Result<SharedLog> addSharedLog(std::string_view name);

    /// Every log so far; safe while the run is going.
    [[nodiscard]] std::vector<const EventLog *> logs() const;
    /// Events lost because a log was full, over all logs.
    [[nodiscard]] uint64_t dropped() const;
    [[nodiscard]] uint64_t capacityPerLog() const { return m_capacity; }

private:
    [[nodiscard]] Result<EventLog *> addLocalLog(std::string_view name, int pid, int tid);

    struct Entry
    {
        MappedMemory memory;
        std::unique_ptr<EventLog> log;
    };

    uint64_t m_capacity;
    mutable std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

/// The kernel's id of the calling thread.
[[nodiscard]] int currentTid();

} // namespace corescope
