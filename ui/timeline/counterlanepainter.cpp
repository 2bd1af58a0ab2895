// SPDX-License-Identifier: MIT
#include "timeline/counterlanepainter.h"

#include "timeline/timelineframe.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelinetooltip.h"

#include <algorithm>
#include <cmath>

namespace corescope {
namespace {

/// The part of a counter lane the chart fills.
QRect chartOf(const QRect &laneRect)
{
    const int gap = std::max(2, laneRect.height() / 8);
    return laneRect.adjusted(0, gap, 0, -gap);
}

} // namespace

void CounterLanePainter::build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
                               const LodWindow &window, TimelinePrimitives &out)
{
    const auto &trace = m_frame.runs[size_t(lane.run)];
    if (lane.index >= trace->counters().size())
        return;
    const CounterSummary &summary = m_frame.cache->counterSummary(trace, lane.index);
    summary.query(window, m_values);
    if (m_values.empty())
        return;
    const QRect chart = chartOf(rect);
    const QRgb line = m_frame.theme.counterColour(trace->counters()[lane.index].kind).rgb();
    const QRgb fill = TimelinePalette::mix(line, m_frame.theme.background.rgb(), 0.72);
    const int thickness = m_frame.px(1.5 * m_frame.theme.lineWidth);
    // Zero at the foot (a lowest value below zero there instead), the highest at the top.
    const double low = std::min(0.0, summary.extremes().low);
    const double high = summary.extremes().high;
    const double range = high > low ? high - low : 1.0;
    const int foot = chart.bottom() + 1;
    const auto yOf = [&](double value) {
        const double share = std::clamp((value - low) / range, 0.0, 1.0);
        return int(std::lround(foot - share * (chart.height() - thickness))) - thickness;
    };
    const auto add = [&](std::vector<TimelinePrimitives::Bar> &bars, int x0, int x1, int top,
                         int bottom, QRgb colour) {
        if (bottom > top && x1 > x0)
            bars.push_back(
                {QRect(x0, top, x1 - x0, bottom - top), colour, lane.run, kNoThread, false});
    };
    std::optional<std::pair<int, int>> before; // the previous item's line, top to bottom
    for (const CounterSummary::Item &item : m_values) {
        const Span x = columns(item.begin, item.end, rect, scale);
        if (x.isEmpty())
            continue;
        const int top = yOf(item.high);
        const int bottom = yOf(item.low) + thickness;
        add(out.bars, x.x0, x.x1, bottom, foot, fill);
        add(out.overlayBars, x.x0, x.x1, top, bottom, line);
        // The step from the previous value: a riser as thick as the line.
        if (before && (before->first > bottom || before->second < top))
            add(out.overlayBars, x.x0, x.x0 + thickness, std::min(before->first, top),
                std::max(before->second, bottom), line);
        before = std::pair(top, bottom);
    }
}

TimelineHit CounterLanePainter::hitTest(const TimelineLane &lane, const QRect &, QPoint point,
                                        const TimeScale &scale) const
{
    const auto &trace = m_frame.runs[size_t(lane.run)];
    TimelineHit hit = hitAt(TimelineHit::Part::CounterLane, point, scale);
    hit.counter = lane.index;
    if (lane.index < trace->counters().size()) {
        const CounterSummary &summary = m_frame.cache->counterSummary(trace, lane.index);
        if (const auto index = summary.indexAt(hit.time);
            index && summary.endOf(*index) > hit.time) {
            hit.begin = summary.timeOf(*index);
            hit.end = summary.endOf(*index);
            hit.value = summary.valueOf(*index);
            const auto &times = trace->counters()[lane.index].time;
            hit.eventsInPixel = eventsInPixel(times, scale, point.x());
            if (hit.eventsInPixel > 1) {
                const TimeNs columnBegin = scale.toTime(std::floor(double(point.x())));
                const TimeNs pixel = std::max<TimeNs>(1, scale.durationOf(1));
                if (const auto e = summary.extremes(columnBegin, columnBegin + pixel))
                    hit.valuesInPixel = std::pair(e->low, e->high);
            }
        }
    }
    hit.toolTip = TimelineToolTip::counterLane(*trace, hit, scale.nsPerPixel());
    return hit;
}

} // namespace corescope
