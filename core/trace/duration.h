// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <span>
#include <string>
#include <string_view>

namespace corescope {

/// A unit durations are written in. The one table of them: formatDuration and the timeline's
/// axis, which keeps one unit along a whole axis, both choose from it.
struct DurationUnit
{
    TimeNs ns;               ///< how many nanoseconds one of it is
    std::string_view suffix; ///< after the number and a space: "ms"
    int decimals;            ///< what formatDuration writes in it ("45.6 ms")
};

/// s, ms, µs and ns, largest first.
[[nodiscard]] std::span<const DurationUnit> durationUnits();
/// The largest unit of which `magnitude` (ns, its sign ignored) is at least one; ns below 1 µs.
[[nodiscard]] const DurationUnit &durationUnitFor(double magnitude);

/// `ns` in `unit` with `decimals` decimals and the unit's suffix: "1.50 ms". The same digits on
/// every machine, whatever the locale.
[[nodiscard]] std::string formatDurationIn(double ns, const DurationUnit &unit, int decimals);

/// The one way a duration is written for people: a unit that suits the magnitude, "1.234 s",
/// "45.6 ms", "789 µs", "500 ns". Reports, problem lines, tooltips, the summary and the
/// timeline's run headers all use it.
[[nodiscard]] std::string formatDuration(TimeNs ns);

} // namespace corescope
