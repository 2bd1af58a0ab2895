// SPDX-License-Identifier: MIT
#include "timeline/lanepainter.h"

#include <algorithm>
#include <cmath>

namespace corescope {

LanePainter::~LanePainter() = default;

uint32_t LanePainter::eventsInPixel(std::span<const TimeNs> begins, const TimeScale &scale, int x)
{
    const TimeNs pixel = std::max<TimeNs>(1, scale.durationOf(1));
    const TimeNs columnBegin = scale.toTime(std::floor(double(x)));
    return uint32_t(lod::firstBeginningAtOrAfter(begins, columnBegin + pixel)
                    - lod::firstBeginningAtOrAfter(begins, columnBegin));
}

} // namespace corescope
