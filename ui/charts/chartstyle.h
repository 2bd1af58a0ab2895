// SPDX-License-Identifier: MIT
#pragma once

#include "theme.h"

#include <QColor>
#include <QFont>
#include <QPen>

#include <string>

namespace corescope {

/// Colours, type sizes and line widths of a chart, derived from an Appearance: presentation
/// mode is for projectors and slides (large type, thick lines, full contrast). Sizes are in
/// logical pixels of a chart 960 px wide (see ChartExporter), so a chart reads the same on
/// screen and in a 4K PNG.
struct ChartStyle
{
    Appearance appearance;
    QColor background;
    QColor text;
    QColor mutedText; ///< subtitles, secondary labels
    QColor axis;
    QColor grid;
    QColor reference; ///< the ideal line and the core-count marker
    QColor legendBackground;
    QColor legendBorder;
    int textPx = 14; ///< axis labels and the legend
    int tickPx = 13; ///< tick labels
    int titlePx = 19;
    int subtitlePx = 13;
    double lineWidth = 2;      ///< measured series
    double fitLineWidth = 1.6; ///< fitted curves
    double referenceWidth = 1.6;
    double axisWidth = 1;
    double markerSize = 9;

    [[nodiscard]] static ChartStyle forAppearance(Appearance appearance);

    /// The model's colour, the same in every chart: Okabe–Ito hues, which stay distinct for the
    /// common forms of colour blindness (serial grey, threads blue, gil vermillion, processes
    /// green; later models take the remaining hues).
    [[nodiscard]] QColor modelColour(const std::string &model) const;
    /// A font of the application's family at a pixel size (pixels, not points, so that exports
    /// do not depend on the resolution of the device they are painted on).
    [[nodiscard]] static QFont font(int pixelSize, bool bold = false);
    /// A non-cosmetic pen: cosmetic pens stay hairlines however large the export.
    [[nodiscard]] static QPen pen(const QColor &colour, double width,
                                  Qt::PenStyle style = Qt::SolidLine);
};

} // namespace corescope
