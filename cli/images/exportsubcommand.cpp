// SPDX-License-Identifier: MIT
#include "cli/images/exportsubcommand.h"

#include "cli/commandlinetext.h"
#include "cli/images/replayframes.h"
#include "cli/interruptwatcher.h"
#include "engine/engine.h"
#include "engine/params.h"
#include "qtext/qtext.h"
#include "timeline/timelineexporter.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timescale.h"
#include "trace/duration.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>

#include <cmath>
#include <memory>

namespace corescope {
namespace {

/// "workload=factorize,model=gil,workers=2,ms=50": the RunSpec fields by name, anything else a
/// workload or model parameter.
Result<RunSpec> parseRunSpec(const QString &description)
{
    RunSpec spec;
    const QStringList pairs = description.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return Error{
                QStringLiteral("--run: '%1' is not key=value").arg(pair.trimmed()).toStdString()};
        const QString key = pair.left(equals).trimmed();
        const QString value = pair.mid(equals + 1).trimmed();
        if (key == QLatin1String("workload")) {
            spec.workload = value.toStdString();
        } else if (key == QLatin1String("model")) {
            spec.model = value.toStdString();
        } else if (key == QLatin1String("workers") || key == QLatin1String("tasks")) {
            bool ok = false;
            const int number = value.toInt(&ok);
            if (!ok)
                return Error{QStringLiteral("--run: %1: '%2' is not a whole number")
                                 .arg(key, value)
                                 .toStdString()};
            (key == QLatin1String("workers") ? spec.workers : spec.tasks) = number;
        } else {
            spec.params[key.toStdString()] = value.toStdString();
        }
    }
    if (spec.workload.empty() || spec.model.empty())
        return Error{QStringLiteral("--run: '%1' needs workload=… and model=…")
                         .arg(description)
                         .toStdString()};
    return spec;
}

} // namespace

QString ExportSubcommand::name() const
{
    return QStringLiteral("export");
}

QString ExportSubcommand::summary() const
{
    return QStringLiteral("Draw the timeline of trace files into PNG or SVG pictures for slides");
}

void ExportSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOptions({
        {QStringLiteral("png"), QStringLiteral("Write a PNG picture to this file."),
         QStringLiteral("file")},
        {QStringLiteral("svg"), QStringLiteral("Write an SVG picture to this file."),
         QStringLiteral("file")},
        {QStringLiteral("width"), QStringLiteral("Picture width in pixels (default 1920)."),
         QStringLiteral("pixels"), QStringLiteral("1920")},
        {QStringLiteral("height"), QStringLiteral("Picture height in pixels (default 1080)."),
         QStringLiteral("pixels"), QStringLiteral("1080")},
        {QStringLiteral("view"),
         QStringLiteral("Lanes to draw: cores, threads or both (default both)."),
         QStringLiteral("lanes"), QStringLiteral("both")},
        {QStringLiteral("from"),
         QStringLiteral("Start of the time range, e.g. 0.2s, 150ms, 40us (default 0)."),
         QStringLiteral("time")},
        {QStringLiteral("to"),
         QStringLiteral("End of the time range (default: the end of the longest run)."),
         QStringLiteral("time")},
        {QStringLiteral("theme"), QStringLiteral("light, dark or presentation (default light)."),
         QStringLiteral("name"), QStringLiteral("light")},
        {QStringLiteral("title"),
         QStringLiteral("Title above the timeline (default: from the runs)."),
         QStringLiteral("text")},
        {QStringLiteral("no-arrows"),
         QStringLiteral("Leave out the hand-off arrows (GIL, lock, queue).")},
        {QStringLiteral("run"),
         QStringLiteral("Run a workload now and draw it, e.g. \"workload=factorize,model=gil,"
                        "workers=2\" (repeatable; drawn after the files' runs)."),
         QStringLiteral("spec")},
        {QStringLiteral("at"),
         QStringLiteral("Draw a replay's playhead at this time (with --png or --svg)."),
         QStringLiteral("time")},
        {QStringLiteral("predict"),
         QStringLiteral("Predict mode: hide what comes after --at, as the window does.")},
        {QStringLiteral("critical-path"),
         QStringLiteral("Draw each run's critical path over its lanes.")},
        {QStringLiteral("frames"),
         QStringLiteral("Write a replay as numbered PNG frames into this folder (made if "
                        "missing): the runs uncovered as the playhead moves on."),
         QStringLiteral("folder")},
        {QStringLiteral("fps"),
         QStringLiteral("Frames per second of the replay (1 to 60, default 10)."),
         QStringLiteral("n"), QStringLiteral("10")},
        {QStringLiteral("speed"),
         QStringLiteral("Replay seconds per second: 1/50 makes 100 ms last 5 s (default 1/50)."),
         QStringLiteral("fraction"), QStringLiteral("1/50")},
    });
    parser.addPositionalArgument(QStringLiteral("trace"),
                                 QStringLiteral("Trace files (.cstrace or Chrome/Perfetto .json); "
                                                "their runs are stacked on one time axis."),
                                 QStringLiteral("[trace...]"));
}

int ExportSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    const QString pngPath = parser.value(QStringLiteral("png"));
    const QString svgPath = parser.value(QStringLiteral("svg"));
    const QString framesPath = parser.value(QStringLiteral("frames"));
    if (pngPath.isEmpty() && svgPath.isEmpty() && framesPath.isEmpty())
        return usageError(QStringLiteral("nothing to write: give --png, --svg or --frames"));
    std::optional<ReplayFrames> frames;
    if (!framesPath.isEmpty()) {
        auto checked = ReplayFrames::fromOptions(framesPath, parser.value(QStringLiteral("fps")),
                                                 parser.value(QStringLiteral("speed")));
        if (!checked)
            return usageError(text(checked.error()));
        frames = std::move(checked).value();
    }
    const QStringList files = parser.positionalArguments();
    const QStringList runSpecs = parser.values(QStringLiteral("run"));
    if (files.isEmpty() && runSpecs.isEmpty())
        return usageError(QStringLiteral("a trace file (or --run) is required"));

    QSize size;
    for (const char *option : {"width", "height"}) {
        const QString name = QString::fromLatin1(option);
        bool ok = false;
        const int value = parser.value(name).toInt(&ok);
        if (!ok || value < 64 || value > 16384)
            return usageError(QStringLiteral("--%1: '%2' is not a size from 64 to 16384 pixels")
                                  .arg(name, parser.value(name)));
        (name == QLatin1String("width") ? size.rwidth() : size.rheight()) = value;
    }

    ExportOptions options;
    const QString view = parser.value(QStringLiteral("view")).toLower();
    if (view == QLatin1String("cores"))
        options.laneMode = LaneMode::Cores;
    else if (view == QLatin1String("threads"))
        options.laneMode = LaneMode::Threads;
    else if (view == QLatin1String("both"))
        options.laneMode = LaneMode::Both;
    else
        return usageError(QStringLiteral("--view: '%1' is not cores, threads or both").arg(view));
    const auto theme = appearanceFromName(parser.value(QStringLiteral("theme")));
    if (!theme)
        return usageError(QStringLiteral("--theme: '%1' is not light, dark or presentation")
                              .arg(parser.value(QStringLiteral("theme"))));
    options.theme = *theme;
    options.title = parser.value(QStringLiteral("title"));
    options.showHandoffs = !parser.isSet(QStringLiteral("no-arrows"));
    options.criticalPath = parser.isSet(QStringLiteral("critical-path"));
    if (parser.isSet(QStringLiteral("at"))) {
        const auto at = commandlinetext::parseTime(parser.value(QStringLiteral("at")));
        if (!at)
            return usageError(QStringLiteral("--at: %1").arg(text(at.error())));
        options.playhead = at.value();
    }
    options.predicting = parser.isSet(QStringLiteral("predict"));
    if (options.predicting && !options.playhead)
        return usageError(QStringLiteral("--predict needs --at: the time after which to hide"));
    if (options.predicting && !svgPath.isEmpty())
        return usageError(QStringLiteral("--predict: an SVG keeps every shape, even those it "
                                         "hides; use --png"));
    std::optional<TimeNs> from;
    std::optional<TimeNs> to;
    for (const char *option : {"from", "to"}) {
        const QString name = QString::fromLatin1(option);
        if (!parser.isSet(name))
            continue;
        const auto time = commandlinetext::parseTime(parser.value(name));
        if (!time)
            return usageError(QStringLiteral("--%1: %2").arg(name, text(time.error())));
        (name == QLatin1String("from") ? from : to) = time.value();
    }
    if (from && to && *to <= *from)
        return usageError(QStringLiteral("--to must be later than --from"));

    std::vector<RunSpec> specs;
    for (const QString &description : runSpecs) {
        auto spec = parseRunSpec(description);
        if (!spec)
            return usageError(text(spec.error()));
        specs.push_back(std::move(spec).value());
    }
    std::vector<ValidatedRunSpec> validated;
    for (const RunSpec &spec : specs) {
        auto checked = validateRunSpec(spec);
        if (!checked)
            return usageError(QStringLiteral("--run: %1").arg(text(checked.error())));
        validated.push_back(std::move(checked).value());
    }

    // Alive until the pictures are written, so Ctrl+C never cuts a file short: a run stops at
    // once, a picture being drawn is finished, and either way nothing more is written.
    Engine engine;
    InterruptWatcher watcher([&engine] { engine.cancel(); });
    const QString nothingWritten = QStringLiteral("no picture written");
    TimelineExporter::Runs runs;
    for (const QString &path : files) {
        auto loaded = TraceFile::load(path.toStdString());
        if (!loaded)
            return failure(text(loaded.error()));
        for (Trace &trace : loaded.value().takeRuns())
            runs.push_back(std::make_shared<const Trace>(std::move(trace)));
    }
    for (const ValidatedRunSpec &spec : validated) {
        if (watcher.interrupted())
            return cancelled(nothingWritten);
        auto trace = engine.run(spec);
        if (watcher.interrupted())
            return cancelled(nothingWritten);
        if (!trace)
            return failure(text(trace.error()));
        runs.push_back(std::make_shared<const Trace>(std::move(trace).value()));
    }
    if (runs.empty())
        return failure(QStringLiteral("the trace files hold no runs"));

    if (from || to) {
        TimeNs extent = 0;
        for (const auto &run : runs)
            extent = std::max(extent, run->extent());
        const TimeNs begin = from.value_or(0);
        const TimeNs end = to.value_or(std::max(extent, begin + 1));
        if (end <= begin)
            return usageError(QStringLiteral("--from is after the end of the runs (%1)")
                                  .arg(text(formatDuration(extent))));
        options.range = std::pair{begin, end};
    }

    auto cache = std::make_shared<TimelineLodCache>();
    QString error;
    if (watcher.interrupted())
        return cancelled(nothingWritten);
    if (!pngPath.isEmpty()) {
        if (!TimelineExporter::writePng(runs, pngPath, size, options, &error, cache))
            return failure(error);
        out() << QStringLiteral("Wrote %1 (%2×%3 PNG).")
                     .arg(pngPath)
                     .arg(size.width())
                     .arg(size.height())
              << Qt::endl;
    }
    if (!svgPath.isEmpty()) {
        if (watcher.interrupted())
            return cancelled(pngPath.isEmpty()
                                 ? nothingWritten
                                 : QStringLiteral("%1 written, %2 not").arg(pngPath, svgPath));
        if (!TimelineExporter::writeSvg(runs, svgPath, size, options, &error, cache))
            return failure(error);
        out() << QStringLiteral("Wrote %1 (%2×%3 SVG).")
                     .arg(svgPath)
                     .arg(size.width())
                     .arg(size.height())
              << Qt::endl;
    }
    if (frames) {
        TimeNs extent = 0;
        for (const auto &run : runs)
            extent = std::max(extent, run->extent());
        const auto [begin, end] = options.range.value_or(std::pair<TimeNs, TimeNs>{0, extent});
        const size_t count = frames->count(begin, end);
        if (count > ReplayFrames::kMostFrames)
            return usageError(
                QStringLiteral("--frames: the replay would take %1 frames (at most %2): raise "
                               "--speed, lower --fps or narrow --from/--to")
                    .arg(count)
                    .arg(ReplayFrames::kMostFrames));
        ExportOptions frame = options;
        frame.predicting = true;
        for (size_t i = 0; i < count; ++i) {
            if (watcher.interrupted())
                return cancelled(QStringLiteral("%1 of %2 frames written to %3")
                                     .arg(i)
                                     .arg(count)
                                     .arg(framesPath));
            frame.playhead = frames->timeOf(i, begin, end);
            if (!TimelineExporter::writePng(runs, frames->pathOf(i), size, frame, &error, cache))
                return failure(error);
        }
        out() << QStringLiteral("Wrote %1 frames (%2×%3 PNG, %4 a second, %5 of real time) to "
                                "%6.")
                     .arg(count)
                     .arg(size.width())
                     .arg(size.height())
                     .arg(frames->fps())
                     .arg(frames->speedText(), framesPath)
              << Qt::endl;
    }
    return kExitSuccess;
}

} // namespace corescope
