// SPDX-License-Identifier: MIT
#include "charts/chartstyle.h"

#include <QGuiApplication>
#include <QPen>

#include <array>
#include <numeric>

namespace corescope {

namespace {

// Okabe & Ito's palette (2008), picked to stay apart for deuteranopes, protanopes and
// tritanopes. On the dark background the blue, vermillion and green are lightened a little so
// that they keep their contrast; the hues stay the same.
struct ModelHue
{
    const char *model;
    QRgb onLight;
    QRgb onDark;
};
constexpr std::array kModelHues{
    ModelHue{"serial", 0x6e6e6e, 0xb4b4b4},
    ModelHue{"threads", 0x0072b2, 0x56b4e9},
    ModelHue{"gil", 0xd55e00, 0xef7f3a},
    ModelHue{"processes", 0x009e73, 0x2cc79a},
};
// For models that arrive later (event loop, pools): the rest of the palette.
constexpr std::array<QRgb, 3> kSpareHues{0xe69f00, 0xcc79a7, 0x56b4e9};

} // namespace

ChartStyle ChartStyle::forAppearance(Appearance appearance)
{
    ChartStyle style;
    style.appearance = appearance;
    if (appearance.isDark()) {
        // The one dark background, so that a chart sits flush in its view.
        style.background = QColor::fromRgb(kDarkBackground);
        style.text = QColor(0xe6, 0xe9, 0xef);
        style.mutedText = QColor(0xa8, 0xb0, 0xbd);
        style.axis = QColor(0xa0, 0xa7, 0xb4);
        style.grid = QColor(0x34, 0x3a, 0x46);
        style.reference = QColor(0xc4, 0xc9, 0xd2);
        style.legendBackground = QColor(0x26, 0x2b, 0x35);
        style.legendBorder = QColor(0x4a, 0x52, 0x62);
    } else {
        style.background = QColor(0xff, 0xff, 0xff);
        style.text = QColor(0x1f, 0x23, 0x28);
        style.mutedText = QColor(0x57, 0x60, 0x6a);
        style.axis = QColor(0x45, 0x4a, 0x52);
        style.grid = QColor(0xe1, 0xe4, 0xe8);
        style.reference = QColor(0x4a, 0x4f, 0x57);
        style.legendBackground = QColor(0xff, 0xff, 0xff);
        style.legendBorder = QColor(0xc8, 0xcc, 0xd1);
    }
    if (!appearance.presentation)
        return style;
    // Projectors wash out pale greys and thin lines: full contrast, everything larger.
    if (appearance.isDark()) {
        style.text = QColor(0xff, 0xff, 0xff);
        style.mutedText = QColor(0xd0, 0xd0, 0xd0);
        style.axis = QColor(0xff, 0xff, 0xff);
        style.grid = QColor(0x4a, 0x52, 0x62);
        style.reference = QColor(0xff, 0xff, 0xff);
        style.legendBorder = QColor(0x80, 0x88, 0x94);
    } else {
        style.text = QColor(0x00, 0x00, 0x00);
        style.mutedText = QColor(0x30, 0x30, 0x30);
        style.axis = QColor(0x00, 0x00, 0x00);
        style.grid = QColor(0xcc, 0xcc, 0xcc);
        style.reference = QColor(0x00, 0x00, 0x00);
        style.legendBorder = QColor(0x80, 0x80, 0x80);
    }
    style.textPx = 19;
    style.tickPx = 18;
    style.titlePx = 25;
    style.subtitlePx = 16;
    style.lineWidth = 3.5;
    style.fitLineWidth = 2.6;
    style.referenceWidth = 2.4;
    style.axisWidth = 2;
    style.markerSize = 13;
    return style;
}

QColor ChartStyle::modelColour(const std::string &model) const
{
    const bool dark = appearance.isDark();
    for (const ModelHue &hue : kModelHues) {
        if (model == hue.model)
            return QColor::fromRgb(dark ? hue.onDark : hue.onLight);
    }
    // A sum of the characters rather than std::hash: the same colour on every machine and build.
    const unsigned sum = std::accumulate(model.begin(), model.end(), 0u,
                                         [](unsigned total, char c) { return total + uint8_t(c); });
    return QColor::fromRgb(kSpareHues[sum % kSpareHues.size()]);
}

QFont ChartStyle::font(int pixelSize, bool bold)
{
    QFont result = QGuiApplication::font();
    result.setPixelSize(pixelSize);
    result.setBold(bold);
    return result;
}

QPen ChartStyle::pen(const QColor &colour, double width, Qt::PenStyle style)
{
    QPen result(colour, width, style);
    result.setCosmetic(false);
    result.setCapStyle(Qt::FlatCap);
    result.setJoinStyle(Qt::RoundJoin);
    return result;
}

} // namespace corescope
