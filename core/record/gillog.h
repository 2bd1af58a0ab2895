// SPDX-License-Identifier: MIT
#pragma once

#include "record/gillogformat.h"
#include "result.h"

#include <algorithm>
#include <map>
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

/// A log being written: its header once, then the events written since the last read. The
/// library maps the file shared, so the recorder reads it while the program runs.
class GilLogFollower
{
public:
    /// Opens and checks the log; an error names the file and what is wrong with it.
    [[nodiscard]] static Result<GilLogFollower> open(const std::string &path);
    GilLogFollower(GilLogFollower &&other) noexcept;
    GilLogFollower &operator=(GilLogFollower &&other) noexcept;
    ~GilLogFollower();

    /// Appends the events written since the last call to `out`. A slot still being written
    /// ends what is read (it and those after it come next time): returns false then.
    [[nodiscard]] Result<bool> readNew(std::vector<GilLogFormat::Event> &out);
    /// The log's header as last read, with no events.
    [[nodiscard]] const GilProcessLog &header() const { return m_log; }

private:
    GilLogFollower() = default;
    int m_fd = -1;
    uint64_t m_capacity = 0;
    uint64_t m_read = 0; ///< slots read so far
    GilProcessLog m_log;
};

/// Pairs one process's GIL events, in time order, into waits and holds as they come: a `Sink`
/// is told `waitBegins(tid, t)`, `waited(tid, begin, end)`, `acquires(tid, t)`,
/// `held(tid, begin, end, cutShort)` and `dropRequested(tid, t)`.
class GilPairing
{
public:
    /// `startedNs`: when the log began, the earliest a hold under way when the GIL was found
    /// can be said to have begun.
    explicit GilPairing(int64_t startedNs)
        : m_found(startedNs)
    {
    }
    template <typename Sink>
    void add(const GilLogFormat::Event &e, Sink &sink);
    /// Holds and waits under way: tid → since when.
    [[nodiscard]] const std::map<int32_t, int64_t> &holding() const { return m_holding; }
    [[nodiscard]] const std::map<int32_t, int64_t> &waiting() const { return m_waiting; }

private:
    int64_t m_found;
    std::map<int32_t, int64_t> m_holding;
    std::map<int32_t, int64_t> m_waiting;
};

template <typename Sink>
void GilPairing::add(const GilLogFormat::Event &e, Sink &sink)
{
    using Kind = GilLogFormat::EventKind;
    switch (e.kind) {
    case Kind::Found:
        m_found = e.time;
        break;
    case Kind::WaitBegin:
        m_waiting[e.tid] = e.time;
        sink.waitBegins(e.tid, e.time);
        break;
    case Kind::Acquired:
        if (const auto w = m_waiting.find(e.tid); w != m_waiting.end()) {
            sink.waited(e.tid, w->second, e.time);
            m_waiting.erase(w);
        }
        m_holding.emplace(e.tid, e.time);
        sink.acquires(e.tid, e.time);
        break;
    case Kind::Released:
        if (const auto h = m_holding.find(e.tid); h != m_holding.end()) {
            sink.held(e.tid, h->second, e.time, false);
            m_holding.erase(h);
        } else {
            sink.held(e.tid, std::min(m_found, e.time), e.time, true); // held before it was found
        }
        break;
    case Kind::DropRequest:
        sink.dropRequested(e.tid, e.time);
        break;
    }
}

/// Reads one log; an error names the file and what is wrong with it.
[[nodiscard]] Result<GilProcessLog> readGilLog(const std::string &path);
/// The GIL logs in `folder` (gil-PID.log), by name; an error names the folder.
[[nodiscard]] Result<std::vector<std::string>> gilLogPaths(const std::string &folder);
/// Reads every log in `folder`, ordered by the time each process began.
[[nodiscard]] Result<std::vector<GilProcessLog>> readGilLogs(const std::string &folder);
/// Pairs the events; what is still open at `endNs` ends there, cut short.
[[nodiscard]] GilIntervals gilIntervals(const GilProcessLog &log, int64_t endNs);

} // namespace corescope
