// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <array>
#include <optional>
#include <span>
#include <vector>

namespace corescope {

/// The rows of a trace that queries at one instant look for, set apart once in O(events): each
/// thread's tasks, GIL holds and lock holds (its spans of one kind, which do not overlap one
/// another, unlike its spans of all kinds) and the markers of each kind. With them "which task
/// runs at t", "who holds the GIL at t" and "the next task end after t" are binary searches.
/// Holds a pointer to the trace, which must outlive it.
class TraceIndex
{
public:
    explicit TraceIndex(const Trace &trace);

    [[nodiscard]] const Trace &trace() const { return *m_trace; }
    /// Rows of trace().spansOf(thread) of `kind` (Task, GilHold, LockHold), by begin.
    [[nodiscard]] std::span<const uint32_t> spans(uint32_t thread, SpanKind kind) const;
    /// The row of `thread`'s span of `kind` that covers `time` (begin ≤ time < end), if any.
    [[nodiscard]] std::optional<uint32_t> spanAt(uint32_t thread, SpanKind kind, TimeNs time) const;
    /// Rows of trace().markers() of `kind`, by time.
    [[nodiscard]] std::span<const uint32_t> markers(MarkerKind kind) const;

    /// The row of `thread`'s state interval that covers `time`, if any.
    [[nodiscard]] std::optional<uint32_t> stateAt(uint32_t thread, TimeNs time) const;
    /// The row of `thread`'s wait cause that covers `time`, if any.
    [[nodiscard]] std::optional<uint32_t> waitAt(uint32_t thread, TimeNs time) const;
    /// The row of `core`'s slice that covers `time`, if any.
    [[nodiscard]] std::optional<uint32_t> sliceAt(uint32_t core, TimeNs time) const;
    /// The value `counter` holds at `time`, if it has one yet.
    [[nodiscard]] std::optional<double> counterAt(uint32_t counter, TimeNs time) const;

    static constexpr std::array kIndexedSpans = {SpanKind::Task, SpanKind::GilHold,
                                                 SpanKind::LockHold};

private:
    [[nodiscard]] static std::optional<size_t> slot(SpanKind kind);

    const Trace *m_trace;
    /// Per thread, per kIndexedSpans entry.
    std::vector<std::array<std::vector<uint32_t>, kIndexedSpans.size()>> m_spans;
    std::array<std::vector<uint32_t>, size_t(MarkerKind::Count)> m_markers;
};

/// The row of the interval among [begin[i], end[i]) (sorted by begin, not overlapping) that
/// covers `time`, if any: the one binary search every "what is at t" query makes.
template <typename Intervals>
[[nodiscard]] std::optional<uint32_t> intervalAt(const Intervals &intervals, TimeNs time)
{
    const auto after = std::upper_bound(intervals.begin.begin(), intervals.begin.end(), time);
    if (after == intervals.begin.begin())
        return std::nullopt;
    const auto row = size_t(after - intervals.begin.begin()) - 1;
    if (intervals.end[row] <= time)
        return std::nullopt;
    return uint32_t(row);
}

} // namespace corescope
