// SPDX-License-Identifier: MIT
#include "charts/coreutilisationchart.h"

#include "qtext/qtext.h"
#include "trace/duration.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace corescope {

namespace {

// Height of a band in axis units (one per core); the rest is the gap to the next band.
constexpr double kBandHeight = 0.8;
// With more cores than this, only every n-th band is labelled, so labels never overlap.
constexpr size_t kMaxLabelledCores = 16;

} // namespace

CoreUtilisationChart::CoreUtilisationChart(QWidget *parent)
    : ChartWidget(parent)
{
    rebuild();
}

void CoreUtilisationChart::setTrace(std::shared_ptr<const Trace> trace,
                                    std::optional<size_t> traceIndex)
{
    m_trace = std::move(trace);
    m_traceIndex = traceIndex;
    m_utilisation = m_trace ? CoreUtilisation::of(*m_trace, m_bins) : CoreUtilisation();
    rebuild();
}

void CoreUtilisationChart::setBinCount(size_t bins)
{
    m_bins = std::max<size_t>(1, bins);
    setTrace(m_trace, m_traceIndex);
}

double CoreUtilisationChart::timeUnit() const
{
    // Seconds for runs of a second or more, else milliseconds.
    return m_utilisation.end() >= 1'000'000'000 ? 1e9 : 1e6;
}

void CoreUtilisationChart::build()
{
    const size_t cores = m_utilisation.coreCount();
    if (!m_trace || cores == 0 || m_utilisation.end() <= 0) {
        setTitles(tr("No run selected"), QString());
        setLegendShown(false);
        return;
    }
    setLegendShown(false);
    const TraceMetadata &m = m_trace->metadata();
    double meanBusy = 0;
    for (size_t core = 0; core < cores; ++core)
        meanBusy += double(m_utilisation.totalBusy(core));
    meanBusy /= double(cores) * double(m_utilisation.end());
    setTitles(tr("%1: how busy each core was").arg(text(m.title.empty() ? m.workload : m.title)),
              tr("%1 cores · %2 bins of %3 · busy %4 % of the run on average · capture: %5")
                  .arg(cores)
                  .arg(m_utilisation.binCount())
                  .arg(text(formatDuration(m_utilisation.binWidth())))
                  .arg(100 * meanBusy, 0, 'f', 0)
                  .arg(m.captureMethod.empty() ? tr("unknown") : text(m.captureMethod)));

    const double unit = timeUnit();
    const double end = double(m_utilisation.end()) / unit;
    QCPAxis *x = plot()->xAxis;
    QCPAxis *y = plot()->yAxis;
    x->setScaleType(QCPAxis::stLinear);
    x->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    x->setRange(0, end);
    x->setLabel(unit == 1e9 ? tr("Time since the run began (s)")
                            : tr("Time since the run began (ms)"));

    y->setScaleType(QCPAxis::stLinear);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const size_t labelEvery = (cores + kMaxLabelledCores - 1) / kMaxLabelledCores;
    for (size_t core = 0; core < cores; core += labelEvery) {
        const double band = double(cores - 1 - core);
        const double busy = double(m_utilisation.totalBusy(core)) / double(m_utilisation.end());
        ticker->addTick(band + kBandHeight / 2,
                        tr("core %1\n%2 %").arg(core).arg(100 * busy, 0, 'f', 0));
    }
    ticker->setSubTickCount(0);
    y->setTicker(ticker);
    y->setTickLength(0, 0);
    y->grid()->setVisible(false);
    y->setRange(-0.12, double(cores) - 1 + kBandHeight + 0.12);
    y->setLabel(tr("Busy share of each bin (band: 0 to 100 %)"));

    const QColor colour = style().modelColour(m.model);
    QColor fill = colour;
    fill.setAlphaF(0.55);
    const size_t bins = m_utilisation.binCount();
    for (size_t core = 0; core < cores; ++core) {
        const double band = double(cores - 1 - core);
        // The band's floor, which the busy line fills down to.
        QCPGraph *floor = plot()->addGraph(x, y);
        floor->setPen(ChartStyle::pen(style().grid, 1));
        floor->setData({0, end}, {band, band}, true);
        floor->removeFromLegend();
        auto *ceiling = new QCPItemStraightLine(plot());
        ceiling->setPen(ChartStyle::pen(style().grid, 1, Qt::DashLine));
        ceiling->point1->setCoords(0, band + kBandHeight);
        ceiling->point2->setCoords(end, band + kBandHeight);

        QCPGraph *busy = plot()->addGraph(x, y);
        busy->setName(tr("core %1").arg(core));
        busy->removeFromLegend();
        busy->setLineStyle(QCPGraph::lsStepLeft);
        busy->setPen(ChartStyle::pen(colour, std::max(1.0, 0.6 * style().lineWidth)));
        busy->setBrush(fill);
        busy->setChannelFillGraph(floor);
        QVector<double> keys;
        QVector<double> values;
        keys.reserve(qsizetype(bins) + 1);
        values.reserve(qsizetype(bins) + 1);
        for (size_t bin = 0; bin < bins; ++bin) {
            keys << double(m_utilisation.binBegin(bin)) / unit;
            values << band + kBandHeight * m_utilisation.fraction(core, bin);
        }
        // Closes the last step at the end of the run.
        keys << end;
        values << values.back();
        busy->setData(keys, values, true);
    }
}

std::optional<ChartWidget::Hit> CoreUtilisationChart::hitAt(QPointF pos) const
{
    const size_t cores = m_utilisation.coreCount();
    if (!m_trace || cores == 0 || !plot()->axisRect()->rect().contains(pos.toPoint()))
        return std::nullopt;
    const double unit = timeUnit();
    const double time = plot()->xAxis->pixelToCoord(pos.x()) * unit;
    const double level = plot()->yAxis->pixelToCoord(pos.y());
    if (time < 0 || time >= double(m_utilisation.end()) || level < 0)
        return std::nullopt;
    const auto band = size_t(level);
    if (band >= cores || level - double(band) > kBandHeight)
        return std::nullopt;
    const size_t core = cores - 1 - band;
    const auto bin =
        std::min(m_utilisation.binCount() - 1, size_t(time / double(m_utilisation.binWidth())));
    const TimeNs from = m_utilisation.binBegin(bin);
    const TimeNs to = from + m_utilisation.binSpan(bin);
    QString tip = tr("<b>core %1</b> · %2 to %3<br>busy %4 %")
                      .arg(core)
                      .arg(text(formatDuration(from)), text(formatDuration(to)))
                      .arg(100 * m_utilisation.fraction(core, bin), 0, 'f', 0);
    if (m_traceIndex)
        tip += tr("<br><i>Double-click to open this run's timeline.</i>");
    return Hit{tip, m_traceIndex};
}

} // namespace corescope
