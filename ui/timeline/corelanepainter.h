// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/lanepainter.h"
#include "trace/coreoccupancy.h"

#include <vector>

namespace corescope {

/// A core lane: what ran on one core, a bar per slice in its thread's colour (striped for a
/// child process), named where the bar is wide enough; a crowded pixel fades toward the
/// background by how idle it was; and what other programs took of the rest.
class CoreLanePainter final : public LanePainter
{
public:
    using LanePainter::LanePainter;

    void build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
               const LodWindow &window, TimelinePrimitives &out) override;
    [[nodiscard]] TimelineHit hitTest(const TimelineLane &lane, const QRect &rect, QPoint point,
                                      const TimeScale &scale) const override;

private:
    /// Other programs' time on the core, in the columns the run's slices leave free: hatched
    /// where exact, shaded by their share where sampled.
    void addOtherPrograms(const CoreOccupancy::Core &core, int run, const QRect &rect,
                          const TimeScale &scale, const LodWindow &window, TimelinePrimitives &out);

    std::vector<bool> m_taken; ///< per column of the lane: drawn on already (scratch)
};

} // namespace corescope
