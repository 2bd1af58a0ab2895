// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/lanepainter.h"

namespace corescope {

/// A core lane: what ran on one core, a bar per slice in its thread's colour (striped for a
/// child process), named where the bar is wide enough; a crowded pixel fades toward the
/// background by how idle it was.
class CoreLanePainter final : public LanePainter
{
public:
    using LanePainter::LanePainter;

    void build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
               const LodWindow &window, TimelinePrimitives &out) override;
    [[nodiscard]] TimelineHit hitTest(const TimelineLane &lane, const QRect &rect, QPoint point,
                                      const TimeScale &scale) const override;
};

} // namespace corescope
