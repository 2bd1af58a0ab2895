// SPDX-License-Identifier: MIT
#include "analysis/traceindex.h"

#include <algorithm>

namespace corescope {

TraceIndex::TraceIndex(const Trace &trace)
    : m_trace(&trace)
    , m_spans(trace.threads().size())
{
    for (uint32_t thread = 0; thread < m_spans.size(); ++thread) {
        const ThreadSpans &spans = trace.spansOf(thread);
        for (uint32_t row = 0; row < spans.size(); ++row) {
            if (const auto at = slot(spans.kind[row]))
                m_spans[thread][*at].push_back(row);
        }
    }
    const Column<Marker> &markers = trace.markers();
    for (uint32_t row = 0; row < markers.size(); ++row)
        m_markers[size_t(markers[row].kind)].push_back(row);
}

std::optional<size_t> TraceIndex::slot(SpanKind kind)
{
    const auto at = std::find(kIndexedSpans.begin(), kIndexedSpans.end(), kind);
    if (at == kIndexedSpans.end())
        return std::nullopt;
    return size_t(at - kIndexedSpans.begin());
}

std::span<const uint32_t> TraceIndex::spans(uint32_t thread, SpanKind kind) const
{
    const auto at = slot(kind);
    if (!at || thread >= m_spans.size())
        return {};
    return m_spans[thread][*at];
}

std::optional<uint32_t> TraceIndex::spanAt(uint32_t thread, SpanKind kind, TimeNs time) const
{
    if (thread >= m_spans.size())
        return std::nullopt;
    const auto rows = spans(thread, kind);
    const ThreadSpans &all = m_trace->spansOf(thread);
    const auto after = std::upper_bound(rows.begin(), rows.end(), time,
                                        [&](TimeNs t, uint32_t row) { return t < all.begin[row]; });
    if (after == rows.begin() || all.end[*std::prev(after)] <= time)
        return std::nullopt;
    return *std::prev(after);
}

std::span<const uint32_t> TraceIndex::markers(MarkerKind kind) const
{
    return m_markers[size_t(kind)];
}

std::optional<uint32_t> TraceIndex::stateAt(uint32_t thread, TimeNs time) const
{
    if (thread >= m_spans.size())
        return std::nullopt;
    return intervalAt(m_trace->statesOf(thread), time);
}

std::optional<uint32_t> TraceIndex::waitAt(uint32_t thread, TimeNs time) const
{
    if (thread >= m_spans.size())
        return std::nullopt;
    return intervalAt(m_trace->waitsOf(thread), time);
}

std::optional<uint32_t> TraceIndex::sliceAt(uint32_t core, TimeNs time) const
{
    if (core >= m_trace->coreCount())
        return std::nullopt;
    return intervalAt(m_trace->slicesOnCore(core), time);
}

std::optional<double> TraceIndex::counterAt(uint32_t counter, TimeNs time) const
{
    if (counter >= m_trace->counters().size())
        return std::nullopt;
    const CounterTrack &track = m_trace->counters()[counter];
    const auto after = std::upper_bound(track.time.begin(), track.time.end(), time);
    if (after == track.time.begin())
        return std::nullopt;
    return track.value[size_t(after - track.time.begin()) - 1];
}

} // namespace corescope
