// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/levelofdetail.h"
#include "timeline/timelinehit.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelineprimitives.h"
#include "timeline/timescale.h"

#include <QPoint>
#include <QRect>

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

class QFontMetrics;

namespace corescope {

struct TimelineFrame;

/// Draws one part of a lane and says what lies under a point of it. A lane kind is a list of
/// painters (a thread lane: its span row above its state strip; a task lane: a state strip; a
/// counter lane: its step chart), so that a new lane kind is a new painter and a line in the
/// renderer, not an edit of the others.
/// Painters make primitives from level-of-detail queries only, so that their cost follows the
/// pixels, not the events.
class LanePainter
{
public:
    explicit LanePainter(const TimelineFrame &frame)
        : m_frame(frame)
    {
    }
    virtual ~LanePainter();
    LanePainter(const LanePainter &) = delete;
    LanePainter &operator=(const LanePainter &) = delete;

    /// The part of `laneRect` this painter draws in and answers for.
    [[nodiscard]] virtual QRect area(const QRect &laneRect) const { return laneRect; }
    /// Appends the primitives of `lane` (drawn in `rect`, the lane's plot part) in `window`.
    virtual void build(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
                       const LodWindow &window, TimelinePrimitives &out) = 0;
    /// What lies under `point` of `lane` (in `rect`), with its tooltip; lane and run are left
    /// to the caller.
    [[nodiscard]] virtual TimelineHit hitTest(const TimelineLane &lane, const QRect &rect,
                                              QPoint point, const TimeScale &scale) const = 0;

    /// How many of `begins` (sorted) fall in the pixel column at x: more than one means the
    /// drawing merged them.
    [[nodiscard]] static uint32_t eventsInPixel(const Column<TimeNs> &begins,
                                                const TimeScale &scale, int x);

protected:
    /// From pixel x0 to x1 of `time`'s range, clipped to `rect`, at least a pixel wide; empty
    /// when the interval lies outside.
    struct Span
    {
        int x0;
        int x1;
        [[nodiscard]] bool isEmpty() const { return x1 <= x0; }
        [[nodiscard]] int width() const { return x1 - x0; }
    };
    [[nodiscard]] static Span columns(TimeNs begin, TimeNs end, const QRect &rect,
                                      const TimeScale &scale)
    {
        // Inline: called for every item of every frame.
        const int x0 = std::max(rect.left(), int(std::floor(scale.toPixel(begin))));
        const int x1 = std::min(rect.left() + rect.width(),
                                std::max(x0 + 1, int(std::floor(scale.toPixel(end)))));
        return {x0, x1};
    }
    [[nodiscard]] static Span columns(const LodItem &item, const QRect &rect,
                                      const TimeScale &scale)
    {
        return columns(item.begin, item.end, rect, scale);
    }

    /// A bar; a child process's is striped where it is wide enough for the stripes to show.
    static void addBar(TimelinePrimitives &out, const QRect &bar, QRgb colour, int run,
                       uint32_t thread, bool hatched);
    /// `text` on `bar`, in the ink that reads on `colour`, if it fits (`metrics`: its font's).
    void addLabel(TimelinePrimitives &out, const QRect &bar, QRgb colour, const QString &text,
                  const QFontMetrics &metrics, int run, uint32_t thread, bool span) const;
    /// A hit on `part` at `point`, before the painter looks at what lies there.
    [[nodiscard]] static TimelineHit hitAt(TimelineHit::Part part, QPoint point,
                                           const TimeScale &scale);

    const TimelineFrame &m_frame;
    std::vector<LodItem> m_items; ///< scratch, kept for its capacity
};

} // namespace corescope
