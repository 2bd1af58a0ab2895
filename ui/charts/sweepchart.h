// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/sweepresult.h"
#include "charts/chartwidget.h"

#include <QVector>

#include <memory>
#include <optional>
#include <string>
#include <vector>

class QCPAbstractPlottable;
class QCPAxis;
class QCPGraph;

namespace corescope {

/// The base of the charts drawn from a sweep: the sweep itself, the machine's core count, the
/// worker-count axis and the texts every sweep chart shares.
class SweepChart : public ChartWidget
{
    Q_OBJECT

public:
    explicit SweepChart(QWidget *parent = nullptr);

    /// The sweep to draw; nullptr clears the chart.
    void setSweep(std::shared_ptr<const SweepResult> sweep);
    [[nodiscard]] const std::shared_ptr<const SweepResult> &sweep() const { return m_sweep; }

    /// The core count the charts mark; 0 (the default) takes it from the sweep's traces, or else
    /// from this machine.
    void setMachineCores(unsigned cores);
    [[nodiscard]] unsigned machineCores() const;

    /// The sweep's models in the order they were run (serial first).
    [[nodiscard]] std::vector<std::string> models() const;
    /// Every measured worker count, ascending.
    [[nodiscard]] std::vector<uint32_t> workerCounts() const;

    /// The repeat whose wall time is nearest the point's median: the run that a click opens.
    [[nodiscard]] static std::optional<size_t> representativeTrace(const SweepPoint &point);
    /// The tooltip of a point: model, workers, median (fastest, slowest), speed-up, efficiency
    /// and the Karp–Flatt metric.
    [[nodiscard]] static QString describePoint(const SweepPoint &point);
    /// The smallest and largest speed-up of a point's repeats (from its slowest and fastest).
    [[nodiscard]] static std::pair<double, double> speedupRange(const SweepPoint &point);

protected:
    /// Log-2 worker axis with a tick at every measured count and room either side.
    void setUpWorkerAxis(QCPAxis *axis) const;
    /// The dotted vertical line at the machine's core count, labelled "N cores".
    void addCoreMarker();
    /// The sweep's workload ("factorize").
    [[nodiscard]] QString workloadName() const;
    /// "a 2-core machine".
    [[nodiscard]] QString machineText() const;
    /// Parameters, tasks and repeats ("repeat=20 · 8 tasks · median of 3 runs …") for subtitles.
    [[nodiscard]] QString workloadDetails() const;
    /// Colour, line and marker shape of a model's measured series.
    void styleSeries(QCPGraph *graph, const std::string &model) const;
    /// Min/max bars (value offsets below and above each data point).
    void addErrorBars(QCPAbstractPlottable *plottable, const QColor &colour,
                      const QVector<double> &below, const QVector<double> &above) const;
    /// The most repeats any point has.
    [[nodiscard]] size_t repeats() const;
    /// Registers the point for tooltips and clicks at (workers, value).
    void addPointTarget(const SweepPoint &point, double value);
    /// Shows `message` in place of data (no sweep, or nothing measured).
    void showEmpty(const QString &message);

private:
    std::shared_ptr<const SweepResult> m_sweep;
    unsigned m_cores = 0;
};

} // namespace corescope
