// SPDX-License-Identifier: MIT
#include "timeline/handoffarrowpainter.h"

#include "timeline/timelineframe.h"
#include "timeline/timelinelodcache.h"
#include "trace/kinds.h"

#include <algorithm>

namespace corescope {

void HandoffArrowPainter::build(const TimelineLayout &layout, int lanesTop, int scrollY,
                                const TimeScale &scale, const QRect &viewport,
                                TimelinePrimitives &out) const
{
    const double minSpacing = m_frame.px(5);
    const double head = m_frame.px(3 + 2 * m_frame.theme.lineWidth);
    const auto byTime = [](const Marker &m, TimeNs t) { return m.time < t; };
    const auto stripOf = [&](size_t lane) {
        const TimelineLane &l = layout.lanes()[lane];
        return TimelineFrame::stateStripOf(
            l.kind, QRect(viewport.left(), lanesTop + l.top - scrollY, viewport.width(), l.height));
    };
    for (int run = 0; run < int(m_frame.runs.size()); ++run) {
        const auto &trace = m_frame.runs[size_t(run)];
        const auto &markers = trace->markers();
        // A hand-off got after the range may have been put within it, and crosses it then. Up
        // to four ranges ahead are looked at, so that one slow item cannot make the search long.
        const TimeNs reach =
            std::min(m_frame.cache->longestTransit(trace), 4 * (scale.end() - scale.begin()));
        auto it = std::lower_bound(markers.begin(), markers.end(), scale.begin(), byTime);
        double lastX = -1e9;
        int unwanted = 0;
        // At most one arrow every minSpacing pixels: after each one, jump ahead by binary search,
        // so the cost follows the pixels, not the number of hand-offs.
        while (it != markers.end() && it->time <= scale.end() + reach) {
            const Marker &marker = *it;
            const double x = scale.toPixel(marker.time);
            const bool wanted =
                kindOf(marker.kind).handoff() && marker.thread != marker.otherThread;
            if (!wanted) {
                ++it;
                if (++unwanted >= 64) { // a crowd of other markers: move on by a pixel
                    unwanted = 0;
                    const TimeNs next = std::max(marker.time + 1, scale.toTime(x + 1));
                    it = std::lower_bound(it, markers.end(), next, byTime);
                }
                continue;
            }
            unwanted = 0;
            if (x - lastX >= minSpacing) {
                const auto from = layout.laneOfThread(run, marker.otherThread);
                const auto to = layout.laneOfThread(run, marker.thread);
                if (from && to && marker.sentAt() <= scale.end()) {
                    const QRect fromStrip = stripOf(*from);
                    const QRect toStrip = stripOf(*to);
                    const double y0 = fromStrip.center().y();
                    const double y1 = toStrip.center().y();
                    const double direction = y1 > y0 ? 1.0 : -1.0;
                    if (std::max(y0, y1) >= viewport.top()
                        && std::min(y0, y1) <= viewport.bottom()) {
                        // From the put on the sender's strip to the get on the receiver's:
                        // slanted by the time the item spent on its way (none for the GIL).
                        const QLineF line(QPointF(scale.toPixel(marker.sentAt()), y0),
                                          QPointF(x, y1 - direction * (toStrip.height() / 2.0)));
                        out.arrows.push_back({line, TimelinePrimitives::arrowHead(line, head),
                                              m_frame.theme.arrowColour(marker.kind).rgba()});
                    }
                }
                lastX = x;
            }
            const TimeNs next = std::max(marker.time + 1, scale.toTime(lastX + minSpacing));
            it = std::lower_bound(it + 1, markers.end(), next, byTime);
        }
    }
}

} // namespace corescope
