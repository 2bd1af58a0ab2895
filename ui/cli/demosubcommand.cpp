// SPDX-License-Identifier: MIT
#include "cli/demosubcommand.h"

#include "analysis/runreport.h"
#include "cli/interruptwatcher.h"
#include "cli/runjson.h"
#include "engine/engine.h"
#include "engine/lecturepresets.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace corescope {
namespace {

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

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
    return QStringLiteral("Run the default lecture demo headless and write its results to a folder");
}

void DemoSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption({{QStringLiteral("o"), QStringLiteral("out")},
                      QStringLiteral("Folder for the results (created if missing; default: out)."),
                      QStringLiteral("folder"), QStringLiteral("out")});
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
    InterruptWatcher watcher([&engine] { engine.cancel(); });
    for (const RunSpec &spec : preset.runs) {
        const auto validated = validateRunSpec(spec);
        if (!validated)
            return failure(text(validated.error()));
        out() << QStringLiteral("running %1 … ").arg(text(spec.model)) << Qt::flush;
        auto trace = engine.run(validated.value());
        if (!trace)
            return failure(text(trace.error()));
        out() << text(formatDuration(trace.value().duration())) << Qt::endl;
        runs.push_back(std::move(trace).value());
        if (watcher.interrupted())
            return failure(QStringLiteral("interrupted"));
    }
    out() << QStringLiteral("\nReveal: %1\n").arg(text(preset.reveal));

    std::vector<const Trace *> pointers;
    QString report;
    QJsonArray json;
    for (const Trace &run : runs) {
        pointers.push_back(&run);
        report += text(formatRunReport(run)) + QLatin1Char('\n');
        json.append(runSummaryJson(run));
    }
    const QString comparison = text(formatComparison(pointers));
    out() << QLatin1Char('\n') << comparison << Qt::endl;

    QString error;
    const QString summaryPath = QDir(outDir).filePath(QStringLiteral("summary.txt"));
    const QString jsonPath = QDir(outDir).filePath(QStringLiteral("summary.json"));
    if (!saveFile(summaryPath, (comparison + QLatin1Char('\n') + report).toUtf8(), &error)
        || !saveFile(jsonPath, QJsonDocument(json).toJson(), &error))
        return failure(error);
    out() << QStringLiteral("Wrote %1 and %2.\n").arg(summaryPath, jsonPath)
          << "Not written yet: the timeline PNG and the trace file, which arrive with the "
             "timeline view and the trace file format.\n"
          << Qt::flush;
    return kExitSuccess;
}

} // namespace corescope
