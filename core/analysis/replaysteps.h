// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/traceindex.h"

#include <optional>

namespace corescope {

/// A lane replay can step along: a thread's (or task's) or a core's.
struct StepLane
{
    enum class Kind : uint8_t {
        Thread,
        Core
    };
    Kind kind = Kind::Thread;
    uint32_t index = 0;
    friend bool operator==(const StepLane &, const StepLane &) = default;
};

/// Where replay steps to: the instants at which something changes (a state, a slice or a task
/// begins or ends), on one lane, on any lane, or among tasks only. Each answer is a binary
/// search per lane, so stepping on a ten-million-event trace is as quick as on a small one.
class ReplaySteps
{
public:
    explicit ReplaySteps(const TraceIndex &index);

    /// The first change on `lane` after `time`; none past its last.
    [[nodiscard]] std::optional<TimeNs> next(StepLane lane, TimeNs time) const
    {
        return edgeOn(lane, time, true);
    }
    /// The last change on `lane` before `time`; none before its first.
    [[nodiscard]] std::optional<TimeNs> previous(StepLane lane, TimeNs time) const
    {
        return edgeOn(lane, time, false);
    }
    /// The same over every lane of the run.
    [[nodiscard]] std::optional<TimeNs> next(TimeNs time) const { return edgeOnAny(time, true); }
    [[nodiscard]] std::optional<TimeNs> previous(TimeNs time) const
    {
        return edgeOnAny(time, false);
    }
    /// The next or previous start or end of a task, on any thread.
    [[nodiscard]] std::optional<TimeNs> nextTaskEdge(TimeNs time) const
    {
        return taskEdge(time, true);
    }
    [[nodiscard]] std::optional<TimeNs> previousTaskEdge(TimeNs time) const
    {
        return taskEdge(time, false);
    }

private:
    struct TaskSpans;
    [[nodiscard]] std::optional<TimeNs> edgeOn(StepLane lane, TimeNs time, bool later) const;
    [[nodiscard]] std::optional<TimeNs> edgeOnAny(TimeNs time, bool later) const;
    [[nodiscard]] std::optional<TimeNs> taskEdge(TimeNs time, bool later) const;
    [[nodiscard]] TaskSpans taskSpans(uint32_t thread) const;

    /// Over `lanes` lanes, the nearest answer of `one(lane)`; `later`: the earliest one.
    template <typename One>
    static std::optional<TimeNs> nearest(size_t lanes, bool later, One one);

    const TraceIndex &m_index;
    const Trace &m_trace;
};

} // namespace corescope
