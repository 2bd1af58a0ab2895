// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/sweepresult.h"
#include "charts/chartstyle.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace corescope {

class ChartWidget;

/// The charts drawn from a sweep, as the command line and the export code name them.
enum class SweepChartKind {
    Speedup,
    Efficiency,
    WallTime,
    CoreUtilisation,
};

/// Every kind, in the order of SweepView's tabs.
[[nodiscard]] const std::vector<SweepChartKind> &sweepChartKinds();
/// "speedup", "efficiency", "walltime", "cores".
[[nodiscard]] QString sweepChartKey(SweepChartKind kind);
[[nodiscard]] std::optional<SweepChartKind> sweepChartFromKey(const QString &key);

/// A chart of `kind` showing sweep, for exporting without a view. The core-utilisation chart
/// shows the run of the point with the highest speed-up.
[[nodiscard]] std::unique_ptr<ChartWidget>
createSweepChart(SweepChartKind kind, std::shared_ptr<const SweepResult> sweep,
                 Appearance appearance = {});
/// The run a sweep's core-utilisation chart opens with: the median repeat of the point with
/// the highest speed-up (the most parallel picture).
[[nodiscard]] std::optional<size_t> mostParallelRun(const SweepResult &sweep);

} // namespace corescope
