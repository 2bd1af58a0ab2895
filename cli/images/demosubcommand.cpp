// SPDX-License-Identifier: MIT
#include "cli/images/demosubcommand.h"

#include "analysis/runreport.h"
#include "charts/chartwidget.h"
#include "charts/sweepchartkind.h"
#include "cli/interruptwatcher.h"
#include "cli/reportjson.h"
#include "engine/engine.h"
#include "engine/lecturepresets.h"
#include "engine/sweeprunner.h"
#include "qtext/qtext.h"
#include "timeline/timelineexporter.h"
#include "trace/duration.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <memory>

namespace corescope {
namespace {

/// Writes `bytes` to `path` atomically (a temporary file renamed over the target).
bool saveFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

QString DemoSubcommand::name() const
{
    return QStringLiteral("demo");
}

QString DemoSubcommand::summary() const
{
    return QStringLiteral(
        "Run the default lecture demo headless and write its results to a folder");
}

void DemoSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption({{QStringLiteral("o"), QStringLiteral("out")},
                      QStringLiteral("Folder for the results (created if missing; default: out)."),
                      QStringLiteral("folder"),
                      QStringLiteral("out")});
}

int DemoSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    const QString outDir = parser.value(QStringLiteral("out"));
    if (!QDir().mkpath(outDir))
        return failure(QStringLiteral("%1: cannot create the folder").arg(outDir));

    const LecturePreset &preset = lecturePresets().front();
    out() << QStringLiteral("Lecture demo: %1\n%2\n\nPredict: %3\n\n")
                 .arg(text(preset.title), text(preset.explanation), text(preset.predict))
          << Qt::flush;
    std::vector<Trace> runs;
    Engine engine;
    // One runner for the preset's runs and the sweep: its cancel() also stops a sweep between
    // two runs, where no engine run is there to stop. The watcher lives until every file is
    // written, so Ctrl+C never cuts one short; it is honoured at the next step instead.
    SweepRunner sweeper(engine);
    InterruptWatcher watcher([&sweeper] { sweeper.cancel(); });
    const QString nothingWritten = QStringLiteral("nothing written to %1").arg(outDir);
    for (const PresetStep &step : preset.runs) {
        // The default preset runs the engine only (tst_sweep holds it to that).
        const RunSpec &spec = std::get<RunSpec>(step);
        const auto validated = validateRunSpec(spec);
        if (!validated)
            return failure(text(validated.error()));
        if (watcher.interrupted())
            return cancelled(nothingWritten);
        out() << QStringLiteral("running %1 … ").arg(text(spec.model)) << Qt::flush;
        auto trace = engine.run(validated.value());
        if (watcher.interrupted())
            return cancelled(nothingWritten);
        if (!trace)
            return failure(text(trace.error()));
        out() << text(formatDuration(trace.value().duration())) << Qt::endl;
        runs.push_back(std::move(trace).value());
    }
    out() << QStringLiteral("\nReveal: %1\n").arg(text(preset.reveal));

    const std::vector<const Trace *> pointers = traceRefs(runs);
    QString report;
    QJsonArray json;
    for (const Trace &run : runs) {
        report += text(formatRunReport(run)) + QLatin1Char('\n');
        json.append(reportjson::run(run));
    }
    const QString comparison = text(formatComparison(pointers));
    out() << QLatin1Char('\n') << comparison << Qt::endl;

    QString error;
    const QString summaryPath = QDir(outDir).filePath(QStringLiteral("summary.txt"));
    const QString jsonPath = QDir(outDir).filePath(QStringLiteral("summary.json"));
    if (!saveFile(summaryPath, (comparison + QLatin1Char('\n') + report).toUtf8(), &error)
        || !saveFile(jsonPath, QJsonDocument(json).toJson(), &error))
        return failure(error);
    // The lecture's central picture: the runs stacked on one time axis, cores and threads.
    TimelineExporter::Runs timelineRuns;
    for (const Trace &run : runs)
        timelineRuns.push_back(std::make_shared<const Trace>(run));
    const QString timelinePath = QDir(outDir).filePath(QStringLiteral("timeline.png"));
    if (!TimelineExporter::writePng(timelineRuns, timelinePath, TimelineExporter::kFullHd,
                                    ExportOptions(), &error))
        return failure(error);
    // Every run in one file, to open in the app or convert for Perfetto.
    const QString tracePath = QDir(outDir).filePath(QStringLiteral("trace.cstrace"));
    if (const Status saved = TraceFile(runs).save(tracePath.toStdString()); !saved)
        return failure(text(saved.error()));
    out() << QStringLiteral("Wrote %1, %2, %3 and %4.\n")
                 .arg(summaryPath, jsonPath, timelinePath, tracePath)
          << Qt::flush;

    // The lecture's second picture: speed-up against workers (one run per point keeps the
    // demo short).
    if (const LecturePreset *sweepPreset = findLecturePreset("cpu-sweep");
        sweepPreset && sweepPreset->sweep) {
        SweepSpec sweepSpec = *sweepPreset->sweep;
        sweepSpec.repeats = 1;
        const QString noSweep =
            QStringLiteral("the sweep was not finished, so speedup.png was not written");
        if (watcher.interrupted())
            return cancelled(noSweep);
        out() << QStringLiteral("\nSweep: %1 … ").arg(text(sweepPreset->title)) << Qt::flush;
        auto swept = sweeper.run(sweepSpec);
        if (watcher.interrupted() || (swept && swept.value().cancelled))
            return cancelled(noSweep);
        if (!swept)
            return failure(text(swept.error()));
        const auto sweep = std::make_shared<const SweepResult>(std::move(swept).value());
        out() << "done\n\n" << text(formatSweepTable(*sweep));
        const QString speedupPath = QDir(outDir).filePath(QStringLiteral("speedup.png"));
        if (const Status written =
                createSweepChart(SweepChartKind::Speedup, sweep)->exportTo(speedupPath);
            !written)
            return failure(text(written.error()));
        out() << QStringLiteral("Wrote %1.\n").arg(speedupPath) << Qt::flush;
    }
    return kExitSuccess;
}

} // namespace corescope
