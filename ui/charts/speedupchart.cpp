// SPDX-License-Identifier: MIT
#include "charts/speedupchart.h"

#include "engine/executionmodel.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace corescope {

namespace {

constexpr int kCurveSamples = 96;
// The same room as the worker axis, so that y = x runs at 45° in a square plot.
constexpr double kPaddingOctaves = 0.35;

// With a narrow range, ticks at 1.5× each power of two as well, so the axis keeps enough labels.
constexpr double kFineTicksOctaves = 3.5;

QString speedupLabel(double value)
{
    return QStringLiteral("%1×").arg(value, 0, 'g', 3);
}

} // namespace

SpeedupChart::SpeedupChart(QWidget *parent)
    : SweepChart(parent)
{
    rebuild();
}

QString SpeedupChart::seriesName(const std::string &model) const
{
    QString name = QString::fromStdString(model);
    if (isBaselineModel(model))
        return name + QStringLiteral(" (baseline)");
    if (sweep()) {
        if (const auto fit = sweep()->fits.find(model); fit != sweep()->fits.end())
            name += QStringLiteral("  p = %1").arg(fit->second.parallelFraction, 0, 'f', 2);
    }
    return name;
}

void SpeedupChart::build()
{
    if (!sweep() || sweep()->points.empty()) {
        showEmpty(tr("No sweep to show yet"));
        return;
    }
    const SweepResult &result = *sweep();
    setLegendShown(true);
    const bool againstSerial = result.serialMedian > 0;
    setTitles(
        tr("%1: speed-up over %2 on %3")
            .arg(workloadName(), againstSerial ? tr("serial") : tr("one worker"), machineText()),
        workloadDetails() + tr(" · dotted: Amdahl's law fitted, p = parallel fraction"));

    QCPAxis *x = plot()->xAxis;
    QCPAxis *y = plot()->yAxis;
    setUpWorkerAxis(x);
    const std::vector<uint32_t> counts = workerCounts();

    double low = 1;
    double high = std::max<double>(2, counts.back());
    for (const SweepPoint &point : result.points) {
        const auto [slowest, fastest] = speedupRange(point);
        if (slowest > 0)
            low = std::min(low, slowest);
        high = std::max(high, fastest);
    }
    const double pad = std::exp2(kPaddingOctaves);
    low = std::max(low / pad, 1.0 / 64);
    high *= pad;
    y->setScaleType(QCPAxis::stLogarithmic);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    // Powers of two: a step up the axis reads as "twice as fast".
    const bool fine = std::log2(high / low) <= kFineTicksOctaves;
    for (int e = int(std::floor(std::log2(low))); e <= int(std::ceil(std::log2(high))); ++e) {
        ticker->addTick(std::exp2(e), speedupLabel(std::exp2(e)));
        if (fine)
            ticker->addTick(1.5 * std::exp2(e), speedupLabel(1.5 * std::exp2(e)));
    }
    ticker->setSubTickCount(0);
    y->setTicker(ticker);
    y->setRange(low, high);
    y->setLabel(againstSerial ? tr("Speed-up (serial time ÷ time)")
                              : tr("Speed-up (one worker's time ÷ time)"));

    // Drawn first, so that it lies under the data.
    QCPGraph *ideal = plot()->addGraph(x, y);
    ideal->setName(tr("ideal: speed-up = workers"));
    ideal->setPen(ChartStyle::pen(style().reference, style().referenceWidth, Qt::DashLine));
    const QCPRange xRange = x->range();
    // Two points are enough: y = x is a straight line on log–log axes.
    ideal->setData({xRange.lower, xRange.upper}, {xRange.lower, xRange.upper}, true);

    const std::vector<std::string> modelList = models();
    for (const std::string &model : modelList) {
        const auto fit = result.fits.find(model);
        if (fit == result.fits.end())
            continue;
        QCPGraph *curve = plot()->addGraph(x, y);
        curve->setName(tr("%1 Amdahl fit").arg(QString::fromStdString(model)));
        curve->removeFromLegend();
        QPen curvePen =
            ChartStyle::pen(style().modelColour(model), style().fitLineWidth, Qt::DotLine);
        curvePen.setCapStyle(Qt::RoundCap);
        curve->setPen(curvePen);
        QVector<double> keys;
        QVector<double> values;
        const double from = std::log2(double(counts.front()));
        const double to = std::log2(double(counts.back()));
        for (int i = 0; i < kCurveSamples; ++i) {
            const double n = std::exp2(from + (to - from) * i / (kCurveSamples - 1));
            keys << n;
            values << fit->second.speedupAt(n);
        }
        curve->setData(keys, values, true);
    }

    for (const std::string &model : modelList) {
        std::vector<const SweepPoint *> points;
        for (const SweepPoint &point : result.points) {
            if (point.model == model && point.speedup > 0)
                points.push_back(&point);
        }
        std::sort(points.begin(), points.end(),
                  [](const SweepPoint *a, const SweepPoint *b) { return a->workers < b->workers; });
        QCPGraph *graph = plot()->addGraph(x, y);
        styleSeries(graph, model);
        graph->setName(seriesName(model));
        QVector<double> keys;
        QVector<double> values;
        QVector<double> below;
        QVector<double> above;
        bool spread = false;
        for (const SweepPoint *point : points) {
            const auto [slowest, fastest] = speedupRange(*point);
            keys << point->workers;
            values << point->speedup;
            below << std::max(0.0, point->speedup - slowest);
            above << std::max(0.0, fastest - point->speedup);
            spread = spread || point->walls.size() > 1;
            addPointTarget(*point, point->speedup);
        }
        graph->setData(keys, values, true);
        if (spread)
            addErrorBars(graph, style().modelColour(model), below, above);
    }
    addCoreMarker();
}

} // namespace corescope
