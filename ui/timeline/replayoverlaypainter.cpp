// SPDX-License-Identifier: MIT
#include "timeline/replayoverlaypainter.h"

#include "analysis/criticalpath.h"
#include "timeline/timelineframe.h"
#include "timeline/timelinelodcache.h"

#include <algorithm>

namespace corescope {
namespace {

/// The colour of a wake-up: that of the hand-off of what was waited for.
QColor wakeupColour(const TimelineTheme &theme, const Trace &trace, uint32_t object)
{
    if (object >= trace.waitObjects().size())
        return theme.mutedText;
    switch (trace.waitObjects()[object].kind) {
    case WaitObjectKind::Gil:
        return theme.arrowColour(MarkerKind::GilHandoff);
    case WaitObjectKind::Lock:
        return theme.arrowColour(MarkerKind::LockHandoff);
    case WaitObjectKind::Queue:
        return theme.arrowColour(MarkerKind::QueueHandoff);
    default:
        return theme.playhead;
    }
}

} // namespace

QRect ReplayOverlayPainter::stripOf(const TimelineLayout &layout, int lanesTop, int scrollY,
                                    const QRect &viewport, int run, uint32_t thread) const
{
    const auto lane = layout.laneOfThread(run, thread);
    if (!lane)
        return {};
    const TimelineLane &l = layout.lanes()[*lane];
    return TimelineFrame::stateStripOf(
        l.kind, QRect(viewport.left(), lanesTop + l.top - scrollY, viewport.width(), l.height));
}

void ReplayOverlayPainter::addWakeup(const TimelineLayout &layout, int lanesTop, int scrollY,
                                     const QRect &viewport, int run, uint32_t thread, size_t wait,
                                     double x, TimelinePrimitives &out) const
{
    const Trace &trace = *m_frame.runs[size_t(run)];
    const ThreadWaits &waits = trace.waitsOf(thread);
    const uint32_t waker = waits.endedBy[wait];
    const QRect to = stripOf(layout, lanesTop, scrollY, viewport, run, thread);
    if (waker == thread || to.isEmpty())
        return;
    const double head = m_frame.px(4 + 2 * m_frame.theme.lineWidth);
    const QColor colour = wakeupColour(m_frame.theme, trace, waits.object[wait]);
    if (waker >= trace.threads().size()) {
        // Ended by no thread of the run: a timer that fired, I/O that completed. A short
        // arrow drops onto the lane from above.
        const uint32_t object = waits.object[wait];
        const bool known = object < trace.waitObjects().size()
                           && (trace.waitObjects()[object].kind == WaitObjectKind::Timer
                               || trace.waitObjects()[object].kind == WaitObjectKind::Socket
                               || trace.waitObjects()[object].kind == WaitObjectKind::File);
        if (known && to.top() >= viewport.top()) {
            const QLineF line(QPointF(x, to.top() - 3 * head), QPointF(x, to.top()));
            out.arrows.push_back({line, TimelinePrimitives::arrowHead(line, head), colour.rgba()});
        }
        return;
    }
    const QRect from = stripOf(layout, lanesTop, scrollY, viewport, run, waker);
    if (from.isEmpty())
        return;
    const double y0 = from.center().y();
    const double y1 = to.center().y();
    if (std::max(y0, y1) < viewport.top() || std::min(y0, y1) > viewport.bottom())
        return;
    const double direction = y1 > y0 ? 1.0 : -1.0;
    const QLineF line(QPointF(x, y0), QPointF(x, y1 - direction * (to.height() / 2.0)));
    out.arrows.push_back({line, TimelinePrimitives::arrowHead(line, head), colour.rgba()});
}

void ReplayOverlayPainter::build(const TimelineLayout &layout, int lanesTop, int scrollY,
                                 const TimeScale &scale, const QRect &viewport, const What &what,
                                 TimelinePrimitives &out) const
{
    const double minSpacing = m_frame.px(4);
    // The highlighted thread's wake-ups in view, at most one every few pixels.
    if (what.wakeupsOf && size_t(what.wakeupsOf->run) < m_frame.runs.size()) {
        const int run = what.wakeupsOf->run;
        const uint32_t thread = what.wakeupsOf->thread;
        const Trace &trace = *m_frame.runs[size_t(run)];
        if (thread < trace.threads().size()) {
            const ThreadWaits &waits = trace.waitsOf(thread);
            const TimeNs last = what.playhead ? std::min(scale.end(), *what.playhead) : scale.end();
            auto it = std::lower_bound(waits.end.begin(), waits.end.end(), scale.begin());
            while (it != waits.end.end() && *it <= last) {
                const auto row = size_t(it - waits.end.begin());
                const double x = scale.toPixel(*it);
                addWakeup(layout, lanesTop, scrollY, viewport, run, thread, row, x, out);
                it = std::lower_bound(it + 1, waits.end.end(),
                                      std::max(*it + 1, scale.toTime(x + minSpacing)));
            }
        }
    }
    // Each lane's latest wake-up in the moments before the playhead.
    if (what.playhead) {
        const TimeNs recent = std::max<TimeNs>(1, (scale.end() - scale.begin()) / 12);
        for (int run = 0; run < int(m_frame.runs.size()); ++run) {
            const Trace &trace = *m_frame.runs[size_t(run)];
            for (uint32_t thread = 0; thread < trace.threads().size(); ++thread) {
                if (what.wakeupsOf == ThreadKey{run, thread})
                    continue;
                const ThreadWaits &waits = trace.waitsOf(thread);
                const auto after =
                    std::upper_bound(waits.end.begin(), waits.end.end(), *what.playhead);
                if (after == waits.end.begin() || *std::prev(after) < *what.playhead - recent)
                    continue;
                const auto row = size_t(after - waits.end.begin()) - 1;
                addWakeup(layout, lanesTop, scrollY, viewport, run, thread, row,
                          scale.toPixel(waits.end[row]), out);
            }
        }
    }
    if (!what.criticalPath)
        return;
    // The critical path: a band under each stretch's strip, a connector where it changes lane.
    const int band = std::max(2, m_frame.px(3));
    const QRgb colour = m_frame.theme.playhead.rgba();
    for (int run = 0; run < int(m_frame.runs.size()); ++run) {
        if (m_frame.runs[size_t(run)]->metadata().live)
            continue; // found when the run ends, not anew for each snapshot
        const CriticalPath &path = m_frame.cache->criticalPath(m_frame.runs[size_t(run)]);
        const auto &segments = path.segments();
        auto it = std::upper_bound(segments.begin(), segments.end(), scale.begin(),
                                   [](TimeNs t, const PathSegment &s) { return t < s.end; });
        if (it != segments.begin())
            --it; // the connector into the first one in view
        std::optional<QPointF> previous;
        while (it != segments.end() && it->begin <= scale.end()) {
            const QRect strip = stripOf(layout, lanesTop, scrollY, viewport, run, it->thread);
            const double x0 = std::max(scale.toPixel(it->begin), double(viewport.left()));
            const double x1 = std::min(scale.toPixel(it->end), double(viewport.right() + 1));
            if (strip.isEmpty()) {
                previous.reset();
            } else {
                const int y = strip.bottom() + 1;
                out.overlayBars.push_back({QRect(int(x0), y, std::max(1, int(x1 - x0)), band),
                                           colour, run, it->thread, false});
                const QPointF start(x0, y);
                if (previous && std::abs(previous->y() - start.y()) > 1)
                    out.arrows.push_back({QLineF(*previous, start), QPolygonF(), colour});
                previous = QPointF(x1, y);
            }
            // At most one stretch a pixel: zoomed out, a long path costs the pixels, not its
            // length (the stretches skipped lie within the pixel just drawn).
            const TimeNs nextPixel = std::max(it->end, scale.toTime(std::floor(x1) + 1));
            it = std::upper_bound(it + 1, segments.end(), nextPixel - 1,
                                  [](TimeNs t, const PathSegment &seg) { return t < seg.end; });
        }
    }
}

} // namespace corescope
