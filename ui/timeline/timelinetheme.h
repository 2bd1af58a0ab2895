// SPDX-License-Identifier: MIT
#pragma once

#include "theme.h"
#include "trace/trace.h"

#include <QColor>

#include <array>

namespace corescope {

/// Colours and sizes of the timeline, derived from an Appearance: light by default (projectors
/// wash out dark slides); presentation mode adds large type, tall lanes and strong contrast for
/// the back row, on either scheme. Sizes are pixels at scale 1; exports multiply them so that a
/// 4K picture looks like the 1080p one, only sharper.
struct TimelineTheme
{
    Appearance appearance;

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
    QColor playhead;  ///< the replay's position
    QColor highlight; ///< outline of the highlighted thread
    QColor hatch;     ///< stripes over child processes' bars
    QColor gilArrow;
    QColor lockArrow;
    QColor queueArrow;    ///< an item through a queue, slanted from its put to its get
    QColor counter;       ///< a counter track of a kind with no state of its own (imported)
    QColor otherPrograms; ///< a core's time that went to other programs (hatched where exact)
    /// States in a thread's or task's strip (running on a core is drawn in the thread's own
    /// colour; a task running on its thread in its row here).
    std::array<QColor, size_t(ThreadState::Count)> states;

    int fontPixels = 13;
    int titlePixels = 22;
    int headerHeight = 24;
    int coreLaneHeight = 26;
    int threadLaneHeight = 34;
    int taskLaneHeight = 22; ///< a state strip alone, as tall as a thread lane's
    int counterLaneHeight = 36;
    int laneGap = 2; ///< between a lane's bars and the next lane
    int axisGap = 4;
    double lineWidth = 1.0;
    double hatchSpacing = 6.0;
    /// How far other threads fade when one is highlighted (0: not at all, 1: into the background).
    double fade = 0.75;

    [[nodiscard]] static TimelineTheme forAppearance(Appearance appearance);
    /// The default: light, not in presentation mode.
    [[nodiscard]] static TimelineTheme light() { return forAppearance({}); }

    [[nodiscard]] bool isDark() const { return appearance.isDark(); }
    [[nodiscard]] QColor stateColour(ThreadState state) const { return states[size_t(state)]; }
    /// A hand-off's arrow (the colour of the wait it ends); other markers have none of their own.
    [[nodiscard]] QColor arrowColour(MarkerKind kind) const;
    /// A counter track's step chart: the colour of the wait it counts, so that a queue's depth
    /// and the waits on it read as one thing.
    [[nodiscard]] QColor counterColour(CounterKind kind) const;
};

} // namespace corescope
