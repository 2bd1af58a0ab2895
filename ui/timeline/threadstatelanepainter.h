// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/lanepainter.h"

namespace corescope {

/// A thread lane's state strip (its lower part): running full height in the thread's colour
/// (striped for a child process) and labelled with its core, waiting states lower in their
/// theme colour, idle states (the kinds table's `idle` rows) as a thin line.
class ThreadStateLanePainter final : public LanePainter
{
public:
    using LanePainter::LanePainter;

    void build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
               const LodWindow &window, TimelinePrimitives &out) override;
    [[nodiscard]] TimelineHit hitTest(const TimelineLane &lane, const QRect &rect, QPoint point,
                                      const TimeScale &scale) const override;
};

} // namespace corescope
