// SPDX-License-Identifier: MIT
#include "engine/event.h"

#include <array>

namespace corescope {

std::string_view eventKindName(EventKind kind)
{
    static constexpr std::array<std::string_view, size_t(EventKind::Count)> kNames = {
        "run-begin",    "run-end",      "thread-begin",     "thread-end",
        "task-begin",   "task-end",     "on-cpu",           "gil-wait",
        "gil-acquire",  "gil-release",  "gil-drop-request", "lock-wait",
        "lock-acquire", "lock-release", "io-begin",         "io-end",
        "child-spawn",  "child-ready",  "child-exit",       "migration",
        "idle",         "main-work",    "queue-wait",       "queue-put",
        "queue-get",    "task-submit",  "task-resume",      "task-suspend"};
    const auto index = size_t(kind);
    return index < kNames.size() ? kNames[index] : std::string_view("unknown");
}

std::string_view ioKindName(IoKind kind)
{
    switch (kind) {
    case IoKind::Sleep:
        return "sleep";
    case IoKind::File:
        return "file";
    case IoKind::Network:
        return "network";
    case IoKind::Child:
        return "child";
    case IoKind::Other:
        break;
    }
    return "other";
}

} // namespace corescope
