// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <string>
#include <vector>

namespace corescope {

/// The plain-text report of one run that the CLI prints: what ran, how it was captured, wall and
/// CPU time, each core's busy time and each thread's time per state.
[[nodiscard]] std::string formatRunReport(const Trace &trace);

/// One line per run, with the speed-up against its baseline (baselineFor: the first serial run of
/// the same workload that was not cancelled).
[[nodiscard]] std::string formatComparison(const std::vector<const Trace *> &runs);

struct SweepResult;

/// A sweep as a table: per model and worker count the median, fastest and slowest wall time,
/// speed-up, efficiency and Karp–Flatt metric, then each model's fitted parallel fraction.
[[nodiscard]] std::string formatSweepTable(const SweepResult &sweep);

} // namespace corescope
