// SPDX-License-Identifier: MIT
#include "timeline/timelinepalette.h"

#include <algorithm>
#include <array>

namespace corescope {
namespace {

// Okabe–Ito, without black (text and outlines need it); the yellow is darkened because the
// original vanishes on a white slide under a projector.
constexpr std::array<QRgb, TimelinePalette::kHues> kHueSet = {
    0xff0072b2, // blue
    0xffe69f00, // orange
    0xff009e73, // bluish green
    0xffcc79a7, // reddish purple
    0xff56b4e9, // sky blue
    0xffd55e00, // vermillion
    0xffc4b000, // yellow, darkened
};

} // namespace

QColor TimelinePalette::threadColour(uint32_t slot, bool darkTheme)
{
    if (slot == 0)
        return darkTheme ? QColor(0x9a, 0x9a, 0x9a) : QColor(0x6e, 0x6e, 0x6e);
    const uint32_t worker = slot - 1;
    const QColor base = QColor::fromRgb(kHueSet[worker % kHues]);
    switch ((worker / kHues) % 3) {
    case 1:
        return base.darker(150);
    case 2:
        return base.lighter(140);
    default:
        return base;
    }
}

QRgb TimelinePalette::mix(QRgb colour, QRgb background, double towardBackground)
{
    const double t = std::clamp(towardBackground, 0.0, 1.0);
    const auto channel = [t](int a, int b) { return int(a + (b - a) * t + 0.5); };
    return qRgb(channel(qRed(colour), qRed(background)),
                channel(qGreen(colour), qGreen(background)),
                channel(qBlue(colour), qBlue(background)));
}

QColor TimelinePalette::textOn(QColor background)
{
    // Relative luminance, roughly: light backgrounds get black text.
    const double luminance =
        0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return luminance > 0.5 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace corescope
