// SPDX-License-Identifier: MIT
#include "analysis/replaysteps.h"

#include <algorithm>

namespace corescope {
namespace {

/// The first i in [0, n) with key(i) > time (n if none), for keys sorted ascending.
template <typename Key>
size_t firstAfter(size_t n, Key key, TimeNs time)
{
    size_t low = 0;
    while (n > 0) {
        const size_t half = n / 2;
        if (key(low + half) <= time) {
            low += half + 1;
            n -= half + 1;
        } else {
            n = half;
        }
    }
    return low;
}

/// The earliest begin or end after `time` of n intervals that do not overlap (so that their
/// ends are sorted as their begins are).
template <typename Begin, typename End>
std::optional<TimeNs> edgeAfter(size_t n, Begin begin, End end, TimeNs time)
{
    std::optional<TimeNs> best;
    if (const size_t b = firstAfter(n, begin, time); b < n)
        best = begin(b);
    if (const size_t e = firstAfter(n, end, time); e < n)
        best = std::min(best.value_or(end(e)), end(e));
    return best;
}

/// The latest begin or end before `time`.
template <typename Begin, typename End>
std::optional<TimeNs> edgeBefore(size_t n, Begin begin, End end, TimeNs time)
{
    std::optional<TimeNs> best;
    if (const size_t b = firstAfter(n, begin, time - 1); b > 0)
        best = begin(b - 1);
    if (const size_t e = firstAfter(n, end, time - 1); e > 0)
        best = std::max(best.value_or(end(e - 1)), end(e - 1));
    return best;
}

template <typename Intervals>
std::optional<TimeNs> edge(const Intervals &c, TimeNs time, bool later)
{
    const auto begin = [&](size_t i) { return c.begin[i]; };
    const auto end = [&](size_t i) { return c.end[i]; };
    return later ? edgeAfter(c.size(), begin, end, time) : edgeBefore(c.size(), begin, end, time);
}

std::optional<TimeNs> nearer(std::optional<TimeNs> a, std::optional<TimeNs> b, bool later)
{
    if (!a || !b)
        return a ? a : b;
    return later ? std::min(*a, *b) : std::max(*a, *b);
}

} // namespace

ReplaySteps::ReplaySteps(const TraceIndex &index)
    : m_index(index)
    , m_trace(index.trace())
{
}

template <typename One>
std::optional<TimeNs> ReplaySteps::nearest(size_t lanes, bool later, One one)
{
    std::optional<TimeNs> best;
    for (size_t lane = 0; lane < lanes; ++lane)
        best = nearer(best, one(uint32_t(lane)), later);
    return best;
}

/// A thread's task spans, through the index's rows of them.
struct ReplaySteps::TaskSpans
{
    std::span<const uint32_t> rows;
    const ThreadSpans &spans;
    std::optional<TimeNs> edge(TimeNs time, bool later) const
    {
        const auto begin = [&](size_t i) { return spans.begin[rows[i]]; };
        const auto end = [&](size_t i) { return spans.end[rows[i]]; };
        return later ? edgeAfter(rows.size(), begin, end, time)
                     : edgeBefore(rows.size(), begin, end, time);
    }
};

std::optional<TimeNs> ReplaySteps::edgeOn(StepLane lane, TimeNs time, bool later) const
{
    if (lane.kind == StepLane::Kind::Core)
        return lane.index < m_trace.coreCount()
                   ? edge(m_trace.slicesOnCore(lane.index), time, later)
                   : std::nullopt;
    if (lane.index >= m_trace.threads().size())
        return std::nullopt;
    return nearer(edge(m_trace.statesOf(lane.index), time, later),
                  taskSpans(lane.index).edge(time, later), later);
}

std::optional<TimeNs> ReplaySteps::edgeOnAny(TimeNs time, bool later) const
{
    const auto onThread = [&](uint32_t t) {
        return edgeOn({StepLane::Kind::Thread, t}, time, later);
    };
    const auto onCore = [&](uint32_t c) { return edgeOn({StepLane::Kind::Core, c}, time, later); };
    return nearer(nearest(m_trace.threads().size(), later, onThread),
                  nearest(m_trace.coreCount(), later, onCore), later);
}

std::optional<TimeNs> ReplaySteps::taskEdge(TimeNs time, bool later) const
{
    return nearest(m_trace.threads().size(), later,
                   [&](uint32_t t) { return taskSpans(t).edge(time, later); });
}

ReplaySteps::TaskSpans ReplaySteps::taskSpans(uint32_t thread) const
{
    return {m_index.spans(thread, SpanKind::Task), m_trace.spansOf(thread)};
}

} // namespace corescope
