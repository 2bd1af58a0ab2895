// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

namespace corescope {

class Trace;

/// The machine-readable summary of one run (`corescope run --json`): every figure is a sum over
/// the trace's slices and states, as in RunSummary.
[[nodiscard]] QJsonObject runSummaryJson(const Trace &trace);

} // namespace corescope
