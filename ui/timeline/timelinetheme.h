// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <QColor>
#include <QString>

#include <array>
#include <optional>

namespace corescope {

/// Colours and sizes of the timeline. Light is the default (projectors wash out dark slides);
/// presentation is light with large type, tall lanes and strong contrast for the back row.
/// Sizes are pixels at scale 1; exports multiply them so that a 4K picture looks like the
/// 1080p one, only sharper.
struct TimelineTheme
{
    enum class Kind : uint8_t {
        Light,
        Dark,
        Presentation
    };

    Kind kind = Kind::Light;

    QColor background;    ///< behind everything: idle time is this
    QColor laneAlternate; ///< every other lane, faintly
    QColor headerBackground;
    QColor afterEnd; ///< lanes past their run's end
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor separator; ///< between runs
    QColor selectionFill;
    QColor selectionEdge;
    QColor cursor;
    QColor highlight; ///< outline of the highlighted thread
    QColor hatch;     ///< stripes over child processes' bars
    QColor gilArrow;
    QColor lockArrow;
    /// Waiting states in a thread's state strip (running is drawn in the thread's own colour).
    std::array<QColor, size_t(ThreadState::Count)> states;

    int fontPixels = 13;
    int titlePixels = 22;
    int headerHeight = 24;
    int coreLaneHeight = 26;
    int threadLaneHeight = 34;
    int laneGap = 2; ///< between a lane's bars and the next lane
    int axisGap = 4;
    double lineWidth = 1.0;
    double hatchSpacing = 6.0;
    /// How far other threads fade when one is highlighted (0: not at all, 1: into the background).
    double fade = 0.75;

    [[nodiscard]] static TimelineTheme light();
    [[nodiscard]] static TimelineTheme dark();
    [[nodiscard]] static TimelineTheme presentation();
    [[nodiscard]] static TimelineTheme of(Kind kind);

    /// "light", "dark", "presentation" (command line, settings).
    [[nodiscard]] static QString name(Kind kind);
    [[nodiscard]] static std::optional<Kind> kindFromName(const QString &name);

    [[nodiscard]] bool isDark() const { return kind == Kind::Dark; }
    [[nodiscard]] QColor stateColour(ThreadState state) const { return states[size_t(state)]; }
};

} // namespace corescope
