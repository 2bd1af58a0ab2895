// SPDX-License-Identifier: MIT
#include "trace/tracebuilder.h"

#include "trace/duration.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <utility>

namespace corescope {
namespace {

/// Reorders every column like `keys` sorted ascending (stable, so ties keep their order).
template <typename... Columns>
void sortColumns(Column<TimeNs> &keys, Columns &...columns)
{
    if (std::is_sorted(keys.begin(), keys.end()))
        return;
    std::vector<size_t> order(keys.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return keys[a] < keys[b]; });
    const auto apply = [&](auto &column) {
        std::remove_reference_t<decltype(column)> sorted;
        sorted.reserve(column.size());
        for (size_t index : order)
            sorted.push_back(column[index]);
        column = std::move(sorted);
    };
    (apply(columns), ...);
    apply(keys);
}

/// Appends `from` to `to`, taking its chunks when `to` is still empty.
template <typename T>
void appendColumn(Column<T> &to, Column<T> &&from)
{
    if (to.empty())
        to = std::move(from);
    else
        from.forEachChunk([&](std::span<const T> chunk) { to.append(chunk); });
}

/// `end - begin` for `end >= begin`, without overflow whatever a damaged file holds.
uint64_t length(TimeNs begin, TimeNs end)
{
    return uint64_t(end) - uint64_t(begin);
}

/// A core runs one thread at a time, but a capture that samples (cpuclock) can see two threads
/// on one core at once for up to about its poll interval: the earlier slice's end is estimated
/// from its CPU clock, the later one's begin was observed. So the slice that began later holds
/// the core, and one that it interrupted resumes after it, should it last longer: no time that
/// only one thread claimed is lost. `slices` must be sorted by begin.
CoreConflicts oneThreadAtATime(CoreSlices &slices)
{
    CoreConflicts conflicts;
    bool overlaps = false;
    for (size_t i = 1; i < slices.size() && !overlaps; ++i)
        overlaps = slices.begin[i] < slices.end[i - 1];
    if (!overlaps) // the usual case, and what every reader hands over: leave the columns be
        return conflicts;

    struct Held
    {
        TimeNs end;
        uint32_t thread;
    };
    std::vector<Held> held; // the slices begun so far and not over yet; the latest holds the core
    CoreSlices out;
    TimeNs now = std::numeric_limits<TimeNs>::min();
    const auto runUntil = [&](TimeNs until) {
        while (!held.empty() && now < until) {
            const Held top = held.back();
            if (top.end > now) {
                const TimeNs to = std::min(top.end, until);
                out.begin.push_back(now);
                out.end.push_back(to);
                out.thread.push_back(top.thread);
                now = to;
            }
            if (top.end <= now)
                held.pop_back();
        }
        now = std::max(now, until);
    };
    uint64_t claimed = 0; // wraps harmlessly should a damaged file's slices add up past 2^64
    for (size_t i = 0; i < slices.size(); ++i) {
        const TimeNs begin = slices.begin[i];
        const TimeNs end = slices.end[i];
        if (end <= begin)
            continue;
        runUntil(begin);
        if (!held.empty() && held.back().end > begin) {
            conflicts.longest =
                std::max(conflicts.longest, TimeNs(length(begin, std::min(held.back().end, end))));
            ++conflicts.count;
        }
        held.push_back({end, slices.thread[i]});
        claimed += length(begin, end);
    }
    runUntil(std::numeric_limits<TimeNs>::max());
    for (size_t i = 0; i < out.size(); ++i)
        claimed -= length(out.begin[i], out.end[i]);
    conflicts.total = TimeNs(claimed);
    slices = std::move(out);
    return conflicts;
}

/// The latest of `latest` and the last of `ends`, for columns whose last interval ends last.
TimeNs latestOfLast(const Column<TimeNs> &ends, TimeNs latest)
{
    return ends.empty() ? latest : std::max(latest, ends.back());
}

/// The latest of `latest` and every one of `ends`, for columns whose intervals may overlap.
TimeNs latestOfAll(const Column<TimeNs> &ends, TimeNs latest)
{
    ends.forEachChunk([&](std::span<const TimeNs> chunk) {
        latest = std::max(latest, *std::max_element(chunk.begin(), chunk.end()));
    });
    return latest;
}

/// Each core's slices (sorted, one thread at a time, overlaps trimmed by build()) end with their
/// last, so loading does not pay a pass over every slice. A thread's states and spans may overlap
/// (spans nest; an imported trace's states are sorted but never trimmed), so theirs are scanned.
TimeNs extentOf(const Trace &trace, bool statesInOrder = false)
{
    TimeNs extent = trace.duration();
    for (const ThreadInfo &thread : trace.threads())
        extent = std::max(extent, thread.end);
    for (size_t c = 0; c < trace.coreCount(); ++c)
        extent = latestOfLast(trace.slicesOnCore(c).end, extent);
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        extent = statesInOrder ? latestOfLast(trace.statesOf(t).end, extent)
                               : latestOfAll(trace.statesOf(t).end, extent);
        extent = latestOfAll(trace.spansOf(t).end, extent);
        extent = latestOfLast(trace.waitsOf(t).end, extent); // waits do not overlap
    }
    for (const CounterTrack &counter : trace.counters())
        extent = latestOfLast(counter.time, extent);
    if (!trace.markers().empty()) // sorted by time by now
        extent = std::max(extent, trace.markers().back().time);
    return extent;
}

/// Every column is sorted by begin (states and spans by build(), markers by time), so each one's
/// first entry is its earliest.
TimeNs earliestOf(const Trace &trace)
{
    TimeNs earliest = 0;
    for (const ThreadInfo &thread : trace.threads())
        earliest = std::min(earliest, thread.begin);
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        if (const CoreSlices &slices = trace.slicesOnCore(c); slices.size() > 0)
            earliest = std::min(earliest, slices.begin.front());
    }
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        if (const ThreadStates &states = trace.statesOf(t); states.size() > 0)
            earliest = std::min(earliest, states.begin.front());
        if (const ThreadSpans &spans = trace.spansOf(t); spans.size() > 0)
            earliest = std::min(earliest, spans.begin.front());
        if (const ThreadWaits &waits = trace.waitsOf(t); waits.size() > 0)
            earliest = std::min(earliest, waits.begin.front());
    }
    for (const CounterTrack &counter : trace.counters()) {
        if (counter.size() > 0)
            earliest = std::min(earliest, counter.time.front());
    }
    // A hand-off across time was sent before it arrived, by a thread that had begun by then.
    if (!trace.markers().empty())
        earliest = std::min(earliest, trace.markers().front().time);
    return earliest;
}

/// Drops a column's values from `size` on (columns of every kind, vectors and chunked ones).
template <typename Column>
void truncate(Column &column, size_t size)
{
    while (column.size() > size)
        column.pop_back();
}

/// Puts markers from `from` on in time order, where those before it already are: the ones
/// that came since are few, and the ones they go between are near the end.
template <typename Markers>
void sortMarkersFrom(Markers &markers, size_t from)
{
    const auto earlier = [](const Marker &a, const Marker &b) { return a.time < b.time; };
    if (from >= markers.size())
        return;
    const Marker earliestNew =
        *std::min_element(markers.begin() + ptrdiff_t(from), markers.end(), earlier);
    const auto first = size_t(
        std::upper_bound(markers.begin(), markers.begin() + ptrdiff_t(from), earliestNew, earlier)
        - markers.begin());
    std::vector<Marker> rows(markers.begin() + ptrdiff_t(first), markers.end());
    std::stable_sort(rows.begin(), rows.end(), earlier);
    truncate(markers, first);
    for (const Marker &marker : rows)
        markers.push_back(marker);
}

/// Puts a core's slices from `from` on in order of their begins, where those before it already
/// are, and where two overlap cuts the later to begin at the earlier's end (records were lost;
/// the slice given first holds the core): the slices since a snapshot came thread by thread.
void orderSlicesFrom(CoreSlices &slices, size_t from)
{
    if (from >= slices.size())
        return;
    const TimeNs earliestNew =
        *std::min_element(slices.begin.begin() + ptrdiff_t(from), slices.begin.end());
    // The rows to put in order again: the new ones and the old ones that end after the
    // earliest of them (ends are in order too among the old, which do not overlap).
    const auto first = size_t(
        std::upper_bound(slices.end.begin(), slices.end.begin() + ptrdiff_t(from), earliestNew)
        - slices.end.begin());
    struct Row
    {
        TimeNs begin;
        TimeNs end;
        uint32_t thread;
    };
    std::vector<Row> rows;
    rows.reserve(slices.size() - first);
    for (size_t i = first; i < slices.size(); ++i)
        rows.push_back({slices.begin[i], slices.end[i], slices.thread[i]});
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row &a, const Row &b) { return a.begin < b.begin; });
    truncate(slices.begin, first);
    truncate(slices.end, first);
    truncate(slices.thread, first);
    for (Row row : rows) {
        if (slices.size() > 0)
            row.begin = std::max(row.begin, std::as_const(slices.end).back());
        if (row.end <= row.begin)
            continue;
        slices.begin.push_back(row.begin);
        slices.end.push_back(row.end);
        slices.thread.push_back(row.thread);
    }
}

} // namespace

TraceBuilder::TraceBuilder(size_t coreCount)
{
    m_trace.m_cores.resize(coreCount);
}

TraceBuilder::TraceBuilder(Trace trace)
    : m_trace(std::move(trace))
{
}

uint32_t TraceBuilder::addThread(ThreadInfo info)
{
    m_trace.m_threads.push_back(std::move(info));
    m_trace.m_states.emplace_back();
    m_trace.m_spans.emplace_back();
    m_trace.m_waits.emplace_back();
    return uint32_t(m_trace.m_threads.size() - 1);
}

void TraceBuilder::addSlice(uint16_t core, TimeNs begin, TimeNs end, uint32_t thread)
{
    if (end <= begin)
        return;
    if (core >= m_trace.m_cores.size())
        m_trace.m_cores.resize(size_t(core) + 1);
    auto &slices = m_trace.m_cores[core];
    slices.begin.push_back(begin);
    slices.end.push_back(end);
    slices.thread.push_back(thread);
}

void TraceBuilder::addState(uint32_t thread, TimeNs begin, TimeNs end, ThreadState state,
                            uint16_t core)
{
    if (end <= begin)
        return;
    auto &states = m_trace.m_states[thread];
    const ThreadStates &last = states; // read through it: only a write may copy a shared chunk
    if (m_inOrder && last.size() > 0 && begin < last.end.back()) {
        begin = last.end.back();
        if (end <= begin)
            return;
    }
    // Merge with the previous interval when nothing changed, so strips stay short.
    if (last.size() > 0 && last.end.back() == begin && last.state.back() == state
        && last.core.back() == core) {
        states.end.back() = end;
        return;
    }
    states.begin.push_back(begin);
    states.end.push_back(end);
    states.state.push_back(state);
    states.core.push_back(core);
}

void TraceBuilder::addSpan(uint32_t thread, TimeNs begin, TimeNs end, SpanKind kind, uint32_t task,
                           uint64_t result)
{
    auto &spans = m_trace.m_spans[thread];
    spans.begin.push_back(begin);
    spans.end.push_back(std::max(begin, end));
    spans.kind.push_back(kind);
    spans.task.push_back(task);
    spans.result.push_back(result);
}

void TraceBuilder::addMarker(const Marker &marker)
{
    m_trace.m_markers.push_back(marker);
}

void TraceBuilder::addWait(uint32_t thread, TimeNs begin, TimeNs end, uint32_t object,
                           uint32_t endedBy)
{
    if (end <= begin)
        return;
    auto &waits = m_trace.m_waits[thread];
    waits.begin.push_back(begin);
    waits.end.push_back(end);
    waits.object.push_back(object);
    waits.endedBy.push_back(endedBy);
}

uint32_t TraceBuilder::addWaitObject(WaitObject object)
{
    auto &objects = m_trace.m_waitObjects;
    const auto found = std::find(objects.begin(), objects.end(), object);
    if (found != objects.end())
        return uint32_t(found - objects.begin());
    objects.push_back(std::move(object));
    return uint32_t(objects.size() - 1);
}

void TraceBuilder::addBusySample(uint16_t core, TimeNs begin, TimeNs end, TimeNs busy)
{
    CoreBusySamples &samples = busySamples(core);
    samples.begin.push_back(begin);
    samples.end.push_back(end);
    samples.busy.push_back(busy);
}

void TraceBuilder::addBusySamples(uint16_t core, CoreBusySamples samples)
{
    CoreBusySamples &to = busySamples(core);
    if (to.size() == 0) {
        to = std::move(samples);
        return;
    }
    for (size_t i = 0; i < samples.size(); ++i)
        addBusySample(core, samples.begin[i], samples.end[i], samples.busy[i]);
}

CoreBusySamples &TraceBuilder::busySamples(uint16_t core)
{
    // A sampled core is a core of the run, with or without slices.
    if (core >= m_trace.m_cores.size())
        m_trace.m_cores.resize(size_t(core) + 1);
    if (core >= m_trace.m_busy.size())
        m_trace.m_busy.resize(size_t(core) + 1);
    return m_trace.m_busy[core];
}

uint32_t TraceBuilder::addCounter(CounterTrack counter)
{
    m_trace.m_counters.push_back(std::move(counter));
    return uint32_t(m_trace.m_counters.size() - 1);
}

void TraceBuilder::addCounterValue(uint32_t counter, TimeNs time, double value)
{
    CounterTrack &track = m_trace.m_counters[counter];
    const CounterTrack &last = track; // read through it: only a write may copy a shared chunk
    if (last.size() > 0 && last.value.back() == value)
        return;
    track.time.push_back(time);
    track.value.push_back(value);
}

ThreadStates TraceBuilder::takeStates(uint32_t thread)
{
    return std::exchange(m_trace.m_states[thread], ThreadStates());
}

uint32_t TraceBuilder::addSpanName(std::string name)
{
    m_trace.m_spanNames.push_back(std::move(name));
    return uint32_t(m_trace.m_spanNames.size() - 1);
}

void TraceBuilder::addSlices(uint16_t core, CoreSlices slices)
{
    if (core >= m_trace.m_cores.size())
        m_trace.m_cores.resize(size_t(core) + 1);
    auto &to = m_trace.m_cores[core];
    appendColumn(to.begin, std::move(slices.begin));
    appendColumn(to.end, std::move(slices.end));
    appendColumn(to.thread, std::move(slices.thread));
}

void TraceBuilder::addStates(uint32_t thread, ThreadStates states)
{
    auto &to = m_trace.m_states[thread];
    appendColumn(to.begin, std::move(states.begin));
    appendColumn(to.end, std::move(states.end));
    appendColumn(to.state, std::move(states.state));
    appendColumn(to.core, std::move(states.core));
}

void TraceBuilder::addSpans(uint32_t thread, ThreadSpans spans)
{
    auto &to = m_trace.m_spans[thread];
    appendColumn(to.begin, std::move(spans.begin));
    appendColumn(to.end, std::move(spans.end));
    appendColumn(to.kind, std::move(spans.kind));
    appendColumn(to.task, std::move(spans.task));
    appendColumn(to.result, std::move(spans.result));
}

void TraceBuilder::addMarkers(Column<Marker> markers)
{
    appendColumn(m_trace.m_markers, std::move(markers));
}

void TraceBuilder::addWaits(uint32_t thread, ThreadWaits waits)
{
    auto &to = m_trace.m_waits[thread];
    appendColumn(to.begin, std::move(waits.begin));
    appendColumn(to.end, std::move(waits.end));
    appendColumn(to.object, std::move(waits.object));
    appendColumn(to.endedBy, std::move(waits.endedBy));
}

Trace TraceBuilder::snapshot(const OpenIntervals &open)
{
    sortMarkersFrom(m_trace.m_markers, m_markersInOrder);
    m_markersInOrder = m_trace.m_markers.size();
    m_slicesInOrder.resize(m_trace.m_cores.size(), 0);
    for (size_t core = 0; core < m_trace.m_cores.size(); ++core) {
        orderSlicesFrom(m_trace.m_cores[core], m_slicesInOrder[core]);
        m_slicesInOrder[core] = m_trace.m_cores[core].size();
    }
    TraceBuilder onTop;
    onTop.m_inOrder = true;
    onTop.m_trace = m_trace; // the columns' copy; what is open goes on top of it
    std::vector<size_t> before(onTop.m_trace.m_cores.size());
    for (size_t core = 0; core < before.size(); ++core)
        before[core] = onTop.m_trace.m_cores[core].size();
    for (const OpenIntervals::Slice &s : open.slices)
        onTop.addSlice(s.core, s.begin, s.end, s.thread);
    for (size_t core = 0; core < onTop.m_trace.m_cores.size(); ++core)
        orderSlicesFrom(onTop.m_trace.m_cores[core], core < before.size() ? before[core] : 0);
    for (const OpenIntervals::State &s : open.states)
        onTop.addState(s.thread, s.begin, s.end, s.state, s.core);
    for (const OpenIntervals::Span &s : open.spans)
        onTop.addSpan(s.thread, s.begin, s.end, s.kind);
    Trace &out = onTop.m_trace;
    const size_t markersBefore = out.m_markers.size();
    for (const Marker &marker : open.markers)
        out.m_markers.push_back(marker);
    sortMarkersFrom(out.m_markers, markersBefore);
    out.m_extent = extentOf(out, true);
    out.m_earliest = earliestOf(out);
    return std::move(out);
}

Trace TraceBuilder::build()
{
    CoreConflicts &conflicts = m_trace.m_coreConflicts;
    for (auto &core : m_trace.m_cores) {
        sortColumns(core.begin, core.end, core.thread);
        const CoreConflicts onCore = oneThreadAtATime(core);
        conflicts.count += onCore.count;
        conflicts.longest = std::max(conflicts.longest, onCore.longest);
        // Unsigned: a damaged file's slices may add up past the range, and wrapping is harmless.
        conflicts.total = TimeNs(uint64_t(conflicts.total) + uint64_t(onCore.total));
    }
    // The metadata already says each edge may be off by the capture's precision, so two threads
    // may disagree by twice that (cpuclock runs show up to ~170 µs of 200): no news, however
    // many. A longer overlap means the capture contradicted itself; then the trace says so.
    TraceMetadata &m = m_trace.m_metadata;
    if (conflicts.longest / 2 > std::max<int64_t>(m.capturePrecisionNs, 0))
        m.problems.push_back(std::to_string(conflicts.count)
                             + " on-CPU slices began while another thread held the core (up to "
                             + formatDuration(conflicts.longest) + ", "
                             + formatDuration(conflicts.total)
                             + " in all); the later thread was given the core");
    for (auto &states : m_trace.m_states)
        sortColumns(states.begin, states.end, states.state, states.core);
    for (auto &spans : m_trace.m_spans)
        sortColumns(spans.begin, spans.end, spans.kind, spans.task, spans.result);
    for (auto &waits : m_trace.m_waits)
        sortColumns(waits.begin, waits.end, waits.object, waits.endedBy);
    for (auto &counter : m_trace.m_counters)
        sortColumns(counter.time, counter.value);
    for (auto &samples : m_trace.m_busy)
        sortColumns(samples.begin, samples.end, samples.busy);
    const auto earlier = [](const Marker &a, const Marker &b) { return a.time < b.time; };
    // Readers hand over markers already in order; a merge sort of them would cost more than
    // everything else a load does.
    if (!std::is_sorted(m_trace.m_markers.begin(), m_trace.m_markers.end(), earlier)) {
        std::vector<Marker> sorted(m_trace.m_markers.begin(), m_trace.m_markers.end());
        std::stable_sort(sorted.begin(), sorted.end(), earlier);
        m_trace.m_markers = sorted;
    }
    m_trace.m_extent = extentOf(m_trace);
    m_trace.m_earliest = earliestOf(m_trace);
    return std::exchange(m_trace, Trace());
}

} // namespace corescope
