// SPDX-License-Identifier: MIT
#include "timeline/corelanepainter.h"

#include "timeline/timelineframe.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelinetooltip.h"

#include <QFontMetrics>

namespace corescope {

void CoreLanePainter::build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
                            const LodWindow &window, TimelinePrimitives &out)
{
    const auto &trace = m_frame.runs[size_t(lane.run)];
    if (lane.index >= trace->coreCount())
        return;
    m_frame.cache->coreItems(trace, lane.index, window, m_items);
    const int gap = std::max(1, rect.height() / 10);
    const int top = rect.top() + gap;
    const int height = std::max(1, rect.height() - 2 * gap);
    const QRgb background = m_frame.theme.background.rgb();
    const QFontMetrics metrics(m_frame.smallFont);
    const size_t threadCount = trace->threads().size();
    const int labelWidth = m_frame.px(60); // narrower bars are not named
    for (const LodItem &item : m_items) {
        const Span x = columns(item, rect, scale);
        if (x.isEmpty())
            continue;
        const uint32_t thread = item.key < threadCount ? item.key : kNoThread;
        QRgb colour = thread == kNoThread ? m_frame.theme.mutedText.rgb()
                                          : m_frame.threadColour(lane.run, thread);
        // A crowded pixel that is partly idle fades toward the background by how idle it is.
        const int level = item.coverageLevel();
        if (level < LodItem::kCoverageLevels)
            colour = TimelinePalette::mix(colour, background,
                                          0.85 * (1.0 - double(level) / LodItem::kCoverageLevels));
        const QRect bar(x.x0, top, x.width(), height);
        addBar(out, bar, colour, lane.run, thread,
               thread != kNoThread && m_frame.isProcess(lane.run, thread));
        if (thread != kNoThread && bar.width() >= labelWidth)
            addLabel(out, bar, colour, m_frame.threadName(lane.run, thread), metrics, lane.run,
                     thread, false);
    }
}

TimelineHit CoreLanePainter::hitTest(const TimelineLane &lane, const QRect &, QPoint point,
                                     const TimeScale &scale) const
{
    const Trace &trace = m_frame.run(lane.run);
    TimelineHit hit = hitAt(TimelineHit::Part::CoreLane, point, scale);
    hit.core = lane.index;
    if (lane.index >= trace.coreCount()) {
        hit.toolTip = TimelineToolTip::coreLane(trace, hit, scale.nsPerPixel());
        return hit;
    }
    const CoreSlices &slices = trace.slicesOnCore(lane.index);
    auto found = lod::sliceAt(slices, hit.time);
    if (!found) {
        // Nothing exactly here: the nearest slice within a few pixels, so thin ones can be hit.
        const TimeNs tolerance = std::max<TimeNs>(1, scale.durationOf(m_frame.px(3)));
        const size_t next = lod::firstBeginningAtOrAfter(slices.begin, hit.time);
        std::optional<size_t> best;
        TimeNs distance = tolerance + 1;
        if (next < slices.size() && slices.begin[next] - hit.time < distance) {
            best = next;
            distance = slices.begin[next] - hit.time;
        }
        if (next > 0 && hit.time - slices.end[next - 1] < distance)
            best = next - 1;
        found = best;
    }
    if (found) {
        const size_t k = *found;
        hit.thread = slices.thread[k];
        hit.begin = slices.begin[k];
        hit.end = slices.end[k];
        hit.state = ThreadState::Running;
        hit.task = m_frame.taskAt(lane.run, *hit.thread, hit.time);
        hit.eventsInPixel = eventsInPixel(slices.begin, scale, point.x());
    }
    hit.toolTip = TimelineToolTip::coreLane(trace, hit, scale.nsPerPixel());
    return hit;
}

} // namespace corescope
