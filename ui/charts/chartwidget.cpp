// SPDX-License-Identifier: MIT
#include "charts/chartwidget.h"

#include <qcustomplot.h>

#include <QFontMetrics>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace corescope {

namespace {

// Layout stretch factors: near zero gives a row or column its minimum size.
constexpr double kShrink = 0.001;

void styleAxis(QCPAxis *axis, const ChartStyle &style)
{
    const QPen axisPen = ChartStyle::pen(style.axis, style.axisWidth);
    axis->setBasePen(axisPen);
    axis->setTickPen(axisPen);
    axis->setSubTickPen(axisPen);
    axis->setTickLabelColor(style.text);
    axis->setLabelColor(style.text);
    axis->setTickLabelFont(ChartStyle::font(style.tickPx));
    axis->setLabelFont(ChartStyle::font(style.textPx));
    axis->setTickLengthIn(0);
    axis->setTickLengthOut(int(std::lround(5 * style.axisWidth)));
    // Ticks only where a label says what they mean.
    axis->setSubTicks(false);
    axis->setLabelPadding(int(std::lround(0.6 * style.textPx)));
    axis->grid()->setPen(ChartStyle::pen(style.grid, 1));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

} // namespace

ChartWidget::ChartWidget(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    // Title, subtitle, then the axis rect with the legend in a column of its own. QCustomPlot
    // puts the legend inside the axis rect, where it hides data; a column beside it never does.
    QCPAxisRect *rect = m_plot->axisRect();
    rect->insetLayout()->take(m_plot->legend);
    QCPLayoutGrid *top = m_plot->plotLayout();
    top->take(rect);
    top->simplify();
    m_title = new QCPTextElement(m_plot, QString(), ChartStyle::font(m_style.titlePx, true));
    m_subtitle = new QCPTextElement(m_plot, QString(), ChartStyle::font(m_style.subtitlePx));
    auto *body = new QCPLayoutGrid;
    top->addElement(0, 0, m_title);
    top->addElement(1, 0, m_subtitle);
    top->addElement(2, 0, body);
    top->setRowStretchFactor(0, kShrink);
    top->setRowStretchFactor(1, kShrink);
    top->setRowStretchFactor(2, 1);
    top->setRowSpacing(0);
    body->addElement(0, 0, rect);
    m_legendColumn = new QCPLayoutGrid;
    QCPLayoutGrid *side = m_legendColumn;
    body->addElement(0, 1, side);
    body->setColumnStretchFactor(0, 1);
    body->setColumnStretchFactor(1, kShrink);
    side->addElement(0, 0, m_plot->legend);
    // An empty element below the legend takes the spare height, so that the legend keeps its
    // natural size at the top instead of spreading its entries over the whole column.
    side->addElement(1, 0, new QCPLayoutElement(m_plot));
    side->setRowStretchFactor(0, kShrink);
    side->setRowStretchFactor(1, 1);
    // Air between the legend and the picture's right edge, and the legend's top level with
    // the top of the plot.
    side->setAutoMargins(QCP::msNone);
    side->setMargins(QMargins(0, 8, 12, 0));
    m_plot->legend->setVisible(true);

    m_plot->setAntialiasedElements(QCP::aePlottables | QCP::aeItems | QCP::aeFills
                                   | QCP::aeLegendItems | QCP::aeScatters);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ChartWidget::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &ChartWidget::onMousePress);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &ChartWidget::onMouseDoubleClick);
}

ChartWidget::~ChartWidget() = default;

void ChartWidget::setAppearance(Appearance appearance)
{
    if (appearance == m_style.appearance)
        return;
    m_style = ChartStyle::forAppearance(appearance);
    rebuild();
}

QString ChartWidget::title() const
{
    return m_title->text();
}

QImage ChartWidget::toImage(QSize size)
{
    QImage image = ChartExporter(size).toImage(*m_plot);
    // Exporting lays the plot out at the export's size; the widget's own layout (which hover
    // and clicks use) comes back with the next replot.
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return image;
}

Status ChartWidget::exportTo(const QString &path, QSize size, std::optional<ChartFormat> format)
{
    ChartExporter exporter(size);
    exporter.setTitle(title());
    Status status = exporter.save(*m_plot, path, format);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return status;
}

QSize ChartWidget::sizeHint() const
{
    return {ChartExporter::kReferenceWidth, ChartExporter::kReferenceHeight};
}

QSize ChartWidget::minimumSizeHint() const
{
    return {320, 200};
}

void ChartWidget::setTitles(const QString &title, const QString &subtitle)
{
    m_title->setText(
        fitToWidth(title, ChartStyle::font(m_style.titlePx, true), QStringLiteral(": ")));
    m_subtitle->setText(
        fitToWidth(subtitle, ChartStyle::font(m_style.subtitlePx), QStringLiteral(" · ")));
    m_subtitle->setVisible(!subtitle.isEmpty());
}

QString ChartWidget::fitToWidth(const QString &text, const QFont &font, const QString &separator)
{
    // Measured against the reference width, not the widget's: an export must not depend on the
    // size of the window it was made from.
    const int available = ChartExporter::kReferenceWidth - 4 * kTextMarginPx;
    const QFontMetrics metrics(font);
    if (metrics.horizontalAdvance(text) <= available)
        return text;
    // Two lines, broken at the separator nearest the middle.
    qsizetype best = -1;
    for (qsizetype at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + 1)) {
        if (best < 0 || std::abs(at - text.size() / 2) < std::abs(best - text.size() / 2))
            best = at;
    }
    if (best < 0)
        return text;
    // A colon ends the first line; a middle dot, which only joins, is dropped.
    const QString mark =
        separator.trimmed() == QStringLiteral("·") ? QString() : separator.trimmed();
    return text.left(best).trimmed() + mark + QLatin1Char('\n')
           + text.mid(best + separator.size()).trimmed();
}

void ChartWidget::setLegendShown(bool shown)
{
    // A hidden element still claims its room in a layout grid, so the legend leaves the grid
    // while hidden and the plot takes the whole width.
    QCPLegend *legend = m_plot->legend;
    legend->setVisible(shown);
    if (shown && !legend->layout())
        m_legendColumn->addElement(0, 0, legend);
    else if (!shown && legend->layout())
        m_legendColumn->take(legend);
}

void ChartWidget::applyStyle()
{
    const ChartStyle &s = m_style;
    m_plot->setBackground(QBrush(s.background));
    m_plot->axisRect()->setBackground(QBrush(s.background));
    for (QCPAxis *axis : m_plot->axisRect()->axes())
        styleAxis(axis, s);
    m_plot->xAxis2->setVisible(false);
    m_plot->yAxis2->setVisible(false);

    m_title->setFont(ChartStyle::font(s.titlePx, true));
    m_title->setTextColor(s.text);
    m_title->setMargins(QMargins(kTextMarginPx, int(0.6 * s.titlePx), kTextMarginPx, 2));
    m_subtitle->setFont(ChartStyle::font(s.subtitlePx));
    m_subtitle->setTextColor(s.mutedText);
    m_subtitle->setMargins(QMargins(kTextMarginPx, 0, kTextMarginPx, int(0.5 * s.subtitlePx)));

    QCPLegend *legend = m_plot->legend;
    legend->setFont(ChartStyle::font(s.textPx));
    legend->setTextColor(s.text);
    legend->setBrush(QBrush(s.legendBackground));
    legend->setBorderPen(ChartStyle::pen(s.legendBorder, 1));
    legend->setIconSize(int(2.2 * s.textPx), int(0.9 * s.textPx));
    legend->setIconTextPadding(int(0.5 * s.textPx));
    legend->setRowSpacing(int(0.15 * s.textPx));
    legend->setMargins(QMargins(int(0.6 * s.textPx), int(0.4 * s.textPx), int(0.8 * s.textPx),
                                int(0.4 * s.textPx)));
    m_plot->axisRect()->setMinimumMargins(QMargins(8, 8, 16, 8));
}

void ChartWidget::rebuild()
{
    QToolTip::hideText();
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_targets.clear();
    applyStyle();
    build();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

std::optional<ChartWidget::Hit> ChartWidget::hitAt(QPointF pos) const
{
    const QCPAxis *x = m_plot->xAxis;
    const QCPAxis *y = m_plot->yAxis;
    if (!m_plot->axisRect()->rect().contains(pos.toPoint()))
        return std::nullopt;
    const HitTarget *best = nullptr;
    double bestDistance = std::numeric_limits<double>::max();
    for (const HitTarget &target : m_targets) {
        const double centre = x->coordToPixel(target.key);
        const double halfWidth =
            target.keyHalfWidth > 0
                ? std::abs(x->coordToPixel(target.key + target.keyHalfWidth) - centre)
                : 0;
        const double top =
            std::min(y->coordToPixel(target.valueLow), y->coordToPixel(target.valueHigh));
        const double bottom =
            std::max(y->coordToPixel(target.valueLow), y->coordToPixel(target.valueHigh));
        // Distance from pos to the target's rectangle (zero inside it).
        const double dx = std::max(0.0, std::abs(pos.x() - centre) - halfWidth);
        const double dy = pos.y() < top ? top - pos.y() : (pos.y() > bottom ? pos.y() - bottom : 0);
        const double distance = std::hypot(dx, dy);
        if (distance <= kHitRadiusPx && distance < bestDistance) {
            best = &target;
            bestDistance = distance;
        }
    }
    if (!best)
        return std::nullopt;
    return best->hit;
}

void ChartWidget::onMouseMove(QMouseEvent *event)
{
    const auto hit = hitAt(event->position());
    if (!hit) {
        QToolTip::hideText();
        m_plot->unsetCursor();
        return;
    }
    m_plot->setCursor(hit->trace ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QToolTip::showText(event->globalPosition().toPoint(), hit->tooltip, m_plot);
}

void ChartWidget::onMousePress(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    if (const auto hit = hitAt(event->position()); hit && hit->trace)
        emit runSelected(*hit->trace);
}

void ChartWidget::onMouseDoubleClick(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    if (const auto hit = hitAt(event->position()); hit && hit->trace)
        emit runActivated(*hit->trace);
}

} // namespace corescope
