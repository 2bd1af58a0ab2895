// SPDX-License-Identifier: MIT
#include "engine/eventlog.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace corescope {

EventLog EventLog::format(void *memory, size_t bytes, int pid, int tid, std::string_view name)
{
    auto *header = new (memory) EventLogHeader;
    header->pid.store(pid);
    header->tid.store(tid);
    header->capacity = bytes < sizeof(EventLogHeader)
                           ? 0
                           : (bytes - sizeof(EventLogHeader)) / sizeof(Event);
    const size_t length = std::min(name.size(), EventLogHeader::kNameSize - 1);
    std::memcpy(header->name, name.data(), length);
    return EventLog(header);
}

std::optional<EventLog> EventLog::open(void *memory, size_t bytes)
{
    if (bytes < sizeof(EventLogHeader))
        return std::nullopt;
    auto *header = static_cast<EventLogHeader *>(memory);
    if (header->magic != EventLogHeader::kMagic
        || header->layoutVersion != EventLogHeader::kLayoutVersion
        || header->capacity > (bytes - sizeof(EventLogHeader)) / sizeof(Event))
        return std::nullopt;
    return EventLog(header);
}

std::string_view EventLog::name() const noexcept
{
    return {m_header->name, strnlen(m_header->name, EventLogHeader::kNameSize)};
}

} // namespace corescope
