// SPDX-License-Identifier: MIT
#include "analysis/runsummary.h"

#include <algorithm>

namespace corescope {

namespace {

/// Adds `sign` times the rows of a thread's states from `from` on.
void addStates(RunSummary::Thread &thread, const ThreadStates &states, size_t from, TimeNs sign)
{
    for (size_t i = from; i < states.size(); ++i)
        thread.inState[size_t(states.state[i])] += sign * (states.end[i] - states.begin[i]);
}

/// Adds `sign` times the rows of a core's slices from `from` on.
void addSlices(RunSummary &summary, size_t core, const CoreSlices &slices, size_t from, TimeNs sign)
{
    for (size_t i = from; i < slices.size(); ++i) {
        const TimeNs length = sign * (slices.end[i] - slices.begin[i]);
        summary.cores[core].busy += length;
        summary.threads[slices.thread[i]].onCpu += length;
        summary.cpu += length;
    }
}

} // namespace

RunSummary RunSummary::of(const Trace &trace)
{
    RunSummary summary;
    summary.wall = trace.duration();
    summary.slices = trace.sliceCount();
    summary.threads.resize(trace.threads().size());
    for (size_t t = 0; t < summary.threads.size(); ++t) {
        summary.threads[t].thread = uint32_t(t);
        addStates(summary.threads[t], trace.statesOf(t), 0, 1);
    }
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        summary.cores.push_back({uint16_t(c), 0});
        addSlices(summary, c, trace.slicesOnCore(c), 0, 1);
    }
    return summary;
}

RunSummary RunSummary::of(const Trace &trace, const Trace &earlier, const RunSummary &ofEarlier)
{
    // A later snapshot keeps its threads and cores, and adds threads after them.
    if (trace.coreCount() != earlier.coreCount()
        || trace.threads().size() < earlier.threads().size()
        || ofEarlier.threads.size() != earlier.threads().size()
        || ofEarlier.cores.size() != earlier.coreCount())
        return of(trace);
    RunSummary summary = ofEarlier;
    summary.wall = trace.duration();
    summary.slices = trace.sliceCount();
    summary.threads.resize(trace.threads().size());
    for (size_t t = 0; t < summary.threads.size(); ++t) {
        summary.threads[t].thread = uint32_t(t);
        const bool known = t < earlier.threads().size();
        const size_t same = known ? sharedRows(trace.statesOf(t), earlier.statesOf(t)) : 0;
        if (known)
            addStates(summary.threads[t], earlier.statesOf(t), same, -1);
        addStates(summary.threads[t], trace.statesOf(t), same, 1);
    }
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        const size_t same = sharedRows(trace.slicesOnCore(c), earlier.slicesOnCore(c));
        addSlices(summary, c, earlier.slicesOnCore(c), same, -1);
        addSlices(summary, c, trace.slicesOnCore(c), same, 1);
    }
    return summary;
}

namespace {

/// Calls add(row, length) for each interval of `c` that reaches into [from, to), with the
/// length of it in there (to < from: minus the length in [to, from)). Intervals of a lane do
/// not overlap, so their ends are sorted as their begins are.
template <typename Intervals, typename Add>
void forEachBetween(const Intervals &c, TimeNs from, TimeNs to, Add add)
{
    const TimeNs sign = to < from ? -1 : 1;
    const TimeNs low = std::min(from, to);
    const TimeNs high = std::max(from, to);
    auto row = size_t(std::upper_bound(c.end.begin(), c.end.end(), low) - c.end.begin());
    for (; row < c.size() && c.begin[row] < high; ++row) {
        const TimeNs length = std::min(high, c.end[row]) - std::max(low, c.begin[row]);
        if (length > 0)
            add(row, sign * length);
    }
}

} // namespace

RunSummary RunSummary::until(const Trace &trace, TimeNs end)
{
    RunSummary empty;
    empty.threads.resize(trace.threads().size());
    for (size_t t = 0; t < empty.threads.size(); ++t)
        empty.threads[t].thread = uint32_t(t);
    for (size_t c = 0; c < trace.coreCount(); ++c)
        empty.cores.push_back({uint16_t(c), 0});
    return until(trace, end, empty, trace.earliest());
}

RunSummary RunSummary::until(const Trace &trace, TimeNs end, const RunSummary &atFrom, TimeNs from)
{
    if (atFrom.threads.size() != trace.threads().size() || atFrom.cores.size() != trace.coreCount())
        return until(trace, end);
    RunSummary summary = atFrom;
    summary.wall = std::clamp<TimeNs>(end, 0, trace.duration());
    summary.slices = 0;
    for (size_t t = 0; t < summary.threads.size(); ++t) {
        const ThreadStates &states = trace.statesOf(t);
        RunSummary::Thread &thread = summary.threads[t];
        forEachBetween(states, from, end, [&](size_t row, TimeNs length) {
            thread.inState[size_t(states.state[row])] += length;
        });
    }
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        const CoreSlices &slices = trace.slicesOnCore(c);
        forEachBetween(slices, from, end, [&](size_t row, TimeNs length) {
            summary.cores[c].busy += length;
            summary.threads[slices.thread[row]].onCpu += length;
            summary.cpu += length;
        });
        summary.slices += size_t(std::lower_bound(slices.begin.begin(), slices.begin.end(), end)
                                 - slices.begin.begin());
    }
    return summary;
}

TimeNs RunSummary::in(ThreadState state) const
{
    TimeNs total = 0;
    for (const Thread &thread : threads)
        total += thread.in(state);
    return total;
}

} // namespace corescope
