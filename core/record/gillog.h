// SPDX-License-Identifier: MIT
#pragma once

#include "record/gillogformat.h"
#include "result.h"

#include <string>
#include <vector>

namespace corescope {

/// What the GIL library wrote for one process of a recorded program.
struct GilProcessLog
{
    std::string path;
    int32_t pid = 0;
    uint32_t pythonVersion = 0; ///< Py_Version, 0 when unknown
    GilLogFormat::Discovery discovery = GilLogFormat::Discovery::NotPython;
    bool layoutKnown = false; ///< the library knows this version's layout (kLayoutKnown)
    int64_t startedNs = 0;
    uint64_t dropped = 0; ///< events that did not fit
    std::vector<GilLogFormat::Event> events;
};

/// One thread's hold of the GIL, or its wait for it.
struct GilInterval
{
    int32_t tid = 0;
    int64_t begin = 0;
    int64_t end = 0;
    /// A hold under way when the GIL was found, or one not ended by the end of the log: the
    /// edge is where the log's knowledge begins or ends, not the event itself.
    bool cutShort = false;
};

/// The holds and waits a process's events describe, in time order.
struct GilIntervals
{
    std::vector<GilInterval> holds;
    std::vector<GilInterval> waits;
    std::vector<GilInterval> dropRequests; ///< begin == end: the instant
};

/// Reads one log; an error names the file and what is wrong with it.
[[nodiscard]] Result<GilProcessLog> readGilLog(const std::string &path);
/// Reads every log in `folder`, ordered by the time each process began.
[[nodiscard]] Result<std::vector<GilProcessLog>> readGilLogs(const std::string &folder);
/// Pairs the events; what is still open at `endNs` ends there, cut short.
[[nodiscard]] GilIntervals gilIntervals(const GilProcessLog &log, int64_t endNs);

} // namespace corescope
