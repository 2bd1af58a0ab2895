// SPDX-License-Identifier: MIT
#include "cli/runoptions.h"

#include "cli/commandlinetext.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace corescope::runoptions {
namespace {

Result<std::optional<int>> wholeNumber(const QCommandLineParser &parser, const QString &name)
{
    if (!parser.isSet(name))
        return std::optional<int>();
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok)
        return Error{QStringLiteral("--%1: '%2' is not a whole number")
                         .arg(name, parser.value(name))
                         .toStdString()};
    return std::optional<int>(value);
}

} // namespace

void add(QCommandLineParser &parser, With with)
{
    parser.addOption({{QStringLiteral("w"), QStringLiteral("workload")},
                      QStringLiteral("The work to run: %1 (see 'corescope run --list').")
                          .arg(commandlinetext::listOf(commandlinetext::workloadNames())),
                      QStringLiteral("name")});
    if (with == With::ModelAndWorkers) {
        parser.addOption({{QStringLiteral("m"), QStringLiteral("model")},
                          QStringLiteral("How to run it: %1.")
                              .arg(commandlinetext::listOf(commandlinetext::modelNames())),
                          QStringLiteral("name")});
        parser.addOption({QStringLiteral("workers"),
                          QStringLiteral("Threads or processes to use (1 to 256; default: one per "
                                         "task)."),
                          QStringLiteral("n")});
    }
    parser.addOption({QStringLiteral("tasks"),
                      QStringLiteral("Tasks to run (default: the workload's own)."),
                      QStringLiteral("k")});
    parser.addOption({{QStringLiteral("p"), QStringLiteral("param")},
                      QStringLiteral("Set a workload or model parameter (repeatable)."),
                      QStringLiteral("key=value")});
    parser.addOption({QStringLiteral("capture"),
                      QStringLiteral("How to see which core ran what: auto, perf or cpuclock "
                                     "(default auto)."),
                      QStringLiteral("method"), QStringLiteral("auto")});
}

Result<RunSpec> read(const QCommandLineParser &parser, With with)
{
    RunSpec spec;
    spec.workload = parser.value(QStringLiteral("workload")).toStdString();
    if (with == With::ModelAndWorkers) {
        spec.model = parser.value(QStringLiteral("model")).toStdString();
        auto workers = wholeNumber(parser, QStringLiteral("workers"));
        if (!workers)
            return Error{workers.error()};
        spec.workers = workers.value();
    }
    auto tasks = wholeNumber(parser, QStringLiteral("tasks"));
    if (!tasks)
        return Error{tasks.error()};
    spec.tasks = tasks.value();
    for (const QString &assignment : parser.values(QStringLiteral("param"))) {
        auto parsed = parseParamAssignment(assignment.toStdString());
        if (!parsed)
            return Error{"--param: " + parsed.error()};
        spec.params[parsed.value().first] = parsed.value().second;
    }
    auto capture = parseCaptureMethod(parser.value(QStringLiteral("capture")).toStdString());
    if (!capture)
        return Error{capture.error()};
    spec.capture = capture.value();
    return spec;
}

void addTraceOption(QCommandLineParser &parser, const QString &what)
{
    parser.addOption(
        {QStringLiteral("trace"),
         QStringLiteral("Also save %1 as a trace file (.cstrace; .json for Perfetto).").arg(what),
         QStringLiteral("file")});
}

Result<QString> readTracePath(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("trace")))
        return QString();
    const QString path = parser.value(QStringLiteral("trace"));
    if (!TraceFile::formatForPath(path.toStdString()))
        return Error{
            QStringLiteral("--trace: '%1' must end in .cstrace or .json").arg(path).toStdString()};
    return path;
}

Status saveTrace(const TraceFile &file, const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath()); // like --out folders elsewhere
    return file.save(path.toStdString());
}

} // namespace corescope::runoptions
