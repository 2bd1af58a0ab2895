// SPDX-License-Identifier: MIT
#include "timeline/timelinelodcache.h"

#include <algorithm>

namespace corescope {

namespace {

/// A lane's summary, carried on from `earlier` (that lane's earlier snapshot) where there is one.
LaneSummary summarise(const CoreSlices &slices,
                      const std::optional<std::pair<CoreSlices, LaneSummary>> *earlier)
{
    return earlier && *earlier
               ? LaneSummary::ofSlices(slices, (*earlier)->first, (*earlier)->second)
               : LaneSummary::ofSlices(slices);
}

LaneSummary summarise(const ThreadStates &states,
                      const std::optional<std::pair<ThreadStates, LaneSummary>> *earlier)
{
    return earlier && *earlier
               ? LaneSummary::ofStates(states, (*earlier)->first, (*earlier)->second)
               : LaneSummary::ofStates(states);
}

/// Lane `i` of `earlier`'s `lanes`, or null.
template <typename Lanes>
const typename Lanes::value_type *laneIn(const TimelineLodCache::Earlier *earlier,
                                         Lanes TimelineLodCache::Earlier::*lanes, size_t i)
{
    return earlier && i < (earlier->*lanes).size() ? &(earlier->*lanes)[i] : nullptr;
}

} // namespace

TimelineLodCache::Entry *TimelineLodCache::findEntry(const std::shared_ptr<const Trace> &trace)
{
    const auto found = m_entries.find(trace.get());
    return found != m_entries.end() && found->second.trace.lock() == trace ? &found->second
                                                                           : nullptr;
}

TimelineLodCache::Entry &TimelineLodCache::entryFor(const std::shared_ptr<const Trace> &trace)
{
    auto found = m_entries.find(trace.get());
    // A trace that died and a new one at the same address must not share derived data.
    if (found != m_entries.end() && found->second.trace.lock() != trace) {
        m_entries.erase(found);
        found = m_entries.end();
    }
    if (found == m_entries.end()) {
        Entry entry;
        entry.trace = trace;
        entry.cores.resize(trace->coreCount());
        entry.states.resize(trace->threads().size());
        entry.spanLayers.resize(trace->threads().size());
        entry.counters.resize(trace->counters().size());
        found = m_entries.emplace(trace.get(), std::move(entry)).first;
    }
    return found->second;
}

template <typename Columns, typename EarlierLanes>
bool TimelineLodCache::fromSummary(const std::shared_ptr<const Trace> &trace,
                                   std::vector<Lane> Entry::*lanes,
                                   EarlierLanes Earlier::*earlierLanes, size_t i,
                                   const Columns &columns, const LodWindow &window,
                                   std::vector<LodItem> &out)
{
    if (columns.size() < LaneSummary::kMinEvents)
        return false;
    Entry &entry = entryFor(trace);
    Lane &lane = (entry.*lanes)[i];
    const auto *earlier = laneIn(entry.earlier.get(), earlierLanes, i);
    // Carrying a summary on costs what changed since its snapshot, so a view that must not
    // block on summarising a lane still does that on the spot.
    if (!lane.built && (m_buildOnDemand || (earlier && *earlier))) {
        lane.summary = summarise(columns, earlier);
        lane.built = true;
    }
    if (!lane.built || !lane.summary.covers(window))
        return false;
    lane.summary.query(window, out);
    return true;
}

void TimelineLodCache::coreItems(const std::shared_ptr<const Trace> &trace, size_t core,
                                 const LodWindow &window, std::vector<LodItem> &out)
{
    const CoreSlices &slices = trace->slicesOnCore(core);
    if (!fromSummary(trace, &Entry::cores, &Earlier::cores, core, slices, window, out))
        lod::coreSlices(slices, window, out);
}

void TimelineLodCache::stateItems(const std::shared_ptr<const Trace> &trace, size_t thread,
                                  const LodWindow &window, std::vector<LodItem> &out)
{
    const ThreadStates &states = trace->statesOf(thread);
    if (!fromSummary(trace, &Entry::states, &Earlier::states, thread, states, window, out))
        lod::threadStates(states, window, out);
}

const std::vector<lod::SpanLayer> &
TimelineLodCache::spanLayers(const std::shared_ptr<const Trace> &trace, size_t thread)
{
    auto &layers = entryFor(trace).spanLayers[thread];
    if (!layers)
        layers =
            std::make_unique<std::vector<lod::SpanLayer>>(lod::spanLayers(trace->spansOf(thread)));
    return *layers;
}

const lod::SpanLayer *TimelineLodCache::taskLayer(const std::shared_ptr<const Trace> &trace,
                                                  size_t thread)
{
    for (const auto &layer : spanLayers(trace, thread)) {
        if (layer.kind == SpanKind::Task && layer.depth == 0)
            return &layer;
    }
    return nullptr;
}

uint32_t TimelineLodCache::statesPresent(const std::shared_ptr<const Trace> &trace)
{
    Entry &entry = entryFor(trace);
    if (!entry.figures)
        entry.figures = RunSummary::of(*trace);
    uint32_t mask = 0;
    for (const RunSummary::Thread &thread : entry.figures->threads) {
        for (size_t state = 0; state < thread.inState.size(); ++state) {
            if (thread.inState[state] > 0)
                mask |= 1u << state;
        }
    }
    return mask;
}

uint32_t TimelineLodCache::spanKindsPresent(const std::shared_ptr<const Trace> &trace)
{
    Entry &entry = entryFor(trace);
    if (entry.spanKindsPresent < 0) {
        uint32_t mask = 0;
        for (size_t t = 0; t < trace->threads().size(); ++t) {
            for (const SpanKind kind : trace->spansOf(t).kind)
                mask |= 1u << uint32_t(kind);
        }
        entry.spanKindsPresent = mask;
    }
    return uint32_t(entry.spanKindsPresent);
}

const TimelineLodCache::Entry::Markers &
TimelineLodCache::markersOf(const std::shared_ptr<const Trace> &trace)
{
    Entry &entry = entryFor(trace);
    if (!entry.markers) {
        Entry::Markers markers;
        for (const Marker &marker : trace->markers()) {
            if (marker.kind < MarkerKind::Count) // damaged input names no kind
                markers.kinds |= 1u << uint32_t(marker.kind);
            markers.longestTransit = std::max(markers.longestTransit, marker.transit);
        }
        entry.markers = markers;
    }
    return *entry.markers;
}

uint32_t TimelineLodCache::markerKindsPresent(const std::shared_ptr<const Trace> &trace)
{
    return markersOf(trace).kinds;
}

TimeNs TimelineLodCache::longestTransit(const std::shared_ptr<const Trace> &trace)
{
    return markersOf(trace).longestTransit;
}

const CounterSummary &TimelineLodCache::counterSummary(const std::shared_ptr<const Trace> &trace,
                                                       size_t counter)
{
    auto &summary = entryFor(trace).counters[counter];
    if (!summary)
        summary = std::make_unique<CounterSummary>(trace->counters()[counter], trace->extent());
    return *summary;
}

const CoreOccupancy &TimelineLodCache::occupancy(const std::shared_ptr<const Trace> &trace)
{
    auto &occupancy = entryFor(trace).occupancy;
    if (!occupancy)
        occupancy = std::make_unique<CoreOccupancy>(CoreOccupancy::of(*trace));
    return *occupancy;
}

const TraceIndex &TimelineLodCache::index(const std::shared_ptr<const Trace> &trace)
{
    auto &index = entryFor(trace).index;
    if (!index)
        index = std::make_unique<TraceIndex>(*trace);
    return *index;
}

const CriticalPath &TimelineLodCache::criticalPath(const std::shared_ptr<const Trace> &trace)
{
    const TraceIndex &traceIndex = index(trace);
    auto &path = entryFor(trace).criticalPath;
    if (!path)
        path = std::make_unique<CriticalPath>(CriticalPath::of(traceIndex));
    return *path;
}

const SerialShare &TimelineLodCache::serialShare(const std::shared_ptr<const Trace> &trace)
{
    auto &share = entryFor(trace).serialShare;
    if (!share)
        share = SerialShare::of(*trace);
    return *share;
}

TimelineLodCache::PreparedSummaries TimelineLodCache::prepare(const Trace &trace,
                                                              const Earlier *earlier)
{
    PreparedSummaries prepared;
    prepared.cores.resize(trace.coreCount());
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        if (trace.slicesOnCore(c).size() >= LaneSummary::kMinEvents)
            prepared.cores[c] =
                summarise(trace.slicesOnCore(c), laneIn(earlier, &Earlier::cores, c));
    }
    prepared.states.resize(trace.threads().size());
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        if (trace.statesOf(t).size() >= LaneSummary::kMinEvents)
            prepared.states[t] = summarise(trace.statesOf(t), laneIn(earlier, &Earlier::states, t));
    }
    return prepared;
}

std::shared_ptr<const TimelineLodCache::Earlier>
TimelineLodCache::earlierOf(const std::shared_ptr<const Trace> &trace)
{
    const Entry *entry = findEntry(trace);
    return entry ? entry->earlier : nullptr;
}

void TimelineLodCache::install(const std::shared_ptr<const Trace> &trace,
                               PreparedSummaries prepared)
{
    Entry *entry = findEntry(trace);
    if (!entry) {
        // Carried over while its summaries were made: they are still its successors' best start.
        for (auto &[key, successor] : m_entries)
            offer(*trace, prepared, successor);
        return;
    }
    const auto adopt = [](std::vector<Lane> &lanes, std::vector<std::optional<LaneSummary>> &from) {
        for (size_t i = 0; i < lanes.size() && i < from.size(); ++i) {
            if (from[i] && !lanes[i].built) {
                lanes[i].summary = std::move(*from[i]);
                lanes[i].built = true;
            }
        }
    };
    adopt(entry->cores, prepared.cores);
    adopt(entry->states, prepared.states);
    if (!lacksSummaries(*trace, *entry, true))
        entry->earlier.reset();
}

void TimelineLodCache::offer(const Trace &trace, const PreparedSummaries &prepared,
                             Entry &successor)
{
    const std::shared_ptr<const Trace> later = successor.trace.lock();
    if (!later)
        return;
    auto earlier = successor.earlier ? std::make_shared<Earlier>(*successor.earlier)
                                     : std::make_shared<Earlier>();
    earlier->cores.resize(later->coreCount());
    earlier->states.resize(later->threads().size());
    bool better = false;
    // Each lane keeps whichever earlier snapshot leaves the least to summarise again.
    const auto consider = [&better](auto &slot, const auto &offered, const auto &current,
                                    const std::optional<LaneSummary> &summary) {
        const size_t shared = summary ? sharedRows(offered, current) : 0;
        if (shared == 0 || (slot && sharedRows(slot->first, current) >= shared))
            return;
        slot.emplace(offered, *summary);
        better = true;
    };
    for (size_t c = 0; c < prepared.cores.size() && c < later->coreCount(); ++c) {
        if (!successor.cores[c].built)
            consider(earlier->cores[c], trace.slicesOnCore(c), later->slicesOnCore(c),
                     prepared.cores[c]);
    }
    for (size_t t = 0; t < prepared.states.size() && t < later->threads().size(); ++t) {
        if (!successor.states[t].built)
            consider(earlier->states[t], trace.statesOf(t), later->statesOf(t), prepared.states[t]);
    }
    if (better)
        successor.earlier = std::move(earlier);
}

TimelineLodCache::Earlier TimelineLodCache::bequest(const Trace &trace, const Entry &entry)
{
    Earlier earlier;
    const auto leave = [](const std::vector<Lane> &lanes, auto &to, const auto &columnsOf,
                          const auto *before) {
        to.resize(lanes.size());
        for (size_t i = 0; i < lanes.size(); ++i) {
            if (lanes[i].built)
                to[i].emplace(columnsOf(i), lanes[i].summary);
            else if (before && i < before->size())
                to[i] = (*before)[i];
        }
    };
    leave(
        entry.cores, earlier.cores, [&](size_t c) { return trace.slicesOnCore(c); },
        entry.earlier ? &entry.earlier->cores : nullptr);
    leave(
        entry.states, earlier.states, [&](size_t t) { return trace.statesOf(t); },
        entry.earlier ? &entry.earlier->states : nullptr);
    return earlier;
}

void TimelineLodCache::carryOver(const std::vector<std::shared_ptr<const Trace>> &before,
                                 const std::vector<std::shared_ptr<const Trace>> &now)
{
    for (const auto &gone : before) {
        if (std::find(now.begin(), now.end(), gone) != now.end())
            continue;
        Entry *from = findEntry(gone);
        if (!from)
            continue;
        for (const auto &later : now) {
            if (findEntry(later) || !sharesEvents(*gone, *later))
                continue;
            Earlier earlier = bequest(*gone, *from);
            std::optional<RunSummary> figures;
            if (from->figures)
                figures = RunSummary::of(*later, *gone, *from->figures);
            m_entries.erase(gone.get());
            Entry &entry = entryFor(later);
            const auto some = [](const auto &lanes) {
                return std::any_of(lanes.begin(), lanes.end(),
                                   [](const auto &l) { return bool(l); });
            };
            if (some(earlier.cores) || some(earlier.states))
                entry.earlier = std::make_shared<const Earlier>(std::move(earlier));
            entry.figures = std::move(figures);
            break;
        }
    }
}

bool TimelineLodCache::needsPreparation(const std::shared_ptr<const Trace> &trace)
{
    bool any = false;
    for (size_t c = 0; c < trace->coreCount() && !any; ++c)
        any = trace->slicesOnCore(c).size() >= LaneSummary::kMinEvents;
    for (size_t t = 0; t < trace->threads().size() && !any; ++t)
        any = trace->statesOf(t).size() >= LaneSummary::kMinEvents;
    return any && lacksSummaries(*trace, entryFor(trace), false);
}

bool TimelineLodCache::lacksSummaries(const Trace &trace, const Entry &entry, bool evenCarried)
{
    const auto lacks = [&](const Lane &lane, size_t events, const auto *earlier) {
        return events >= LaneSummary::kMinEvents && !lane.built
               && (evenCarried || !earlier || !*earlier);
    };
    for (size_t c = 0; c < entry.cores.size(); ++c) {
        if (lacks(entry.cores[c], trace.slicesOnCore(c).size(),
                  laneIn(entry.earlier.get(), &Earlier::cores, c)))
            return true;
    }
    for (size_t t = 0; t < entry.states.size(); ++t) {
        if (lacks(entry.states[t], trace.statesOf(t).size(),
                  laneIn(entry.earlier.get(), &Earlier::states, t)))
            return true;
    }
    return false;
}

void TimelineLodCache::prune()
{
    std::erase_if(m_entries, [](const auto &item) { return item.second.trace.expired(); });
}

} // namespace corescope
