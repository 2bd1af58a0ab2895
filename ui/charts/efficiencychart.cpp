// SPDX-License-Identifier: MIT
#include "charts/efficiencychart.h"

#include "engine/executionmodel.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace corescope {

EfficiencyChart::EfficiencyChart(QWidget *parent)
    : SweepChart(parent)
{
    rebuild();
}

void EfficiencyChart::build()
{
    if (!sweep() || sweep()->points.empty()) {
        showEmpty(tr("No sweep to show yet"));
        return;
    }
    const SweepResult &result = *sweep();
    setLegendShown(true);
    setTitles(tr("%1: parallel efficiency on %2").arg(workloadName(), machineText()),
              workloadDetails() + tr(" · efficiency = speed-up ÷ workers"));

    QCPAxis *x = plot()->xAxis;
    QCPAxis *y = plot()->yAxis;
    setUpWorkerAxis(x);

    double high = 100;
    for (const SweepPoint &point : result.points)
        high = std::max(high, 100 * speedupRange(point).second / point.workers);
    // Percent on a linear axis from zero: "half the workers wasted" must look like half.
    y->setScaleType(QCPAxis::stLinear);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const int top = int(std::ceil(high / 25) * 25);
    for (int percent = 0; percent <= top; percent += 25)
        ticker->addTick(percent, QStringLiteral("%1 %").arg(percent));
    ticker->setSubTickCount(0);
    y->setTicker(ticker);
    y->setRange(0, std::max(high * 1.08, 110.0));
    y->setLabel(tr("Efficiency (speed-up ÷ workers)"));

    QCPGraph *ideal = plot()->addGraph(x, y);
    ideal->setName(tr("ideal: 100 %"));
    ideal->setPen(ChartStyle::pen(style().reference, style().referenceWidth, Qt::DashLine));
    const QCPRange xRange = x->range();
    ideal->setData({xRange.lower, xRange.upper}, {100, 100}, true);

    for (const std::string &model : models()) {
        std::vector<const SweepPoint *> points;
        for (const SweepPoint &point : result.points) {
            if (point.model == model && point.speedup > 0)
                points.push_back(&point);
        }
        std::sort(points.begin(), points.end(),
                  [](const SweepPoint *a, const SweepPoint *b) { return a->workers < b->workers; });
        QCPGraph *graph = plot()->addGraph(x, y);
        styleSeries(graph, model);
        graph->setName(QString::fromStdString(model)
                       + (isBaselineModel(model) ? tr(" (baseline)") : QString()));
        QVector<double> keys;
        QVector<double> values;
        QVector<double> below;
        QVector<double> above;
        bool spread = false;
        for (const SweepPoint *point : points) {
            const auto [slowest, fastest] = speedupRange(*point);
            const double efficiency = 100 * point->efficiency;
            keys << point->workers;
            values << efficiency;
            below << std::max(0.0, efficiency - 100 * slowest / point->workers);
            above << std::max(0.0, 100 * fastest / point->workers - efficiency);
            spread = spread || point->walls.size() > 1;
            addPointTarget(*point, efficiency);
        }
        graph->setData(keys, values, true);
        if (spread)
            addErrorBars(graph, style().modelColour(model), below, above);
    }
    addCoreMarker();
}

} // namespace corescope
