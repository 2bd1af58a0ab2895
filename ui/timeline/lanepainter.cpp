// SPDX-License-Identifier: MIT
#include "timeline/lanepainter.h"

#include "timeline/timelineframe.h"
#include "timeline/timelinepalette.h"

#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace corescope {

LanePainter::~LanePainter() = default;

uint32_t LanePainter::eventsInPixel(const Column<TimeNs> &begins, const TimeScale &scale, int x)
{
    const TimeNs pixel = std::max<TimeNs>(1, scale.durationOf(1));
    const TimeNs columnBegin = scale.toTime(std::floor(double(x)));
    return uint32_t(lod::firstBeginningAtOrAfter(begins, columnBegin + pixel)
                    - lod::firstBeginningAtOrAfter(begins, columnBegin));
}

void LanePainter::addBar(TimelinePrimitives &out, const QRect &bar, QRgb colour, int run,
                         uint32_t thread, bool hatched)
{
    out.bars.push_back({bar, colour, run, thread, hatched});
    if (hatched && bar.width() >= 4)
        out.hatches.push_back(bar);
}

void LanePainter::addLabel(TimelinePrimitives &out, const QRect &bar, QRgb colour,
                           const QString &text, const QFontMetrics &metrics, int run,
                           uint32_t thread, bool span) const
{
    if (text.isEmpty() || metrics.horizontalAdvance(text) + m_frame.px(8) > bar.width())
        return;
    out.texts.push_back(
        {bar, text, TimelinePalette::textOn(QColor(colour)).rgb(), run, thread, span});
}

TimelineHit LanePainter::hitAt(TimelineHit::Part part, QPoint point, const TimeScale &scale)
{
    TimelineHit hit;
    hit.part = part;
    hit.time = scale.toTime(point.x());
    return hit;
}

} // namespace corescope
