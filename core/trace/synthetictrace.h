// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <cstdint>

namespace corescope {

/// A made-up but lifelike run of any size: worker threads that take turns on the cores, wait for
/// the GIL, a lock or I/O, run tasks and hand the GIL over. Deterministic for a given seed, so
/// that tests, benchmarks and fuzz seeds can ask for "a trace with ten million events".
class SyntheticTrace
{
public:
    struct Options
    {
        uint32_t threads = 4;
        uint16_t cores = 2;
        uint64_t events = 10'000; ///< about this many slices, states, spans and markers together
        uint64_t seed = 1;
    };
    [[nodiscard]] static Trace make(const Options &options);
};

} // namespace corescope
