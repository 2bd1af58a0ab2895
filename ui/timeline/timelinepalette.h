// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

#include <cstdint>

namespace corescope {

/// Thread colours. A thread's colour follows its slot (0: the engine's main thread, then the
/// workers or child processes in the order they started), so worker 1 has the same colour in
/// the serial, threads, GIL and processes runs that a lecture compares. Hues come from the
/// Okabe–Ito set, which colour-blind viewers can tell apart; past seven workers they repeat
/// darker, then lighter. Processes keep their hue and are told apart by hatching.
class TimelinePalette
{
public:
    static constexpr uint32_t kHues = 7;

    [[nodiscard]] static QColor threadColour(uint32_t slot, bool darkTheme = false);
    /// `colour` mixed into `background`: 0 keeps the colour, 1 gives the background.
    [[nodiscard]] static QRgb mix(QRgb colour, QRgb background, double towardBackground);
    /// Black or white, whichever reads better on `background`.
    [[nodiscard]] static QColor textOn(QColor background);
};

} // namespace corescope
