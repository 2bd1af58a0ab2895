// SPDX-License-Identifier: MIT
#include "engine/recorder.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <string>

namespace corescope {

int currentTid()
{
    return int(syscall(SYS_gettid));
}

Recorder::Recorder(uint64_t capacityPerLog)
    : m_capacity(capacityPerLog)
{
}

Result<EventLog *> Recorder::addThreadLog(std::string_view name)
{
    return addLocalLog(name, getpid(), currentTid());
}

Result<EventLog *> Recorder::addProgramLog(std::string_view name, int pid)
{
    return addLocalLog(name, pid, pid);
}

Result<EventLog *> Recorder::addLocalLog(std::string_view name, int pid, int tid)
{
    auto memory = MappedMemory::anonymous(EventLog::bytesFor(m_capacity));
    if (!memory)
        return Error{"event log for '" + std::string(name) + "': " + memory.error()};
    auto log = std::make_unique<EventLog>(
        EventLog::format(memory.value().data(), memory.value().size(), pid, tid, name));
    std::lock_guard lock(m_mutex);
    m_entries.push_back({std::move(memory).value(), std::move(log)});
    return m_entries.back().log.get();
}

Result<Recorder::SharedLog> Recorder::addSharedLog(std::string_view name)
{
    const size_t bytes = EventLog::bytesFor(m_capacity);
    auto memory = MappedMemory::shared("corescope-log", bytes);
    if (!memory)
        return Error{"event log for '" + std::string(name) + "': " + memory.error()};
    // The child fills in its own pid and tid when it starts; until then the log is empty.
    auto log =
        std::make_unique<EventLog>(EventLog::format(memory.value().data(), bytes, 0, 0, name));
    std::lock_guard lock(m_mutex);
    m_entries.push_back({std::move(memory).value(), std::move(log)});
    return SharedLog{m_entries.back().log.get(), m_entries.back().memory.fd(), bytes};
}

std::vector<const EventLog *> Recorder::logs() const
{
    std::lock_guard lock(m_mutex);
    std::vector<const EventLog *> result;
    result.reserve(m_entries.size());
    for (const auto &entry : m_entries)
        result.push_back(entry.log.get());
    return result;
}

uint64_t Recorder::dropped() const
{
    uint64_t total = 0;
    for (const EventLog *log : logs())
        total += log->dropped();
    return total;
}

} // namespace corescope
