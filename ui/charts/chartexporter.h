// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <optional>

class QCustomPlot;
class QPaintDevice;

namespace corescope {

/// The file formats a chart is exported to.
enum class ChartFormat {
    Png,
    Svg,
    Pdf,
};

/// Writes a QCustomPlot to PNG, SVG or PDF at a chosen size, through one drawing path.
///
/// The chart is laid out at a reference size of about 960 × 540 logical pixels and then scaled
/// to the output, so a 1920 × 1080 PNG and a 3840 × 2160 PNG show the same picture, only
/// sharper, and type sized for the screen stays readable on a slide.
class ChartExporter
{
public:
    static constexpr QSize kDefaultSize{1920, 1080};
    static constexpr int kReferenceWidth = 960;
    static constexpr int kReferenceHeight = 540;

    explicit ChartExporter(QSize size = kDefaultSize);

    [[nodiscard]] QSize size() const { return m_size; }
    void setSize(QSize size) { m_size = size; }
    /// Stored as the document title of SVG and PDF files.
    void setTitle(const QString &title) { m_title = title; }

    /// The chart as an image of exactly size() pixels.
    [[nodiscard]] QImage toImage(QCustomPlot &plot) const;
    /// Writes the chart to path atomically (a crash never leaves half a file). The format
    /// follows the suffix unless given.
    [[nodiscard]] Status save(QCustomPlot &plot, const QString &path,
                              std::optional<ChartFormat> format = std::nullopt) const;

    /// The format named by path's suffix (.png, .svg, .pdf, any case), if any.
    [[nodiscard]] static std::optional<ChartFormat> formatForPath(const QString &path);
    /// The factor from the reference layout to `size`.
    [[nodiscard]] static double scaleFor(QSize size);
    /// Parses "1920x1080" (or with '×'); std::nullopt unless both sides are 16 to 16384.
    [[nodiscard]] static std::optional<QSize> parseSize(const QString &text);

private:
    [[nodiscard]] bool paint(QCustomPlot &plot, QPaintDevice &device) const;

    QSize m_size;
    QString m_title;
};

} // namespace corescope
