// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

namespace corescope {

class Trace;
struct SweepResult;

/// The machine-readable summary of one run (`corescope run --json`): every figure is a sum over
/// the trace's slices and states, as in RunSummary.
[[nodiscard]] QJsonObject runSummaryJson(const Trace &trace);
/// Every point of a sweep (model, workers, each repeat's wall time, median, speed-up against
/// serial, efficiency, Karp–Flatt) and each model's fitted parallel fraction.
[[nodiscard]] QJsonObject sweepJson(const SweepResult &sweep);

} // namespace corescope
