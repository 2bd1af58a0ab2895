// SPDX-License-Identifier: MIT
#include "timeline/timelinelodcache.h"

namespace corescope {

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
        found = m_entries.emplace(trace.get(), std::move(entry)).first;
    }
    return found->second;
}

void TimelineLodCache::coreItems(const std::shared_ptr<const Trace> &trace, size_t core,
                                 const LodWindow &window, std::vector<LodItem> &out)
{
    const CoreSlices &slices = trace->slicesOnCore(core);
    if (slices.size() >= LaneSummary::kMinEvents) {
        Lane &lane = entryFor(trace).cores[core];
        if (!lane.built && m_buildOnDemand) {
            lane.summary = LaneSummary::ofSlices(slices);
            lane.built = true;
        }
        if (lane.built && lane.summary.covers(window)) {
            lane.summary.query(window, out);
            return;
        }
    }
    lod::coreSlices(slices, window, out);
}

void TimelineLodCache::stateItems(const std::shared_ptr<const Trace> &trace, size_t thread,
                                  const LodWindow &window, std::vector<LodItem> &out)
{
    const ThreadStates &states = trace->statesOf(thread);
    if (states.size() >= LaneSummary::kMinEvents) {
        Lane &lane = entryFor(trace).states[thread];
        if (!lane.built && m_buildOnDemand) {
            lane.summary = LaneSummary::ofStates(states);
            lane.built = true;
        }
        if (lane.built && lane.summary.covers(window)) {
            lane.summary.query(window, out);
            return;
        }
    }
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
    if (entry.statesPresent < 0) {
        uint32_t mask = 0;
        constexpr uint32_t kAll = (1u << uint32_t(ThreadState::Count)) - 1;
        for (size_t t = 0; t < trace->threads().size() && mask != kAll; ++t) {
            for (const ThreadState state : trace->statesOf(t).state) {
                mask |= 1u << uint32_t(state);
                if (mask == kAll)
                    break;
            }
        }
        entry.statesPresent = mask;
    }
    return uint32_t(entry.statesPresent);
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

TimelineLodCache::PreparedSummaries TimelineLodCache::prepare(const Trace &trace)
{
    PreparedSummaries prepared;
    prepared.cores.resize(trace.coreCount());
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        if (trace.slicesOnCore(c).size() >= LaneSummary::kMinEvents)
            prepared.cores[c] = LaneSummary::ofSlices(trace.slicesOnCore(c));
    }
    prepared.states.resize(trace.threads().size());
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        if (trace.statesOf(t).size() >= LaneSummary::kMinEvents)
            prepared.states[t] = LaneSummary::ofStates(trace.statesOf(t));
    }
    return prepared;
}

void TimelineLodCache::install(const std::shared_ptr<const Trace> &trace,
                               PreparedSummaries prepared)
{
    Entry &entry = entryFor(trace);
    const auto adopt = [](std::vector<Lane> &lanes, std::vector<std::optional<LaneSummary>> &from) {
        for (size_t i = 0; i < lanes.size() && i < from.size(); ++i) {
            if (from[i] && !lanes[i].built) {
                lanes[i].summary = std::move(*from[i]);
                lanes[i].built = true;
            }
        }
    };
    adopt(entry.cores, prepared.cores);
    adopt(entry.states, prepared.states);
}

bool TimelineLodCache::needsPreparation(const std::shared_ptr<const Trace> &trace)
{
    const auto big = [](size_t events) { return events >= LaneSummary::kMinEvents; };
    bool any = false;
    for (size_t c = 0; c < trace->coreCount() && !any; ++c)
        any = big(trace->slicesOnCore(c).size());
    for (size_t t = 0; t < trace->threads().size() && !any; ++t)
        any = big(trace->statesOf(t).size());
    if (!any)
        return false;
    Entry &entry = entryFor(trace);
    for (size_t c = 0; c < entry.cores.size(); ++c) {
        if (big(trace->slicesOnCore(c).size()) && !entry.cores[c].built)
            return true;
    }
    for (size_t t = 0; t < entry.states.size(); ++t) {
        if (big(trace->statesOf(t).size()) && !entry.states[t].built)
            return true;
    }
    return false;
}

void TimelineLodCache::prune()
{
    std::erase_if(m_entries, [](const auto &item) { return item.second.trace.expired(); });
}

} // namespace corescope
