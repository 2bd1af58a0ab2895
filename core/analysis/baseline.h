// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <memory>
#include <span>

namespace corescope {

/// Whether `candidate` may be the baseline of `run`'s speed-up: a run of the same workload by the
/// baseline model that was not cancelled (a cut-short run would flatter everything against it).
[[nodiscard]] bool canBeBaselineOf(const Trace &candidate, const Trace &run);

/// The first of `runs` that may be `run`'s baseline (run itself included), or null: the one rule
/// by which the summary panel and the command line's comparison find the speed-up.
[[nodiscard]] const Trace *baselineFor(const Trace &run, std::span<const Trace *const> runs);
[[nodiscard]] const Trace *baselineFor(const Trace &run,
                                       std::span<const std::shared_ptr<const Trace>> runs);

} // namespace corescope
