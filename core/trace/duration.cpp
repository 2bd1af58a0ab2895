// SPDX-License-Identifier: MIT
#include "trace/duration.h"

#include <cstdio>

namespace corescope {

std::string formatDuration(TimeNs ns)
{
    char text[48];
    const double s = double(ns) / 1e9;
    if (ns >= 1'000'000'000 || ns <= -1'000'000'000)
        std::snprintf(text, sizeof text, "%.3f s", s);
    else if (ns >= 1'000'000 || ns <= -1'000'000)
        std::snprintf(text, sizeof text, "%.1f ms", s * 1e3);
    else if (ns >= 1'000 || ns <= -1'000)
        std::snprintf(text, sizeof text, "%.0f µs", s * 1e6);
    else // a capture's precision may be finer than a microsecond: "±0 µs" would hide it
        std::snprintf(text, sizeof text, "%lld ns", static_cast<long long>(ns));
    return text;
}

} // namespace corescope
