// SPDX-License-Identifier: MIT
#include "charts/sweepchartkind.h"

#include "charts/coreutilisationchart.h"
#include "charts/efficiencychart.h"
#include "charts/speedupchart.h"
#include "charts/walltimechart.h"

namespace corescope {

const std::vector<SweepChartKind> &sweepChartKinds()
{
    static const std::vector<SweepChartKind> kinds{
        SweepChartKind::Speedup, SweepChartKind::Efficiency, SweepChartKind::WallTime,
        SweepChartKind::CoreUtilisation};
    return kinds;
}

QString sweepChartKey(SweepChartKind kind)
{
    switch (kind) {
    case SweepChartKind::Speedup:
        return QStringLiteral("speedup");
    case SweepChartKind::Efficiency:
        return QStringLiteral("efficiency");
    case SweepChartKind::WallTime:
        return QStringLiteral("walltime");
    case SweepChartKind::CoreUtilisation:
        return QStringLiteral("cores");
    }
    return QStringLiteral("speedup");
}

std::optional<SweepChartKind> sweepChartFromKey(const QString &key)
{
    for (const SweepChartKind kind : sweepChartKinds()) {
        if (key == sweepChartKey(kind))
            return kind;
    }
    return std::nullopt;
}

std::optional<size_t> mostParallelRun(const SweepResult &sweep)
{
    const SweepPoint *best = nullptr;
    for (const SweepPoint &point : sweep.points) {
        if (!point.traces.empty() && (!best || point.speedup > best->speedup))
            best = &point;
    }
    return best ? SweepChart::representativeTrace(*best) : std::nullopt;
}

std::unique_ptr<ChartWidget> createSweepChart(SweepChartKind kind,
                                              std::shared_ptr<const SweepResult> sweep,
                                              Appearance appearance)
{
    std::unique_ptr<ChartWidget> chart;
    switch (kind) {
    case SweepChartKind::Speedup:
    case SweepChartKind::Efficiency:
    case SweepChartKind::WallTime: {
        std::unique_ptr<SweepChart> sweepChart;
        if (kind == SweepChartKind::Speedup)
            sweepChart = std::make_unique<SpeedupChart>();
        else if (kind == SweepChartKind::Efficiency)
            sweepChart = std::make_unique<EfficiencyChart>();
        else
            sweepChart = std::make_unique<WallTimeChart>();
        sweepChart->setAppearance(appearance);
        sweepChart->setSweep(std::move(sweep));
        chart = std::move(sweepChart);
        break;
    }
    case SweepChartKind::CoreUtilisation: {
        auto cores = std::make_unique<CoreUtilisationChart>();
        cores->setAppearance(appearance);
        if (sweep) {
            if (const auto run = mostParallelRun(*sweep); run && *run < sweep->traces.size())
                cores->setTrace(std::shared_ptr<const Trace>(sweep, &sweep->traces[*run]), *run);
        }
        chart = std::move(cores);
        break;
    }
    }
    return chart;
}

} // namespace corescope
