// SPDX-License-Identifier: MIT
#include "timeline/timescale.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace corescope {
namespace {

struct Unit
{
    double ns;
    const char16_t *suffix;
};

constexpr Unit kSeconds{1e9, u" s"};
constexpr Unit kMilliseconds{1e6, u" ms"};
constexpr Unit kMicroseconds{1e3, u" µs"};
constexpr Unit kNanoseconds{1, u" ns"};

/// The unit in which `magnitude` ns is at least 1 (ns below a microsecond).
Unit unitFor(double magnitude)
{
    if (magnitude >= kSeconds.ns)
        return kSeconds;
    if (magnitude >= kMilliseconds.ns)
        return kMilliseconds;
    if (magnitude >= kMicroseconds.ns)
        return kMicroseconds;
    return kNanoseconds;
}

QString number(double value, int decimals, const Unit &unit)
{
    // The C locale: axis labels read the same on every machine and in every exported slide.
    return QLocale::c().toString(value, 'f', decimals) + QString::fromUtf16(unit.suffix);
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
    const Unit unit = unitFor(double(step) * 10.0);
    const double inUnit = double(step) / unit.ns;
    const int decimals = std::max(0, int(std::ceil(-std::log10(inUnit) - 1e-9)));
    return number(double(time) / unit.ns, decimals, unit);
}

QString TimeScale::formatDuration(TimeNs duration)
{
    const double magnitude = std::abs(double(duration));
    const Unit unit = unitFor(magnitude);
    const double value = double(duration) / unit.ns;
    const double abs = std::abs(value);
    // Three significant digits; whole nanoseconds never get decimals.
    int decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
    if (unit.ns == kNanoseconds.ns)
        decimals = 0;
    return number(value, decimals, unit);
}

QString TimeScale::formatTime(TimeNs time, double resolution)
{
    const Unit unit = unitFor(std::abs(double(time)));
    const double steps = unit.ns / std::max(resolution, 1.0);
    const int decimals = std::clamp(int(std::ceil(std::log10(std::max(steps, 1.0)) - 1e-9)), 0,
                                    unit.ns == kSeconds.ns        ? 9
                                    : unit.ns == kMilliseconds.ns ? 6
                                                                  : 3);
    return number(double(time) / unit.ns, decimals, unit);
}

} // namespace corescope
