// SPDX-License-Identifier: MIT
#include "trace/duration.h"

#include <array>
#include <charconv>
#include <cmath>

namespace corescope {
namespace {

constexpr std::array<DurationUnit, 4> kUnits = {{
    {1'000'000'000, "s", 3},
    {1'000'000, "ms", 1},
    {1'000, "µs", 0},
    // A capture's precision may be finer than a microsecond: "±0 µs" would hide it.
    {1, "ns", 0},
}};

} // namespace

std::span<const DurationUnit> durationUnits()
{
    return kUnits;
}

const DurationUnit &durationUnitFor(double magnitude)
{
    const double size = std::abs(magnitude);
    for (const DurationUnit &unit : kUnits) {
        if (size >= double(unit.ns))
            return unit;
    }
    return kUnits.back();
}

std::string formatDurationIn(double ns, const DurationUnit &unit, int decimals)
{
    // std::to_chars: the C locale's digits even where the application set another locale.
    std::array<char, 64> digits{};
    const auto written = std::to_chars(digits.data(), digits.data() + digits.size(),
                                       ns / double(unit.ns), std::chars_format::fixed, decimals);
    std::string text(digits.data(), written.ec == std::errc() ? written.ptr : digits.data());
    text += ' ';
    text += unit.suffix;
    return text;
}

std::string formatDuration(TimeNs ns)
{
    const DurationUnit *unit = &durationUnitFor(double(ns));
    // Rounded to its unit's decimals, a duration just short of the next unit up reaches it
    // ("1000 µs"): it is written in that unit instead ("1.0 ms").
    if (unit != &kUnits.front()) {
        const double scale = std::pow(10.0, unit->decimals);
        const double rounded = std::round(std::abs(double(ns)) / double(unit->ns) * scale) / scale;
        if (rounded * double(unit->ns) >= double((unit - 1)->ns))
            --unit;
    }
    return formatDurationIn(double(ns), *unit, unit->decimals);
}

} // namespace corescope
