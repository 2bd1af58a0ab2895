// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinelayout.h"
#include "timeline/timelinetheme.h"
#include "timeline/timelineviewstate.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace corescope {

class TimelineLodCache;
class TimelineRenderer;

/// What an exported picture shows. The defaults make a slide: the whole trace, cores and
/// threads, light theme, with title, axis and legend.
struct ExportOptions
{
    /// The time range drawn; nullopt: from 0 to the end of the longest run.
    std::optional<std::pair<TimeNs, TimeNs>> range;
    LaneMode laneMode = LaneMode::Both;
    Appearance theme; ///< light by default: projectors wash out dark slides
    QString title;    ///< empty: made from the runs
    QString subtitle; ///< empty: the machine and the capture method
    bool showTitle = true;
    bool showAxis = true;
    bool showLegend = true;
    bool showHandoffs = true;
    std::optional<ThreadKey> highlight;
    /// A replay's position, drawn as on screen; predicting hides what lies after it.
    std::optional<TimeNs> playhead;
    bool predicting = false;
    bool criticalPath = false; ///< the runs' critical paths over their lanes
};

/// Draws runs into a QImage, a PNG file or an SVG file with the same TimelineRenderer as the
/// screen. Headless (needs a QGuiApplication for fonts, nothing else).
class TimelineExporter
{
public:
    using Runs = std::vector<std::shared_ptr<const Trace>>;
    static constexpr QSize kFullHd{1920, 1080};
    static constexpr QSize kUltraHd{3840, 2160};

    /// Sizes and fonts grow with pictures larger than 1080p, so that a 4K export looks like the
    /// 1080p one, only sharper; smaller pictures are drawn at screen size.
    [[nodiscard]] static double scaleFor(QSize size);
    /// Sets up `renderer` for a picture of `size` (used by renderImage and by the view).
    static void configure(TimelineRenderer &renderer, QSize size, const ExportOptions &options);
    /// Paints the picture `renderer` was configured for: the timeline and the playhead.
    static void paint(TimelineRenderer &renderer, QPainter &painter, const ExportOptions &options);

    /// `cache` lets an export reuse what a view already derived from the runs.
    [[nodiscard]] static QImage renderImage(const Runs &runs, QSize size,
                                            const ExportOptions &options,
                                            std::shared_ptr<TimelineLodCache> cache = {});
    /// Writes atomically (a temporary file renamed over `path`); false with a message naming the
    /// file on failure.
    [[nodiscard]] static bool writePng(const Runs &runs, const QString &path, QSize size,
                                       const ExportOptions &options, QString *error,
                                       std::shared_ptr<TimelineLodCache> cache = {});
    /// Refused in predict mode: the shapes behind the curtain would still be in the file.
    [[nodiscard]] static bool writeSvg(const Runs &runs, const QString &path, QSize size,
                                       const ExportOptions &options, QString *error,
                                       std::shared_ptr<TimelineLodCache> cache = {});
    /// Writes an image already rendered, atomically.
    [[nodiscard]] static bool savePng(const QImage &image, const QString &path, QString *error);
};

} // namespace corescope
