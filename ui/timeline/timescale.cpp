// SPDX-License-Identifier: MIT
#include "timeline/timescale.h"

#include "qtext/qtext.h"
#include "trace/duration.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace corescope {
namespace {

/// The axis writes in the core's units, with the decimals it chose.
QString number(double ns, const DurationUnit &unit, int decimals)
{
    return text(formatDurationIn(ns, unit, decimals));
}

} // namespace

TimeScale::TimeScale(TimeNs begin, TimeNs end, double left, double width)
    : m_begin(begin)
    , m_end(std::max(end, begin + 1))
    , m_left(left)
    , m_width(std::max(width, 1.0))
{
}

double TimeScale::nsPerPixel() const
{
    return double(span()) / m_width;
}

double TimeScale::toPixel(TimeNs time) const
{
    return m_left + double(time - m_begin) / nsPerPixel();
}

TimeNs TimeScale::toTime(double x) const
{
    return m_begin + TimeNs(std::llround((x - m_left) * nsPerPixel()));
}

TimeNs TimeScale::durationOf(double pixels) const
{
    return TimeNs(std::llround(pixels * nsPerPixel()));
}

TimeScale TimeScale::withPixels(double left, double width) const
{
    return TimeScale(m_begin, m_end, left, width);
}

TimeScale TimeScale::withRange(TimeNs begin, TimeNs end, TimeNs limitBegin, TimeNs limitEnd) const
{
    const auto [b, e] = clampRange(begin, end, limitBegin, limitEnd);
    return TimeScale(b, e, m_left, m_width);
}

TimeScale TimeScale::zoomedAt(double x, double factor, TimeNs limitBegin, TimeNs limitEnd) const
{
    if (!(factor > 0))
        return *this;
    const double limitSpan = double(std::max(limitEnd - limitBegin, kMinSpan));
    const double newSpan = std::clamp(double(span()) / factor, double(kMinSpan), limitSpan);
    const double anchor = double(m_begin) + (x - m_left) * nsPerPixel();
    const double newBegin = anchor - (x - m_left) * newSpan / m_width;
    const auto begin = TimeNs(std::llround(newBegin));
    return withRange(begin, begin + TimeNs(std::llround(newSpan)), limitBegin, limitEnd);
}

TimeScale TimeScale::pannedBy(double pixels, TimeNs limitBegin, TimeNs limitEnd) const
{
    const TimeNs shift = durationOf(pixels);
    return withRange(m_begin + shift, m_end + shift, limitBegin, limitEnd);
}

std::pair<TimeNs, TimeNs> TimeScale::clampRange(TimeNs begin, TimeNs end, TimeNs limitBegin,
                                                TimeNs limitEnd)
{
    const TimeNs maxSpan = std::max(limitEnd - limitBegin, kMinSpan);
    TimeNs span = std::clamp(end - begin, kMinSpan, maxSpan);
    if (end < begin)
        span = kMinSpan;
    begin = std::clamp(begin, limitBegin, std::max(limitBegin, limitEnd - span));
    return {begin, begin + span};
}

TimeNs TimeScale::tickStep(double minSpacing) const
{
    const double wanted = std::max(minSpacing, 1.0) * nsPerPixel();
    TimeNs decade = 1;
    while (true) {
        for (const TimeNs mantissa : {1, 2, 5}) {
            if (double(mantissa * decade) >= wanted)
                return mantissa * decade;
        }
        if (decade > TimeNs(1) << 58)
            return decade;
        decade *= 10;
    }
}

std::vector<TimeNs> TimeScale::ticks(TimeNs step) const
{
    std::vector<TimeNs> result;
    if (step <= 0)
        return result;
    // The first multiple of step at or after begin (division rounds toward zero).
    TimeNs t = m_begin / step * step;
    if (t < m_begin)
        t += step;
    for (; t <= m_end; t += step)
        result.push_back(t);
    return result;
}

QString TimeScale::tickLabel(TimeNs time, TimeNs step)
{
    if (time == 0)
        return QStringLiteral("0");
    // One unit along the whole axis, chosen by the step, not by each tick's own magnitude.
    const DurationUnit &unit = durationUnitFor(double(step) * 10.0);
    const double inUnit = double(step) / double(unit.ns);
    const int decimals = std::max(0, int(std::ceil(-std::log10(inUnit) - 1e-9)));
    return number(double(time), unit, decimals);
}

QString TimeScale::formatTime(TimeNs time, double resolution)
{
    const DurationUnit &unit = durationUnitFor(double(time));
    const double steps = double(unit.ns) / std::max(resolution, 1.0);
    // At most a nanosecond's digits in seconds (9) and milliseconds (6), 3 in smaller units.
    const int finest = std::max(3, int(std::lround(std::log10(double(unit.ns)))));
    const int decimals =
        std::clamp(int(std::ceil(std::log10(std::max(steps, 1.0)) - 1e-9)), 0, finest);
    return number(double(time), unit, decimals);
}

} // namespace corescope
