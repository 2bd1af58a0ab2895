// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinelayout.h"
#include "timeline/timelinetheme.h"
#include "timeline/timelineviewstate.h"
#include "trace/trace.h"

#include <QColor>
#include <QFont>
#include <QRect>
#include <QString>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace corescope {

class TimelineLodCache;

/// What every lane painter, the legend and the primitives read while drawing one picture: the
/// runs, their level-of-detail cache, the theme at its scale, the fonts and the thread colours.
/// The renderer fills it when the data, the theme or the size change; painters only read it.
struct TimelineFrame
{
    std::vector<std::shared_ptr<const Trace>> runs;
    std::shared_ptr<TimelineLodCache> cache;
    TimelineTheme theme = TimelineTheme::light();
    double scale = 1.0;
    std::optional<ThreadKey> highlight; ///< other threads fade
    QFont font;
    QFont boldFont;
    QFont smallFont;
    QFont titleFont;
    QFont subtitleFont;
    QFont spanFont;                               ///< task labels, sized to fit the span band
    bool spanLabels = true;                       ///< the span band is tall enough for text
    std::vector<std::vector<QRgb>> threadColours; ///< per run, per thread

    /// `size` theme pixels at the frame's scale, at least 1.
    [[nodiscard]] int px(double size) const { return std::max(1, int(std::lround(size * scale))); }
    [[nodiscard]] const Trace &run(int run) const { return *runs[size_t(run)]; }
    // Inline, as barColour(): called for every bar of every frame.
    [[nodiscard]] QRgb threadColour(int run, uint32_t thread) const
    {
        const auto &colours = threadColours[size_t(run)];
        return thread < colours.size() ? colours[thread] : theme.mutedText.rgb();
    }
    [[nodiscard]] bool isProcess(int run, uint32_t thread) const
    {
        const auto &threads = runs[size_t(run)]->threads();
        return thread < threads.size() && threads[thread].role == ThreadRole::ChildProcess;
    }
    [[nodiscard]] bool isTask(int run, uint32_t thread) const
    {
        const auto &threads = runs[size_t(run)]->threads();
        return thread < threads.size() && threads[thread].role == ThreadRole::Task;
    }
    [[nodiscard]] QString threadName(int run, uint32_t thread) const;
    /// The task `thread` was running at `time`, from its task spans.
    [[nodiscard]] std::optional<uint32_t> taskAt(int run, uint32_t thread, TimeNs time) const;
    /// `colour` as drawn: faded unless its thread is the highlighted one (or there is none).
    [[nodiscard]] QRgb barColour(QRgb colour, int run, uint32_t thread) const
    {
        if (!highlight || thread == kNoThread
            || (highlight->run == run && highlight->thread == thread))
            return colour;
        return fadedColour(colour);
    }
    /// `colour` faded toward the background as other threads are when one is highlighted.
    [[nodiscard]] QRgb fadedColour(QRgb colour) const;

    /// A thread lane's span band (its upper part) and state strip (the lower).
    [[nodiscard]] static QRect spanBandOf(const QRect &laneRect);
    [[nodiscard]] static QRect stateStripOf(const QRect &laneRect);
    /// The state strip of a lane of `kind`: a task lane is its strip alone, about as tall as a
    /// thread lane's.
    [[nodiscard]] static QRect stateStripOf(TimelineLane::Kind kind, const QRect &laneRect);
};

} // namespace corescope
