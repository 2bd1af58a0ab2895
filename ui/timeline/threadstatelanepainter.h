// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/lanepainter.h"

namespace corescope {

/// A thread lane's state strip (its lower part), or a task lane: running full height in the
/// thread's colour (striped for a child process) and labelled with its core, a task running on
/// its thread full height in its theme colour, waiting states lower in theirs, idle states (the
/// kinds table's `idle` rows) as a thin line. A hit on a wait names its cause where the run
/// knows it.
class ThreadStateLanePainter final : public LanePainter
{
public:
    using LanePainter::LanePainter;

    /// How much of the strip a state's bar fills (the legend draws its swatch the same).
    enum class Height : uint8_t {
        Full, ///< running: on a core, or a task on its thread
        Band, ///< the lower part: waiting, starting
        Line  ///< a thin line at the foot: idle
    };
    [[nodiscard]] static Height heightOf(ThreadState state);

    void build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
               const LodWindow &window, TimelinePrimitives &out) override;
    [[nodiscard]] TimelineHit hitTest(const TimelineLane &lane, const QRect &rect, QPoint point,
                                      const TimeScale &scale) const override;
};

} // namespace corescope
