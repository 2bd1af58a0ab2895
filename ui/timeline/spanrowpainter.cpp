// SPDX-License-Identifier: MIT
#include "timeline/spanrowpainter.h"

#include "timeline/timelineframe.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelinetooltip.h"
#include "trace/kinds.h"

#include <QFontMetrics>

namespace corescope {

QRgb SpanRowPainter::colourOf(SpanKind kind, QRgb thread, const TimelineTheme &theme)
{
    switch (kind) {
    case SpanKind::GilHold:
        return theme.gilArrow.rgb();
    case SpanKind::LockHold:
        return theme.lockArrow.rgb();
    case SpanKind::Startup:
        return theme.stateColour(ThreadState::Starting).rgb();
    default:
        break;
    }
    return TimelinePalette::mix(thread, theme.background.rgb(), 0.55);
}

QRect SpanRowPainter::area(const QRect &laneRect) const
{
    // Down to the band's foot: the gap above the band answers as the band does.
    const QRect band = TimelineFrame::spanBandOf(laneRect);
    return QRect(QPoint(laneRect.left(), laneRect.top()), QPoint(laneRect.right(), band.bottom()));
}

void SpanRowPainter::build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
                           const LodWindow &window, TimelinePrimitives &out)
{
    const auto &trace = m_frame.runs[size_t(lane.run)];
    const uint32_t thread = lane.index;
    if (thread >= trace->threads().size())
        return;
    const QRgb own = m_frame.threadColour(lane.run, thread);
    const QRect band = TimelineFrame::spanBandOf(rect);
    const ThreadSpans &spans = trace->spansOf(thread);
    const QFontMetrics spanMetrics(m_frame.spanFont);
    const int labelWidth = m_frame.px(40); // narrower boxes are not labelled
    for (const lod::SpanLayer &layer : m_frame.cache->spanLayers(trace, thread)) {
        if (layer.depth > 0)
            continue;
        lod::threadSpans(spans, layer.spans, window, m_items);
        const bool line = kindOf(layer.kind).line;
        const QRgb colour = colourOf(layer.kind, own, m_frame.theme);
        QRect area = band;
        if (line) {
            const int thickness = std::max(2, band.height() / 4);
            area = QRect(band.left(), band.bottom() - thickness + 1, band.width(), thickness);
        }
        for (const LodItem &item : m_items) {
            const Span x = columns(item, rect, scale);
            if (x.isEmpty())
                continue;
            const QRect bar(x.x0, area.top(), x.width(), area.height());
            (line ? out.overlayBars : out.bars).push_back({bar, colour, lane.run, thread, false});
            // Boxes get an edge in the thread's colour, so neighbouring tasks stay apart.
            if (!line && bar.width() >= 3) {
                out.overlayBars.push_back(
                    {QRect(x.x0, area.top(), 1, area.height()), own, lane.run, thread, false});
                out.overlayBars.push_back(
                    {QRect(x.x0, area.top(), x.width(), 1), own, lane.run, thread, false});
            }
            if (line || !m_frame.spanLabels || !item.single() || bar.width() < labelWidth
                || item.index >= spans.size())
                continue;
            addLabel(out, bar, colour, TimelineToolTip::spanLabel(*trace, thread, item.index),
                     spanMetrics, lane.run, thread, true);
        }
    }
}

TimelineHit SpanRowPainter::hitTest(const TimelineLane &lane, const QRect &, QPoint point,
                                    const TimeScale &scale) const
{
    const auto &trace = m_frame.runs[size_t(lane.run)];
    TimelineHit hit = hitAt(TimelineHit::Part::SpanBand, point, scale);
    hit.thread = lane.index;
    if (lane.index >= trace->threads().size())
        return hit;
    hit.task = m_frame.taskAt(lane.run, lane.index, hit.time);
    const TimeNs tolerance = std::max<TimeNs>(1, scale.durationOf(m_frame.px(3)));
    const ThreadSpans &spans = trace->spansOf(lane.index);
    for (const lod::SpanLayer &layer : m_frame.cache->spanLayers(trace, lane.index)) {
        // Holds are drawn as lines over the boxes: a hit looks through them to the box below.
        if (layer.depth > 0 || kindOf(layer.kind).line)
            continue;
        auto span = lod::spanAt(spans, layer.spans, hit.time);
        if (!span) {
            for (const TimeNs t : {hit.time - tolerance, hit.time + tolerance}) {
                span = lod::spanAt(spans, layer.spans, t);
                if (span)
                    break;
            }
        }
        if (!span)
            continue;
        hit.span = *span;
        hit.begin = spans.begin[*span];
        hit.end = spans.end[*span];
        break;
    }
    hit.toolTip = TimelineToolTip::spanBand(*trace, hit, scale.nsPerPixel());
    return hit;
}

} // namespace corescope
