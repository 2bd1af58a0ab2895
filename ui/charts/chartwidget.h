// SPDX-License-Identifier: MIT
#pragma once

#include "charts/chartexporter.h"
#include "charts/chartstyle.h"
#include "result.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCustomPlot;
class QCPLayoutGrid;
class QCPTextElement;
class QMouseEvent;

namespace corescope {

/// The base of every chart: a QCustomPlot laid out as title, subtitle, plot and a legend on the
/// right (outside the data, so it never hides a point), styled by an Appearance, with hover
/// tooltips, clickable points and export through ChartExporter.
///
/// Subclasses draw in build(); rebuild() clears the plot, restyles it, calls build() and queues
/// one replot, so data, theme and size changes all take the same path.
class ChartWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ChartWidget(QWidget *parent = nullptr);
    ~ChartWidget() override;

    /// The plot itself, for tests and for callers that add to it.
    [[nodiscard]] QCustomPlot *plot() const { return m_plot; }

    [[nodiscard]] Appearance appearance() const { return m_style.appearance; }
    void setAppearance(Appearance appearance);

    /// The chart's title as drawn (names the workload and the machine).
    [[nodiscard]] QString title() const;

    /// The chart as an image of exactly `size` pixels.
    [[nodiscard]] QImage toImage(QSize size = ChartExporter::kDefaultSize);
    /// Writes the chart to path as PNG, SVG or PDF (by the suffix unless `format` is given).
    [[nodiscard]] Status exportTo(const QString &path, QSize size = ChartExporter::kDefaultSize,
                                  std::optional<ChartFormat> format = std::nullopt);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

signals:
    /// A point that stands for a run was clicked; traceIndex indexes SweepResult::traces.
    void runSelected(size_t traceIndex);
    /// A point that stands for a run was double-clicked: open its timeline.
    void runActivated(size_t traceIndex);

protected:
    /// What lies under the pointer: the tooltip and, for a measured point, its run.
    struct Hit
    {
        QString tooltip;
        std::optional<size_t> trace;
    };
    /// A region of the plot (in the coordinates of the bottom and left axes) that answers hover
    /// and clicks: a point (keyHalfWidth 0, valueLow == valueHigh) or a bar.
    struct HitTarget
    {
        double key = 0;
        double valueLow = 0;
        double valueHigh = 0;
        double keyHalfWidth = 0;
        Hit hit;
    };
    static constexpr double kHitRadiusPx = 12;
    static constexpr int kTextMarginPx = 8;

    /// Clears plottables, items and hit targets, applies the theme, calls build() and queues a
    /// replot. Call whenever the chart's data changes.
    void rebuild();
    /// Draws the chart's data; the plot is empty and styled when it is called.
    virtual void build() = 0;
    /// What lies at pos (plot widget coordinates); by default the nearest hit target.
    [[nodiscard]] virtual std::optional<Hit> hitAt(QPointF pos) const;

    void addHitTarget(HitTarget target) { m_targets.push_back(std::move(target)); }
    [[nodiscard]] const ChartStyle &style() const { return m_style; }
    /// Sets the title and subtitle; either is broken into two lines (at ": " or " · ") when it
    /// would not fit the reference width.
    void setTitles(const QString &title, const QString &subtitle);
    [[nodiscard]] static QString fitToWidth(const QString &text, const QFont &font,
                                            const QString &separator);
    void setLegendShown(bool shown);

private:
    void applyStyle();
    void onMouseMove(QMouseEvent *event);
    void onMousePress(QMouseEvent *event);
    void onMouseDoubleClick(QMouseEvent *event);

    QCustomPlot *m_plot = nullptr;
    QCPTextElement *m_title = nullptr;
    QCPTextElement *m_subtitle = nullptr;
    QCPLayoutGrid *m_legendColumn = nullptr;
    ChartStyle m_style = ChartStyle::forAppearance({});
    std::vector<HitTarget> m_targets;
};

} // namespace corescope
