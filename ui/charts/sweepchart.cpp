// SPDX-License-Identifier: MIT
#include "charts/sweepchart.h"

#include "engine/executionmodel.h"
#include "qtext/qtext.h"
#include "trace/duration.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <thread>

namespace corescope {

namespace {

// Room left and right of the outermost worker counts on the log axis, in octaves.
constexpr double kAxisPaddingOctaves = 0.35;
// Parameters longer than this are left out of titles: a title is one line on a slide.
constexpr qsizetype kMaxParamsText = 32;

} // namespace

SweepChart::SweepChart(QWidget *parent)
    : ChartWidget(parent)
{
}

void SweepChart::setSweep(std::shared_ptr<const SweepResult> sweep)
{
    m_sweep = std::move(sweep);
    rebuild();
}

void SweepChart::setMachineCores(unsigned cores)
{
    m_cores = cores;
    rebuild();
}

unsigned SweepChart::machineCores() const
{
    if (m_cores > 0)
        return m_cores;
    if (m_sweep) {
        for (const Trace &trace : m_sweep->traces) {
            if (trace.metadata().machineCores > 0)
                return trace.metadata().machineCores;
        }
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

std::vector<std::string> SweepChart::models() const
{
    std::vector<std::string> models;
    if (!m_sweep)
        return models;
    for (const SweepPoint &point : m_sweep->points) {
        if (std::find(models.begin(), models.end(), point.model) == models.end())
            models.push_back(point.model);
    }
    return models;
}

std::vector<uint32_t> SweepChart::workerCounts() const
{
    std::vector<uint32_t> counts;
    if (!m_sweep)
        return counts;
    for (const SweepPoint &point : m_sweep->points)
        counts.push_back(point.workers);
    std::sort(counts.begin(), counts.end());
    counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
    return counts;
}

std::optional<size_t> SweepChart::representativeTrace(const SweepPoint &point)
{
    std::optional<size_t> best;
    TimeNs bestDistance = 0;
    const size_t n = std::min(point.walls.size(), point.traces.size());
    for (size_t i = 0; i < n; ++i) {
        const TimeNs distance = std::abs(point.walls[i] - point.median);
        if (!best || distance < bestDistance) {
            best = point.traces[i];
            bestDistance = distance;
        }
    }
    return best;
}

std::pair<double, double> SweepChart::speedupRange(const SweepPoint &point)
{
    // speed-up = baseline / median, so the baseline is speed-up × median.
    const double baseline = point.speedup * double(point.median);
    const double low = point.slowest > 0 ? baseline / double(point.slowest) : point.speedup;
    const double high = point.fastest > 0 ? baseline / double(point.fastest) : point.speedup;
    return {low, high};
}

QString SweepChart::describePoint(const SweepPoint &point)
{
    const QString karpFlatt = std::isnan(point.karpFlatt)
                                  ? QStringLiteral("– (needs two or more workers)")
                                  : QString::number(point.karpFlatt, 'f', 3);
    QString tip =
        QStringLiteral("<b>%1</b> · %2 %3<br>")
            .arg(text(point.model).toHtmlEscaped())
            .arg(point.workers)
            .arg(point.workers == 1 ? QStringLiteral("worker") : QStringLiteral("workers"));
    tip += QStringLiteral("median %1").arg(text(formatDuration(point.median)));
    if (point.walls.size() > 1)
        tip += QStringLiteral(" (fastest %1, slowest %2, %3 runs)")
                   .arg(text(formatDuration(point.fastest)), text(formatDuration(point.slowest)))
                   .arg(point.walls.size());
    tip += QStringLiteral("<br>speed-up %1× · efficiency %2 %<br>Karp–Flatt serial fraction %3")
               .arg(point.speedup, 0, 'f', 2)
               .arg(100 * point.efficiency, 0, 'f', 0)
               .arg(karpFlatt);
    if (point.disturbed())
        tip += QStringLiteral("<br><span style='color:#c0392b'>other programs took up to %1 % of "
                              "a core during its runs: this speed-up is not comparable</span>")
                   .arg(100 * point.othersShare, 0, 'f', 0);
    if (!point.traces.empty())
        tip += QStringLiteral("<br><i>Double-click to open this run's timeline.</i>");
    return tip;
}

void SweepChart::setUpWorkerAxis(QCPAxis *axis) const
{
    const std::vector<uint32_t> counts = workerCounts();
    axis->setScaleType(QCPAxis::stLogarithmic);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (uint32_t n : counts)
        ticker->addTick(n, QString::number(n));
    ticker->setSubTickCount(0);
    axis->setTicker(ticker);
    const double low = counts.empty() ? 1 : counts.front();
    const double high = counts.empty() ? 2 : std::max<double>(counts.back(), 2);
    const double pad = std::exp2(kAxisPaddingOctaves);
    axis->setRange(low / pad, high * pad);
    axis->setLabel(QStringLiteral("Workers (log scale)"));
}

void SweepChart::addCoreMarker()
{
    const double cores = machineCores();
    const QCPRange range = plot()->xAxis->range();
    if (cores < range.lower || cores > range.upper)
        return;
    auto *line = new QCPItemStraightLine(plot());
    line->setPen(ChartStyle::pen(style().reference, style().referenceWidth, Qt::DotLine));
    line->point1->setTypeX(QCPItemPosition::ptPlotCoords);
    line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->point1->setCoords(cores, 0);
    line->point2->setTypeX(QCPItemPosition::ptPlotCoords);
    line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->point2->setCoords(cores, 1);
    line->setClipToAxisRect(true);

    auto *label = new QCPItemText(plot());
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(cores, 0);
    // Just right of the line at the top, where the curves of a speed-up chart rarely are.
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setPadding(QMargins(int(0.4 * style().textPx), int(0.3 * style().textPx), 0, 0));
    label->setText(cores == 1 ? QStringLiteral("1 core") : QStringLiteral("%1 cores").arg(cores));
    label->setFont(ChartStyle::font(style().textPx, true));
    label->setColor(style().reference);
    label->setClipToAxisRect(true);
}

QString SweepChart::workloadDetails() const
{
    if (!m_sweep)
        return {};
    QStringList parts;
    for (const Trace &trace : m_sweep->traces) {
        const TraceMetadata &m = trace.metadata();
        QStringList params;
        for (const auto &[key, value] : m.params)
            params << text(key) + QLatin1Char('=') + text(value);
        const QString joined = params.join(QStringLiteral(", "));
        if (!joined.isEmpty() && joined.size() <= kMaxParamsText)
            parts << joined;
        if (m.tasks > 0)
            parts << QStringLiteral("%1 %2").arg(m.tasks).arg(
                m.tasks == 1 ? QStringLiteral("task") : QStringLiteral("tasks"));
        break;
    }
    const size_t runs = repeats();
    if (runs > 1)
        parts << QStringLiteral("median of %1 runs (bars: fastest to slowest)").arg(runs);
    else if (runs == 1)
        parts << QStringLiteral("one run per point");
    if (m_sweep->cancelled)
        parts.prepend(QStringLiteral("cancelled early"));
    return parts.join(QStringLiteral(" · "));
}

QString SweepChart::workloadName() const
{
    return m_sweep ? text(m_sweep->workload) : QString();
}

QString SweepChart::machineText() const
{
    const unsigned cores = machineCores();
    return cores == 1 ? QStringLiteral("a 1-core machine")
                      : QStringLiteral("a %1-core machine").arg(cores);
}

void SweepChart::styleSeries(QCPGraph *graph, const std::string &model) const
{
    const QColor colour = style().modelColour(model);
    graph->setPen(ChartStyle::pen(colour, style().lineWidth));
    // A shape per model as well as a colour: the chart survives greyscale printing.
    QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssCross;
    if (isBaselineModel(model))
        shape = QCPScatterStyle::ssSquare;
    else if (model == "threads")
        shape = QCPScatterStyle::ssDisc;
    else if (model == "gil")
        shape = QCPScatterStyle::ssTriangle;
    else if (model == "processes")
        shape = QCPScatterStyle::ssDiamond;
    // Hollow shapes are left unfilled, so that a model drawn earlier at the same spot (threads
    // and gil on I/O-bound work) still shows through.
    const bool filled = shape == QCPScatterStyle::ssDisc || shape == QCPScatterStyle::ssSquare;
    graph->setScatterStyle(QCPScatterStyle(shape, ChartStyle::pen(colour, style().lineWidth),
                                           filled ? QBrush(colour) : QBrush(Qt::NoBrush),
                                           style().markerSize));
    graph->setLineStyle(QCPGraph::lsLine);
}

void SweepChart::addErrorBars(QCPAbstractPlottable *plottable, const QColor &colour,
                              const QVector<double> &below, const QVector<double> &above) const
{
    auto *bars = new QCPErrorBars(plot()->xAxis, plot()->yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(plottable);
    bars->setData(below, above);
    bars->setPen(ChartStyle::pen(colour, std::max(1.0, 0.6 * style().lineWidth)));
    bars->setWhiskerWidth(0.9 * style().markerSize);
    bars->setSymbolGap(0);
}

size_t SweepChart::repeats() const
{
    size_t repeats = 0;
    if (m_sweep) {
        for (const SweepPoint &point : m_sweep->points)
            repeats = std::max(repeats, point.walls.size());
    }
    return repeats;
}

void SweepChart::addPointTarget(const SweepPoint &point, double value)
{
    addHitTarget({double(point.workers),
                  value,
                  value,
                  0,
                  {describePoint(point), representativeTrace(point)}});
}

void SweepChart::showEmpty(const QString &message)
{
    setTitles(message, QString());
    setLegendShown(false);
}

} // namespace corescope
