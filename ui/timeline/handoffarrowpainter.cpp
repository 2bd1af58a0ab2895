// SPDX-License-Identifier: MIT
#include "timeline/handoffarrowpainter.h"

#include "timeline/timelineframe.h"
#include "trace/kinds.h"

#include <algorithm>

namespace corescope {

void HandoffArrowPainter::build(const TimelineLayout &layout, int lanesTop, int scrollY,
                                const TimeScale &scale, const QRect &viewport,
                                TimelinePrimitives &out) const
{
    const double minSpacing = m_frame.px(5);
    const double head = m_frame.px(5);
    const auto byTime = [](const Marker &m, TimeNs t) { return m.time < t; };
    const auto stripOf = [&](size_t lane) {
        const TimelineLane &l = layout.lanes()[lane];
        return TimelineFrame::stateStripOf(
            QRect(viewport.left(), lanesTop + l.top - scrollY, viewport.width(), l.height));
    };
    for (int run = 0; run < int(m_frame.runs.size()); ++run) {
        const auto &markers = m_frame.runs[size_t(run)]->markers();
        auto it = std::lower_bound(markers.begin(), markers.end(), scale.begin(), byTime);
        double lastX = -1e9;
        int unwanted = 0;
        // At most one arrow every minSpacing pixels: after each one, jump ahead by binary search,
        // so the cost follows the pixels, not the number of hand-offs.
        while (it != markers.end() && it->time <= scale.end()) {
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
                if (from && to) {
                    const QRect fromStrip = stripOf(*from);
                    const QRect toStrip = stripOf(*to);
                    const double y0 = fromStrip.center().y();
                    const double y1 = toStrip.center().y();
                    const double direction = y1 > y0 ? 1.0 : -1.0;
                    if (std::max(y0, y1) >= viewport.top()
                        && std::min(y0, y1) <= viewport.bottom()) {
                        const QPointF tip(x, y1 - direction * (toStrip.height() / 2.0));
                        const QRgb colour =
                            (marker.kind == MarkerKind::GilHandoff ? m_frame.theme.gilArrow
                                                                   : m_frame.theme.lockArrow)
                                .rgba();
                        out.arrows.push_back({QLineF(QPointF(x, y0), tip),
                                              TimelinePrimitives::arrowHead(tip, direction, head),
                                              colour});
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
