// SPDX-License-Identifier: MIT
#include "timeline/timelineframe.h"

#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelinetooltip.h"

#include <algorithm>
#include <cmath>

namespace corescope {

QString TimelineFrame::threadName(int run, uint32_t thread) const
{
    return TimelineToolTip::threadName(*runs[size_t(run)], thread);
}

std::optional<uint32_t> TimelineFrame::taskAt(int run, uint32_t thread, TimeNs time) const
{
    const auto &trace = runs[size_t(run)];
    if (thread >= trace->threads().size())
        return std::nullopt;
    const lod::SpanLayer *tasks = cache->taskLayer(trace, thread);
    if (!tasks)
        return std::nullopt;
    const auto span = lod::spanAt(trace->spansOf(thread), tasks->spans, time);
    if (!span)
        return std::nullopt;
    return trace->spansOf(thread).task[*span];
}

QRgb TimelineFrame::fadedColour(QRgb colour) const
{
    return TimelinePalette::mix(colour, theme.background.rgb(), theme.fade);
}

QRect TimelineFrame::spanBandOf(const QRect &laneRect)
{
    const int gap = std::max(1, laneRect.height() / 14);
    const int band = std::max(2, laneRect.height() * 9 / 25);
    return QRect(laneRect.left(), laneRect.top() + gap, laneRect.width(), band - gap);
}

QRect TimelineFrame::stateStripOf(const QRect &laneRect)
{
    const QRect band = spanBandOf(laneRect);
    const int gap = std::max(1, laneRect.height() / 14);
    const int top = band.bottom() + 1 + gap;
    return QRect(laneRect.left(), top, laneRect.width(),
                 std::max(2, laneRect.bottom() - gap - top + 1));
}

QRect TimelineFrame::stateStripOf(TimelineLane::Kind kind, const QRect &laneRect)
{
    if (kind != TimelineLane::Kind::Task)
        return stateStripOf(laneRect);
    const int gap = std::max(1, laneRect.height() / 10);
    return laneRect.adjusted(0, gap, 0, -gap);
}

} // namespace corescope
