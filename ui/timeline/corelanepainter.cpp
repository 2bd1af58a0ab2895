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
    m_taken.assign(size_t(std::max(0, rect.width())), false);
    for (const LodItem &item : m_items) {
        const Span x = columns(item, rect, scale);
        if (x.isEmpty())
            continue;
        std::fill(m_taken.begin() + (x.x0 - rect.left()), m_taken.begin() + (x.x1 - rect.left()),
                  true);
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
    addOtherPrograms(m_frame.cache->occupancy(trace).cores()[lane.index], lane.run,
                     QRect(rect.left(), top, rect.width(), height), scale, window, out);
}

void CoreLanePainter::addOtherPrograms(const CoreOccupancy::Core &core, int run, const QRect &rect,
                                       const TimeScale &scale, const LodWindow &window,
                                       TimelinePrimitives &out)
{
    // Pieces go where the run's own bars left the columns free; a piece that continues the one
    // before it in the same colour extends it, so that bars follow the pixels, not the
    // intervals, and a hatch is wide enough to show.
    struct Pending
    {
        Span x{0, 0};
        QRgb colour = 0;
        bool hatched = false;
    } pending;
    const auto flush = [&] {
        if (!pending.x.isEmpty())
            addBar(out, QRect(pending.x.x0, rect.top(), pending.x.width(), rect.height()),
                   pending.colour, run, kNoThread, pending.hatched);
        pending.x = {0, 0};
    };
    const auto fillFree = [&](Span x, QRgb colour, bool hatched) {
        for (int px = x.x0; px < x.x1;) {
            while (px < x.x1 && m_taken[size_t(px - rect.left())])
                ++px;
            const int start = px;
            while (px < x.x1 && !m_taken[size_t(px - rect.left())])
                m_taken[size_t(px++ - rect.left())] = true;
            if (px == start)
                continue;
            if (pending.x.x1 == start && pending.colour == colour && pending.hatched == hatched) {
                pending.x.x1 = px;
            } else {
                flush();
                pending = {{start, px}, colour, hatched};
            }
        }
    };

    // Exact (a thread of the run wanted this core): hatched in the neutral colour.
    const QRgb neutral = m_frame.theme.otherPrograms.rgb();
    const auto &exact = core.exactIntervals;
    for (auto it = std::lower_bound(exact.begin(), exact.end(), window.begin,
                                    [](const auto &i, TimeNs t) { return i.end <= t; });
         it != exact.end() && it->begin < window.end; ++it)
        fillFree(columns(it->begin, it->end, rect, scale), neutral, true);
    flush();
    // Sampled: what is still free of each sample interval, shaded by the share of it other
    // programs took, from the background (none of it) to the neutral colour (all of it).
    const QRgb background = m_frame.theme.background.rgb();
    const auto &samples = core.samples;
    for (auto it = std::lower_bound(samples.begin(), samples.end(), window.begin,
                                    [](const auto &s, TimeNs t) { return s.end <= t; });
         it != samples.end() && it->begin < window.end; ++it) {
        if (it->others > 0)
            fillFree(columns(it->begin, it->end, rect, scale),
                     TimelinePalette::mix(neutral, background, 1.0 - it->shareOfGaps), false);
    }
    flush();
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
    const CoreOccupancy &occupied = m_frame.cache->occupancy(m_frame.runs[size_t(lane.run)]);
    const struct
    {
        const CoreOccupancy::Core &core;
        bool pending;
    } occupancy{occupied.cores()[lane.index], occupied.pending()};
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
    hit.toolTip = TimelineToolTip::coreLane(trace, hit, scale.nsPerPixel(),
                                            occupancy.pending ? nullptr : &occupancy.core);
    return hit;
}

} // namespace corescope
