// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <QString>

#include <utility>
#include <vector>

namespace corescope {

/// Maps a visible time range onto a horizontal pixel range and back: the one place where time
/// becomes x. A small value type, so that a view, a renderer, an export and a test all agree.
class TimeScale
{
public:
    /// Narrowest visible range: far below any clock's resolution, wide enough for doubles.
    static constexpr TimeNs kMinSpan = 100;

    TimeScale() = default;
    /// `begin`..`end` drawn from x = left to x = left + width.
    TimeScale(TimeNs begin, TimeNs end, double left, double width);

    [[nodiscard]] TimeNs begin() const { return m_begin; }
    [[nodiscard]] TimeNs end() const { return m_end; }
    [[nodiscard]] TimeNs span() const { return m_end - m_begin; }
    [[nodiscard]] double left() const { return m_left; }
    [[nodiscard]] double width() const { return m_width; }
    [[nodiscard]] double right() const { return m_left + m_width; }
    [[nodiscard]] bool isValid() const { return m_end > m_begin && m_width > 0; }
    [[nodiscard]] double nsPerPixel() const;

    [[nodiscard]] double toPixel(TimeNs time) const;
    /// The time at x, rounded to the nearest nanosecond.
    [[nodiscard]] TimeNs toTime(double x) const;
    /// How long `pixels` pixels last.
    [[nodiscard]] TimeNs durationOf(double pixels) const;

    /// The same range on another pixel range (the widget was resized, or an export is drawn).
    [[nodiscard]] TimeScale withPixels(double left, double width) const;
    /// Another time range on the same pixels, clamped with clampRange().
    [[nodiscard]] TimeScale withRange(TimeNs begin, TimeNs end, TimeNs limitBegin,
                                      TimeNs limitEnd) const;
    /// Zoomed in by `factor` (> 1 zooms in, < 1 out) so that the time under x stays under x,
    /// then clamped to the limits.
    [[nodiscard]] TimeScale zoomedAt(double x, double factor, TimeNs limitBegin,
                                     TimeNs limitEnd) const;
    /// Moved later by `pixels` (earlier when negative), stopping at the limits.
    [[nodiscard]] TimeScale pannedBy(double pixels, TimeNs limitBegin, TimeNs limitEnd) const;

    /// A range at least kMinSpan and at most the limits long, moved to lie within the limits.
    [[nodiscard]] static std::pair<TimeNs, TimeNs> clampRange(TimeNs begin, TimeNs end,
                                                              TimeNs limitBegin, TimeNs limitEnd);

    /// The smallest step of 1, 2 or 5 × 10^k ns whose ticks are at least `minSpacing` px apart.
    [[nodiscard]] TimeNs tickStep(double minSpacing) const;
    /// Multiples of `step` within the range.
    [[nodiscard]] std::vector<TimeNs> ticks(TimeNs step) const;

    /// An axis label in the units of trace/duration.h: the unit is chosen by the step (s from
    /// 100 ms, ms from 100 µs, µs from 100 ns), so one axis keeps one unit, with just enough
    /// decimals to tell neighbouring ticks apart; zero is "0". Durations are formatDuration's.
    [[nodiscard]] static QString tickLabel(TimeNs time, TimeNs step);
    /// A moment, to `resolution` ns (e.g. one pixel's worth): "123.457 ms".
    [[nodiscard]] static QString formatTime(TimeNs time, double resolution);

private:
    TimeNs m_begin = 0;
    TimeNs m_end = 1;
    double m_left = 0;
    double m_width = 1;
};

} // namespace corescope
