// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/lanepainter.h"
#include "timeline/timelinetheme.h"

namespace corescope {

/// A thread lane's span row (its upper band): tasks, start-up and imported slices as boxes
/// with an edge in the thread's colour and their label where it fits; GIL and lock holds as a
/// line along the band's foot. Only the outermost spans (depth 0) are drawn.
class SpanRowPainter final : public LanePainter
{
public:
    using LanePainter::LanePainter;

    [[nodiscard]] QRect area(const QRect &laneRect) const override;
    void build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
               const LodWindow &window, TimelinePrimitives &out) override;
    [[nodiscard]] TimelineHit hitTest(const TimelineLane &lane, const QRect &rect, QPoint point,
                                      const TimeScale &scale) const override;

    /// A span's colour in a lane of colour `thread` (the legend shows the same).
    [[nodiscard]] static QRgb colourOf(SpanKind kind, QRgb thread, const TimelineTheme &theme);
};

} // namespace corescope
