// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/traceindex.h"

#include <array>
#include <string>
#include <vector>

namespace corescope {

/// A stretch of the critical path: one lane in one state.
struct PathSegment
{
    uint32_t thread = 0;
    TimeNs begin = 0;
    TimeNs end = 0;
    ThreadState state = ThreadState::Running;
    friend bool operator==(const PathSegment &, const PathSegment &) = default;
};

/// The chain of running and waiting intervals that decided a run's wall time, found backwards
/// from the end of its last task: along a lane while it ran or waited for something no thread
/// of the run held (a core, I/O, a timer), and across to the thread that ended a wait (released
/// the GIL or the lock, put the item, exited, resumed the task) where the trace says who did.
/// Before a lane began, the path goes on in the run's main thread, which started it.
class CriticalPath
{
public:
    [[nodiscard]] static CriticalPath of(const TraceIndex &index);

    /// In time order; each begins where the one before it ends.
    [[nodiscard]] const std::vector<PathSegment> &segments() const { return m_segments; }
    [[nodiscard]] TimeNs begin() const { return m_segments.empty() ? 0 : m_segments.front().begin; }
    [[nodiscard]] TimeNs end() const { return m_segments.empty() ? 0 : m_segments.back().end; }
    [[nodiscard]] TimeNs length() const { return end() - begin(); }
    /// Time on the path in each state (computing, waiting for a core, the GIL, a lock, I/O…).
    [[nodiscard]] TimeNs timeIn(ThreadState state) const { return m_byState[size_t(state)]; }
    /// What no added core could shorten: all of it but its waits for a core.
    [[nodiscard]] TimeNs unshortenable() const;

private:
    std::vector<PathSegment> m_segments;
    std::array<TimeNs, size_t(ThreadState::Count)> m_byState{};
};

/// The run's serial fraction read off its trace, as Amdahl's law means it: the share of its
/// threads' CPU time during which at most one thread of the run could make progress on a core
/// (running or runnable; under a GIL, its holder and threads running without it, in native
/// code), so that no added core could have run
/// anything beside it. A GIL makes it near 1, independent threads near 0. Task lanes are not
/// threads and are left out.
struct SerialShare
{
    TimeNs cpu = 0;    ///< the run's threads' time on cores
    TimeNs serial = 0; ///< of it, alone
    [[nodiscard]] double fraction() const { return cpu > 0 ? double(serial) / double(cpu) : 0; }
    [[nodiscard]] static SerialShare of(const Trace &trace);
};

/// The path and the serial fraction in plain words, a line each: its extent, its time in each
/// state with its share, what no added core could shorten, the serial fraction (or why it is
/// not known). The CLI's `why --path` and the Why? panel print it.
[[nodiscard]] std::string describe(const CriticalPath &path, const SerialShare &serial);

} // namespace corescope
