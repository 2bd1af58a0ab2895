// SPDX-License-Identifier: MIT
#include "cli/images/sweepsubcommand.h"

#include "analysis/runreport.h"
#include "charts/chartexporter.h"
#include "charts/chartwidget.h"
#include "charts/sweepchartkind.h"
#include "cli/commandlinetext.h"
#include "cli/interruptwatcher.h"
#include "cli/reportjson.h"
#include "cli/runoptions.h"
#include "engine/engine.h"
#include "engine/lecturepresets.h"
#include "engine/sweeprunner.h"
#include "qtext/qtext.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <algorithm>
#include <memory>

#include <unistd.h>

namespace corescope {
namespace {

/// A chart file asked for with --png, --svg or --pdf.
struct ChartOutput
{
    QString path;
    ChartFormat format;
};

/// "serial,threads,gil,processes": what a sweep compares unless told.
QString defaultModels()
{
    QStringList models;
    for (const std::string &model : SweepSpec().models)
        models << text(model);
    return models.join(u',');
}

/// "speedup", "efficiency", …: every chart a sweep draws, as --chart names them.
QStringList chartKeys()
{
    QStringList keys;
    for (const SweepChartKind kind : sweepChartKinds())
        keys << sweepChartKey(kind);
    return keys;
}

/// out.png → out-efficiency.png: one file per chart when several are asked for.
QString withChartName(const QString &path, SweepChartKind kind)
{
    const QFileInfo info(path);
    const QString name = info.completeBaseName() + QLatin1Char('-') + sweepChartKey(kind)
                         + (info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix());
    return info.dir().filePath(name);
}

} // namespace

QString SweepSubcommand::name() const
{
    return QStringLiteral("sweep");
}

QString SweepSubcommand::summary() const
{
    return QStringLiteral("Measure speed-up over models and worker counts, with an Amdahl fit");
}

Subcommand::Application SweepSubcommand::application(const QStringList &arguments) const
{
    for (const char *option : {"png", "svg", "pdf"}) {
        if (sets(arguments, QString::fromLatin1(option)))
            return Application::Widgets;
    }
    return Application::Core;
}

void SweepSubcommand::addOptions(QCommandLineParser &parser) const
{
    runoptions::add(parser, runoptions::With::WorkloadOnly);
    parser.addOptions({
        {QStringLiteral("preset"),
         QStringLiteral("Sweep a lecture preset (see 'corescope presets')."), QStringLiteral("id")},
        {QStringLiteral("models"),
         QStringLiteral("Models to compare, comma-separated, of %1 (default %2).")
             .arg(commandlinetext::listOf(commandlinetext::modelNames(), QStringLiteral("and")),
                  defaultModels()),
         QStringLiteral("list")},
        {QStringLiteral("workers"),
         QStringLiteral("Worker counts, comma-separated (default 1, 2, 4… up to twice the cores)."),
         QStringLiteral("list")},
        {QStringLiteral("repeats"), QStringLiteral("Runs per point (default 3)."),
         QStringLiteral("r")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of a table (%1).")
                                     .arg(commandlinetext::jsonStyle())},
        {QStringLiteral("png"), QStringLiteral("Write the chart to this PNG file."),
         QStringLiteral("file")},
        {QStringLiteral("svg"), QStringLiteral("Write the chart to this SVG file."),
         QStringLiteral("file")},
        {QStringLiteral("pdf"), QStringLiteral("Write the chart to this PDF file."),
         QStringLiteral("file")},
        {QStringLiteral("chart"),
         QStringLiteral("Which chart to write: %1, or several, comma-separated (each file then "
                        "gets -<chart> before its suffix; default speedup).")
             .arg(commandlinetext::listOf(chartKeys())),
         QStringLiteral("list"), QStringLiteral("speedup")},
        {QStringLiteral("width"), QStringLiteral("Chart width in pixels (default 1920)."),
         QStringLiteral("pixels"), QStringLiteral("1920")},
        {QStringLiteral("height"), QStringLiteral("Chart height in pixels (default 1080)."),
         QStringLiteral("pixels"), QStringLiteral("1080")},
        {QStringLiteral("theme"),
         QStringLiteral("Chart theme: light, dark or presentation (default light)."),
         QStringLiteral("name"), QStringLiteral("light")},
    });
    runoptions::addTraceOption(parser, QStringLiteral("the sweep with every run's trace"));
}

int SweepSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;

    SweepSpec spec;
    const bool fromPreset = parser.isSet(QStringLiteral("preset"));
    if (fromPreset == parser.isSet(QStringLiteral("workload")))
        return usageError(QStringLiteral("give either --workload or --preset"));
    if (fromPreset) {
        const LecturePreset *preset =
            findLecturePreset(parser.value(QStringLiteral("preset")).toStdString());
        if (!preset || !preset->sweep)
            return usageError(QStringLiteral("--preset: '%1' is not a sweep preset (see 'corescope "
                                             "presets')")
                                  .arg(parser.value(QStringLiteral("preset"))));
        spec = *preset->sweep;
    } else {
        auto base = runoptions::read(parser, runoptions::With::WorkloadOnly);
        if (!base)
            return usageError(text(base.error()));
        spec.base = base.value();
    }
    if (parser.isSet(QStringLiteral("models"))) {
        spec.models.clear();
        for (const QString &model : parser.value(QStringLiteral("models")).split(QLatin1Char(',')))
            spec.models.push_back(model.trimmed().toStdString());
    }
    if (parser.isSet(QStringLiteral("workers"))) {
        spec.workerCounts.clear();
        for (const QString &count :
             parser.value(QStringLiteral("workers")).split(QLatin1Char(','))) {
            bool ok = false;
            spec.workerCounts.push_back(count.trimmed().toInt(&ok));
            if (!ok)
                return usageError(
                    QStringLiteral("--workers: '%1' is not a whole number").arg(count));
        }
    }
    if (parser.isSet(QStringLiteral("repeats"))) {
        bool ok = false;
        spec.repeats = parser.value(QStringLiteral("repeats")).toInt(&ok);
        if (!ok)
            return usageError(QStringLiteral("--repeats: '%1' is not a whole number")
                                  .arg(parser.value(QStringLiteral("repeats"))));
    }
    if (const auto plan = SweepRunner::plan(spec); !plan)
        return usageError(text(plan.error()));

    // Chart options are checked before the sweep: a typo must not cost a minute of measuring.
    std::vector<ChartOutput> charts;
    for (const auto &[option, format] : {std::pair{QStringLiteral("png"), ChartFormat::Png},
                                         std::pair{QStringLiteral("svg"), ChartFormat::Svg},
                                         std::pair{QStringLiteral("pdf"), ChartFormat::Pdf}}) {
        if (!parser.isSet(option))
            continue;
        const QString path = parser.value(option);
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) // as --trace does
            return failure(QStringLiteral("--%1: %2: cannot create its folder").arg(option, path));
        charts.push_back({path, format});
    }
    const auto size = ChartExporter::parseSize(QStringLiteral("%1x%2").arg(
        parser.value(QStringLiteral("width")), parser.value(QStringLiteral("height"))));
    if (!size)
        return usageError(QStringLiteral("--width and --height: %1 × %2 is not a size from 16 to "
                                         "16384 pixels a side")
                              .arg(parser.value(QStringLiteral("width")),
                                   parser.value(QStringLiteral("height"))));
    const auto theme = appearanceFromName(parser.value(QStringLiteral("theme")));
    if (!theme)
        return usageError(QStringLiteral("--theme: '%1' is not light, dark or presentation")
                              .arg(parser.value(QStringLiteral("theme"))));
    std::vector<SweepChartKind> kinds;
    for (const QString &key : parser.value(QStringLiteral("chart")).split(QLatin1Char(','))) {
        const auto kind = sweepChartFromKey(key.trimmed().toLower());
        if (!kind)
            return usageError(QStringLiteral("--chart: '%1' is not %2")
                                  .arg(key.trimmed(), commandlinetext::listOf(chartKeys())));
        if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end())
            kinds.push_back(*kind);
    }

    const auto tracePath = runoptions::readTracePath(parser);
    if (!tracePath)
        return usageError(text(tracePath.error()));

    const bool json = parser.isSet(QStringLiteral("json"));
    // A progress line that rewrites itself only makes sense on a terminal.
    const bool showProgress = !json && isatty(STDERR_FILENO);
    Engine engine;
    Result<SweepResult> result = [&] {
        SweepRunner runner(engine);
        InterruptWatcher watcher([&runner] { runner.cancel(); });
        return runner.run(spec, [&](size_t done, size_t total, const std::string &what) {
            if (showProgress)
                err() << QStringLiteral("\r[%1/%2] %3").arg(done).arg(total).arg(text(what))
                      << QStringLiteral("          ") << Qt::flush;
        });
    }();
    if (showProgress)
        err() << Qt::endl;
    if (!result)
        return failure(text(result.error()));
    if (json)
        out() << QJsonDocument(reportjson::sweep(result.value())).toJson(QJsonDocument::Indented);
    else
        out() << text(formatSweepTable(result.value()));
    out() << Qt::flush;
    const bool wasCancelled = result.value().cancelled;
    // Saved even when cancelled, like a run: what was measured is kept.
    if (!tracePath.value().isEmpty()) {
        TraceFile file(result.value().traces);
        Status saved = file.setSweep(result.value().layout());
        if (saved)
            saved = runoptions::saveTrace(file, tracePath.value());
        if (!saved)
            return failure(text(saved.error()));
        (json ? err() : out()) << QStringLiteral("Wrote %1.").arg(tracePath.value()) << Qt::endl;
    }
    if (!charts.empty()) {
        const auto sweep = std::make_shared<const SweepResult>(std::move(result).value());
        for (const SweepChartKind kind : kinds) {
            const auto chart = createSweepChart(kind, sweep, *theme);
            for (const ChartOutput &output : charts) {
                const QString path =
                    kinds.size() == 1 ? output.path : withChartName(output.path, kind);
                if (const Status written = chart->exportTo(path, *size, output.format); !written)
                    return failure(text(written.error()));
                // Not on stdout when it carries JSON: that must stay one parseable document.
                (json ? err() : out()) << QStringLiteral("Wrote %1.").arg(path) << Qt::endl;
            }
        }
    }
    return wasCancelled ? kExitCancelled : kExitSuccess;
}

} // namespace corescope
