// SPDX-License-Identifier: MIT
#include "trace/tracebuilder.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace corescope {
namespace {

/// Reorders every column like `keys` sorted ascending (stable, so ties keep their order).
template<typename... Columns>
void sortColumns(std::vector<TimeNs> &keys, Columns &...columns)
{
    if (std::is_sorted(keys.begin(), keys.end()))
        return;
    std::vector<size_t> order(keys.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
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

} // namespace

TraceBuilder::TraceBuilder(size_t coreCount)
{
    m_trace.m_cores.resize(coreCount);
}

uint32_t TraceBuilder::addThread(ThreadInfo info)
{
    m_trace.m_threads.push_back(std::move(info));
    m_trace.m_states.emplace_back();
    m_trace.m_spans.emplace_back();
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
    // Merge with the previous interval when nothing changed, so strips stay short.
    if (states.size() > 0 && states.end.back() == begin && states.state.back() == state
        && states.core.back() == core) {
        states.end.back() = end;
        return;
    }
    states.begin.push_back(begin);
    states.end.push_back(end);
    states.state.push_back(state);
    states.core.push_back(core);
}

void TraceBuilder::addSpan(uint32_t thread, TimeNs begin, TimeNs end, SpanKind kind,
                           uint32_t task, uint64_t result)
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

Trace TraceBuilder::build()
{
    for (auto &core : m_trace.m_cores)
        sortColumns(core.begin, core.end, core.thread);
    for (auto &states : m_trace.m_states)
        sortColumns(states.begin, states.end, states.state, states.core);
    for (auto &spans : m_trace.m_spans)
        sortColumns(spans.begin, spans.end, spans.kind, spans.task, spans.result);
    std::stable_sort(m_trace.m_markers.begin(), m_trace.m_markers.end(),
                     [](const Marker &a, const Marker &b) { return a.time < b.time; });
    return std::exchange(m_trace, Trace());
}

} // namespace corescope
