// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/countersummary.h"
#include "timeline/lanepainter.h"

namespace corescope {

/// A counter lane: the track's values as a step chart from zero (or its lowest value, where
/// that is below zero) at the foot to its highest at the top, a line over a pale fill in the
/// colour of what it counts; a crowded pixel column as a bar from its lowest value to its
/// highest. Drawn from CounterSummary queries, so its cost follows the pixels.
class CounterLanePainter final : public LanePainter
{
public:
    using LanePainter::LanePainter;

    void build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
               const LodWindow &window, TimelinePrimitives &out) override;
    [[nodiscard]] TimelineHit hitTest(const TimelineLane &lane, const QRect &rect, QPoint point,
                                      const TimeScale &scale) const override;

private:
    std::vector<CounterSummary::Item> m_values; ///< scratch, kept for its capacity
};

} // namespace corescope
