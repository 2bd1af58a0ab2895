// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinelayout.h"
#include "trace/trace.h"

#include <QColor>
#include <QRect>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

class QPainter;

namespace corescope {

struct TimelineFrame;

/// One entry of the legend: a swatch drawn as the timeline draws the thing, and its text.
struct TimelineLegendEntry
{
    enum class Swatch : uint8_t {
        Solid,   ///< a core lane's bar, or a state that fills the strip (a task running)
        Hatched, ///< a child process's bar
        Band,    ///< a waiting state, lower in the strip
        Line,    ///< an idle state or a hold, a thin line at the foot
        Outline, ///< a box (a task), or an idle core
        Stripes, ///< running, in the threads' colours
        Arrow    ///< a hand-off
    };
    Swatch swatch = Swatch::Solid;
    QRgb colour = 0;
    QString text;
    QRect rect;                       ///< where it is drawn, set by the frame
    std::optional<ThreadState> state; ///< the kinds table's row it stands for, if any
    std::optional<SpanKind> span;
    std::optional<MarkerKind> marker;
};

/// The legend below the lanes: what the colours, bands, lines and arrows of the runs shown
/// mean. States, spans and hand-offs come from the kinds table (core/trace/kinds.h) in its
/// order, only those that occur in the runs, so a new kind needs no edit here.
class TimelineLegend
{
public:
    /// The entries for `frame`'s runs shown in `mode` (rectangles still empty).
    void build(const TimelineFrame &frame, LaneMode mode, bool showHandoffs,
               uint32_t maxColourSlot);
    void clear() { m_entries.clear(); }
    /// Flows the entries into rows from x = `left` up to `right`, from y = 0 down.
    void flow(const TimelineFrame &frame, int left, int right);
    void translate(int dy);
    /// Below the last row, in the flow's coordinates.
    [[nodiscard]] int bottom() const;
    [[nodiscard]] const std::vector<TimelineLegendEntry> &entries() const { return m_entries; }
    [[nodiscard]] bool isEmpty() const { return m_entries.empty(); }

    void paint(QPainter &painter, const TimelineFrame &frame) const;

private:
    /// The core lanes' entries: other programs (exact, sampled) and idle, where the runs have them.
    void addCoreTime(const TimelineFrame &frame);
    static void paintSwatch(QPainter &painter, const TimelineFrame &frame,
                            const TimelineLegendEntry &entry, const QRect &rect);

    std::vector<TimelineLegendEntry> m_entries;
};

} // namespace corescope
