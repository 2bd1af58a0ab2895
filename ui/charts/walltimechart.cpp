// SPDX-License-Identifier: MIT
#include "charts/walltimechart.h"

#include "engine/executionmodel.h"

#include <qcustomplot.h>

#include <algorithm>

namespace corescope {

namespace {

constexpr double kBarWidth = 0.6;

} // namespace

WallTimeChart::WallTimeChart(QWidget *parent)
    : SweepChart(parent)
{
    rebuild();
}

void WallTimeChart::setWorkers(uint32_t workers)
{
    m_workers = workers;
    rebuild();
}

uint32_t WallTimeChart::workers() const
{
    const std::vector<uint32_t> counts = workerCounts();
    if (counts.empty())
        return m_workers;
    if (m_workers > 0)
        return m_workers;
    const unsigned cores = machineCores();
    uint32_t chosen = counts.front();
    for (uint32_t n : counts) {
        if (n <= cores)
            chosen = n;
    }
    return chosen;
}

void WallTimeChart::build()
{
    if (!sweep() || sweep()->points.empty()) {
        showEmpty(tr("No sweep to show yet"));
        return;
    }
    const SweepResult &result = *sweep();
    const uint32_t count = workers();
    setLegendShown(false);
    setTitles(tr("%1: wall time with %2 %3 on %4")
                  .arg(workloadName())
                  .arg(count)
                  .arg(count == 1 ? tr("worker") : tr("workers"), machineText()),
              workloadDetails() + tr(" · lower is better"));

    // The baseline (serial) has one worker by definition: its bar is the baseline at every count.
    std::vector<const SweepPoint *> shown;
    for (const std::string &model : models()) {
        const SweepPoint *point = result.find(model, isBaselineModel(model) ? 1 : count);
        if (point)
            shown.push_back(point);
    }
    TimeNs longest = 0;
    for (const SweepPoint *point : shown)
        longest = std::max(longest, point->slowest);
    // Seconds unless everything is under one: "0.004 s" reads worse than "4 ms".
    const bool seconds = longest >= 1'000'000'000;
    const double unit = seconds ? 1e9 : 1e6;

    QCPAxis *x = plot()->xAxis;
    QCPAxis *y = plot()->yAxis;
    x->setScaleType(QCPAxis::stLinear);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t i = 0; i < shown.size(); ++i) {
        QString label = QString::fromStdString(shown[i]->model);
        if (isBaselineModel(shown[i]->model) && count != 1)
            label += tr("\n(1 worker)");
        ticker->addTick(double(i), label);
    }
    ticker->setSubTickCount(0);
    x->setTicker(ticker);
    x->setTickLength(0, 0);
    x->setRange(-0.6, double(shown.size()) - 0.4);
    x->setLabel(QString());
    x->grid()->setVisible(false);

    y->setScaleType(QCPAxis::stLinear);
    y->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    y->setRange(0, std::max(1.0, double(longest) / unit) * 1.18);
    y->setLabel(seconds ? tr("Wall time (s)") : tr("Wall time (ms)"));

    for (size_t i = 0; i < shown.size(); ++i) {
        const SweepPoint &point = *shown[i];
        const QColor colour = style().modelColour(point.model);
        auto *bars = new QCPBars(x, y);
        bars->setName(QString::fromStdString(point.model));
        bars->setWidth(kBarWidth);
        QColor fill = colour;
        fill.setAlphaF(0.85);
        bars->setBrush(fill);
        bars->setPen(ChartStyle::pen(colour.darker(115), 1));
        const double median = double(point.median) / unit;
        bars->setData({double(i)}, {median}, true);
        if (point.walls.size() > 1)
            addErrorBars(bars, style().text, {median - double(point.fastest) / unit},
                         {double(point.slowest) / unit - median});
        addHitTarget({double(i),
                      0,
                      median,
                      kBarWidth / 2,
                      {describePoint(point), representativeTrace(point)}});

        auto *label = new QCPItemText(plot());
        label->position->setType(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(double(i), double(point.slowest) / unit);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setPadding(QMargins(0, 0, 0, int(0.3 * style().textPx)));
        // In the axis's unit, so that the labels compare at a glance.
        label->setText(seconds ? tr("%1 s").arg(median, 0, 'f', 2)
                               : tr("%1 ms").arg(median, 0, 'f', median < 10 ? 1 : 0));
        label->setFont(ChartStyle::font(style().textPx, true));
        label->setColor(style().text);
    }
}

} // namespace corescope
