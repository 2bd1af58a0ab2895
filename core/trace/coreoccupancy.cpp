// SPDX-License-Identifier: MIT
#include "trace/coreoccupancy.h"

#include <algorithm>
#include <cmath>

namespace corescope {
namespace {

using Intervals = std::vector<CoreOccupancy::Interval>;

/// Runs of sorted intervals (run k from ends[k] to ends[k + 1]) merged into sorted, disjoint
/// ones: pairwise, so that each interval moves log(runs) times.
Intervals merged(Intervals intervals, std::vector<size_t> ends)
{
    const auto earlier = [](const auto &a, const auto &b) { return a.begin < b.begin; };
    while (ends.size() > 2) {
        std::vector<size_t> next{0};
        for (size_t k = 0; k + 2 < ends.size(); k += 2) {
            std::inplace_merge(intervals.begin() + ptrdiff_t(ends[k]),
                               intervals.begin() + ptrdiff_t(ends[k + 1]),
                               intervals.begin() + ptrdiff_t(ends[k + 2]), earlier);
            next.push_back(ends[k + 2]);
        }
        if (ends.size() % 2 == 0)
            next.push_back(ends.back());
        ends = std::move(next);
    }
    Intervals out;
    for (const auto &i : intervals) {
        if (!out.empty() && i.begin <= out.back().end)
            out.back().end = std::max(out.back().end, i.end);
        else if (i.end > i.begin)
            out.push_back(i);
    }
    return out;
}

/// The parts of disjoint, sorted `a` that disjoint, sorted `b` also covers.
Intervals intersection(const Intervals &a, const Intervals &b)
{
    Intervals out;
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        const TimeNs begin = std::max(a[i].begin, b[j].begin);
        const TimeNs end = std::min(a[i].end, b[j].end);
        if (end > begin)
            out.push_back({begin, end});
        (a[i].end < b[j].end ? i : j) += 1;
    }
    return out;
}

/// How much of [begin, end) disjoint, sorted `intervals` cover, going on from `from` (an index
/// that only moves forward over successive, increasing windows).
TimeNs coveredIn(const Intervals &intervals, size_t &from, TimeNs begin, TimeNs end)
{
    while (from < intervals.size() && intervals[from].end <= begin)
        ++from;
    TimeNs covered = 0;
    for (size_t k = from; k < intervals.size() && intervals[k].begin < end; ++k)
        covered += std::min(intervals[k].end, end) - std::max(intervals[k].begin, begin);
    return covered;
}

/// Disjoint, sorted `a` without what disjoint, sorted `holes` cover.
Intervals without(const Intervals &a, const Intervals &holes)
{
    Intervals out;
    size_t h = 0;
    for (CoreOccupancy::Interval piece : a) {
        while (h < holes.size() && holes[h].end <= piece.begin)
            ++h;
        for (size_t k = h; k < holes.size() && holes[k].begin < piece.end; ++k) {
            if (holes[k].begin > piece.begin)
                out.push_back({piece.begin, holes[k].begin});
            piece.begin = std::max(piece.begin, holes[k].end);
        }
        if (piece.end > piece.begin)
            out.push_back(piece);
    }
    return out;
}

/// A sample interval refutes its exact intervals when it measured less than this share of them,
/// give or take the slack of a sysfs read's microseconds and the sample's own edges.
constexpr double kAgreement = 0.8;
constexpr TimeNs kSampleSlackNs = 200'000;

TimeNs total(const Intervals &intervals)
{
    TimeNs sum = 0;
    for (const auto &i : intervals)
        sum += i.end - i.begin;
    return sum;
}

} // namespace

CoreOccupancy CoreOccupancy::of(const Trace &trace)
{
    CoreOccupancy out;
    out.m_wall = std::max<TimeNs>(trace.duration(), 0);
    if (trace.metadata().live) {
        out.m_pending = true;
        out.m_cores.resize(trace.coreCount());
        return out;
    }
    const std::vector<uint16_t> &allowed = trace.metadata().allowedCores;
    out.m_inferred = !allowed.empty();

    // When some thread of the run wanted a core and had none.
    // When some thread of the run wanted a core and had none. Only where it can tell: a run
    // that does not know its cores proves nothing, and costs nothing.
    Intervals runnable;
    if (out.m_inferred) {
        // Each thread's in time order, then the threads' merged: no sort of them all.
        std::vector<size_t> ends{0};
        for (size_t t = 0; t < trace.threads().size(); ++t) {
            if (trace.threads()[t].role == ThreadRole::Task)
                continue; // a task lane is no OS thread: its waits are the loop's or a pool's
            const ThreadStates &states = trace.statesOf(t);
            auto state = states.state.begin();
            for (size_t i = 0; i < states.size(); ++i, ++state) {
                if (*state == ThreadState::Runnable)
                    runnable.push_back({std::max<TimeNs>(states.begin[i], 0),
                                        std::min(states.end[i], out.m_wall)});
            }
            if (runnable.size() > ends.back())
                ends.push_back(runnable.size());
        }
        runnable = merged(std::move(runnable), ends);
    }

    out.m_cores.resize(trace.coreCount());
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        Core &core = out.m_cores[c];
        const CoreSlices &slices = trace.slicesOnCore(c);
        const CoreBusySamples &busy = trace.busySamplesOf(c);
        // The builder keeps a core's slices sorted and apart: gaps and sums in one pass, the
        // slices themselves copied only where samples are to be read against them.
        const bool allowedHere =
            out.m_inferred && std::find(allowed.begin(), allowed.end(), c) != allowed.end();
        Intervals ours;
        Intervals free;
        TimeNs at = 0;
        auto ends = slices.end.begin();
        for (auto begins = slices.begin.begin(); begins != slices.begin.end(); ++begins, ++ends) {
            const TimeNs b = std::max<TimeNs>(*begins, at);
            const TimeNs e = std::min(*ends, out.m_wall);
            if (e <= b)
                continue;
            core.ours += e - b;
            if (busy.size() > 0)
                ours.push_back({b, e});
            if (allowedHere && b > at)
                free.push_back({at, b});
            at = e;
        }
        if (allowedHere) {
            if (out.m_wall > at)
                free.push_back({at, out.m_wall});
            core.exactIntervals = intersection(free, runnable);
            core.exact = total(core.exactIntervals);
        }

        // Where the idle accounting was sampled it has the last word. An interval whose busy
        // time cannot hold the exact intervals in it (a runnable thread waited for the kernel to
        // move it to a core that sat idle) keeps none of them: its other programs are what it
        // measured. Elsewhere it adds what the exact intervals leave out.
        size_t oursFrom = 0;
        size_t exactFrom = 0;
        TimeNs sampledSpan = 0;
        Intervals refuted;
        for (size_t i = 0; i < busy.size(); ++i) {
            const TimeNs begin = std::max<TimeNs>(busy.begin[i], 0);
            const TimeNs end = std::min(busy.end[i], out.m_wall);
            if (end <= begin)
                continue;
            const TimeNs span = end - begin;
            // An interval cut at the run's edge keeps its share of the busy time.
            const TimeNs busyNs = TimeNs(std::llround(double(busy.busy[i]) * double(span)
                                                      / double(busy.end[i] - busy.begin[i])));
            const TimeNs mine = coveredIn(ours, oursFrom, begin, end);
            const TimeNs measured = std::max<TimeNs>(busyNs - mine, 0);
            TimeNs known = coveredIn(core.exactIntervals, exactFrom, begin, end);
            if (known > 0 && double(measured + kSampleSlackNs) < kAgreement * double(known)) {
                refuted.push_back({begin, end});
                known = 0;
            }
            const TimeNs gaps = std::max<TimeNs>(span - mine - known, 0);
            const TimeNs shown = std::min(std::max<TimeNs>(measured - known, 0), gaps);
            core.samples.push_back(
                {begin, end, shown, gaps > 0 ? float(double(shown) / double(gaps)) : 0.0f});
            core.sampled += shown;
            sampledSpan += span;
        }
        if (!refuted.empty()) {
            core.exactIntervals = without(core.exactIntervals, refuted);
            core.exact = total(core.exactIntervals);
        }
        out.m_sampled = out.m_sampled || sampledSpan > 0;
        core.rest = std::max<TimeNs>(out.m_wall - core.ours - core.others(), 0);
    }
    return out;
}

std::vector<std::string> CoreOccupancy::problems(const TraceMetadata &metadata) const
{
    std::vector<std::string> lines;
    if (m_wall <= 0)
        return lines;
    for (size_t c = 0; c < m_cores.size(); ++c) {
        const double share = double(m_cores[c].others()) / double(m_wall);
        if (share > kProblemShare)
            lines.push_back("core " + std::to_string(c) + " was "
                            + std::to_string(int(std::lround(share * 100)))
                            + " % busy with other programs during the "
                            + (metadata.model.empty() ? std::string("whole") : metadata.model)
                            + " run: its speed-ups are not comparable with a quiet machine's");
    }
    return lines;
}

std::vector<std::string> runProblems(const Trace &trace)
{
    return runProblems(trace, CoreOccupancy::of(trace));
}

std::vector<std::string> runProblems(const Trace &trace, const CoreOccupancy &occupancy)
{
    std::vector<std::string> lines = trace.metadata().problems;
    for (std::string &line : occupancy.problems(trace.metadata()))
        lines.push_back(std::move(line));
    return lines;
}

} // namespace corescope
