// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinelayout.h"
#include "timeline/timelineprimitives.h"
#include "timeline/timescale.h"

#include <QRect>

namespace corescope {

struct TimelineFrame;

/// Hand-offs as arrows from the thread lane that let go to the one that took over, in the
/// colour of their kind: straight down or up where it was at once (the GIL, a lock), slanted
/// from the put to the get where it took time (an item through a queue). Unlike a lane
/// painter's, its primitives cross lanes, so it draws over all of them.
class HandoffArrowPainter
{
public:
    explicit HandoffArrowPainter(const TimelineFrame &frame)
        : m_frame(frame)
    {
    }

    /// Arrows of the markers in `scale`'s range whose ends lie in `viewport`; lanes are at
    /// `layout`'s content y, drawn from `lanesTop` and scrolled by `scrollY`.
    void build(const TimelineLayout &layout, int lanesTop, int scrollY, const TimeScale &scale,
               const QRect &viewport, TimelinePrimitives &out) const;

private:
    const TimelineFrame &m_frame;
};

} // namespace corescope
