// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <string>

namespace corescope {

/// The one way a duration is written for people: a unit that suits the magnitude, "1.234 s",
/// "45.6 ms", "789 µs", "500 ns". Reports, problem lines, tooltips and the summary all use it.
[[nodiscard]] std::string formatDuration(TimeNs ns);

} // namespace corescope
