// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinelayout.h"
#include "timeline/timelineprimitives.h"
#include "timeline/timelineviewstate.h"
#include "timeline/timescale.h"

#include <QRect>

#include <optional>

namespace corescope {

struct TimelineFrame;

/// What a replay draws over the lanes, made anew for each paint (it follows the playhead and
/// the highlight, not the data): wake-ups, as an arrow from the thread that ended a wait (let
/// go of the GIL or the lock, put the item, exited, resumed the task) to the lane it woke, or
/// dropping onto the lane from above where a timer fired or I/O completed, for
/// every wait of the highlighted thread in view and for each lane's latest wake-up just before
/// the playhead; and the run's critical path, as a band along the lanes it runs through with a
/// connector where it crosses from one to another.
class ReplayOverlayPainter
{
public:
    struct What
    {
        std::optional<ThreadKey> wakeupsOf;
        std::optional<TimeNs> playhead;
        bool criticalPath = false;
    };

    explicit ReplayOverlayPainter(const TimelineFrame &frame)
        : m_frame(frame)
    {
    }

    void build(const TimelineLayout &layout, int lanesTop, int scrollY, const TimeScale &scale,
               const QRect &viewport, const What &what, TimelinePrimitives &out) const;

private:
    /// The state strip of `thread`'s lane in `run`, or an empty rect where it has none.
    [[nodiscard]] QRect stripOf(const TimelineLayout &layout, int lanesTop, int scrollY,
                                const QRect &viewport, int run, uint32_t thread) const;
    void addWakeup(const TimelineLayout &layout, int lanesTop, int scrollY, const QRect &viewport,
                   int run, uint32_t thread, size_t wait, double x, TimelinePrimitives &out) const;

    const TimelineFrame &m_frame;
};

} // namespace corescope
