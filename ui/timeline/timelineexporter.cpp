// SPDX-License-Identifier: MIT
#include "timeline/timelineexporter.h"

#include "timeline/timelinerenderer.h"

#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>

namespace corescope {
namespace {

/// PNG compression: Qt maps quality 70 to zlib level 2, which for a timeline's flat colours
/// encodes about twice as fast as the default level for ~20 % more bytes (4K within 500 ms).
constexpr int kPngQuality = 70;

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

double TimelineExporter::scaleFor(QSize size)
{
    return std::max(1.0, std::min(double(size.width()) / kFullHd.width(),
                                  double(size.height()) / kFullHd.height()));
}

void TimelineExporter::configure(TimelineRenderer &renderer, QSize size,
                                 const ExportOptions &options)
{
    renderer.setTheme(TimelineTheme::forAppearance(options.theme));
    renderer.setLaneMode(options.laneMode);
    TimelineChrome chrome;
    chrome.title = options.showTitle;
    chrome.titleText = options.title;
    chrome.subtitle = options.subtitle;
    chrome.axis = options.showAxis;
    chrome.legend = options.showLegend;
    renderer.setChrome(chrome);
    renderer.setScale(scaleFor(size));
    renderer.setShowHandoffs(options.showHandoffs);
    renderer.setHighlight(options.highlight);
    renderer.setHiddenAfter(options.predicting ? options.playhead : std::nullopt);
    // Everything must fit on the slide: lanes shrink as far as needed, and grow to fill it.
    renderer.setStretchLimits(0.05, 5.0);
    renderer.setSize(size);
    renderer.setScrollY(0);
    const auto [begin, end] =
        options.range.value_or(std::pair<TimeNs, TimeNs>{0, renderer.extent()});
    renderer.setRange(begin, end);
}

void TimelineExporter::paint(TimelineRenderer &renderer, QPainter &painter,
                             const ExportOptions &options)
{
    renderer.paint(painter);
    if (options.playhead || options.criticalPath || options.highlight) {
        TimelineOverlays overlays;
        overlays.playhead = options.playhead;
        overlays.predicting = options.predicting;
        overlays.wakeupsOf = options.highlight;
        overlays.criticalPath = options.criticalPath;
        renderer.paintOverlays(painter, overlays);
    }
}

QImage TimelineExporter::renderImage(const Runs &runs, QSize size, const ExportOptions &options,
                                     std::shared_ptr<TimelineLodCache> cache)
{
    size = size.expandedTo(QSize(1, 1));
    TimelineRenderer renderer(std::move(cache));
    renderer.setRuns(runs);
    configure(renderer, size, options);
    QImage image(size, QImage::Format_RGB32);
    QPainter painter(&image);
    paint(renderer, painter, options);
    painter.end();
    return image;
}

bool TimelineExporter::savePng(const QImage &image, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    if (!image.save(&file, "PNG", kPngQuality)) {
        file.cancelWriting();
        return fail(error, QStringLiteral("%1: could not encode the PNG image").arg(path));
    }
    if (!file.commit())
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    return true;
}

bool TimelineExporter::writePng(const Runs &runs, const QString &path, QSize size,
                                const ExportOptions &options, QString *error,
                                std::shared_ptr<TimelineLodCache> cache)
{
    return savePng(renderImage(runs, size, options, std::move(cache)), path, error);
}

bool TimelineExporter::writeSvg(const Runs &runs, const QString &path, QSize size,
                                const ExportOptions &options, QString *error,
                                std::shared_ptr<TimelineLodCache> cache)
{
    if (options.predicting && options.playhead)
        return fail(error, QStringLiteral("%1: an SVG keeps every shape, even those predict mode "
                                          "hides: export a PNG instead")
                               .arg(path));
    size = size.expandedTo(QSize(1, 1));
    TimelineRenderer renderer(std::move(cache));
    renderer.setRuns(runs);
    configure(renderer, size, options);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(options.title.isEmpty() ? QStringLiteral("CoreScope timeline")
                                               : options.title);
    generator.setDescription(
        QStringLiteral("Per-core and per-thread timeline exported by CoreScope"));
    QPainter painter;
    if (!painter.begin(&generator)) {
        file.cancelWriting();
        return fail(error, QStringLiteral("%1: could not start the SVG document").arg(path));
    }
    paint(renderer, painter, options);
    painter.end();
    if (!file.commit())
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace corescope
