// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace corescope {

class TaskContext;

/// Computes on the calling thread until it has used `cpuNs` of its own CPU time, with a
/// checkpoint every few microseconds (so GIL drop requests and cancel are answered). The work is
/// a series of identical pieces, each a fixed number of generator steps from `seed`: how much is
/// done follows the clock, while the value returned depends on `seed` alone.
uint64_t computeFor(TaskContext &ctx, uint64_t seed, int64_t cpuNs);

/// What computeFor() returns for `seed`, computed directly.
[[nodiscard]] uint64_t computedValue(uint64_t seed);

} // namespace corescope
