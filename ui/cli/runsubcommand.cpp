// SPDX-License-Identifier: MIT
#include "cli/runsubcommand.h"

#include "analysis/runreport.h"
#include "cli/interruptwatcher.h"
#include "cli/runjson.h"
#include "engine/engine.h"
#include "engine/executionmodel.h"
#include "engine/workload.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace corescope {
namespace {

/// Exit code of a run stopped by Ctrl+C, as shells report a SIGINT.
constexpr int kExitInterrupted = 130;

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString describeParams(const std::vector<ParamSpec> &params)
{
    QString out;
    for (const auto &p : params) {
        out += QStringLiteral("      %1 = %2%3  (%4 to %5)  %6\n")
                   .arg(text(p.name), text(p.defaultValue),
                        p.unit.empty() ? QString() : QLatin1Char(' ') + text(p.unit))
                   .arg(p.minimum, 0, 'g', 12)
                   .arg(p.maximum, 0, 'g', 12)
                   .arg(text(p.description));
    }
    return out;
}

} // namespace

QString RunSubcommand::name() const
{
    return QStringLiteral("run");
}

QString RunSubcommand::summary() const
{
    return QStringLiteral("Run a workload under an execution model and report what each core did");
}

void RunSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOptions({
        {{QStringLiteral("w"), QStringLiteral("workload")},
         QStringLiteral("The work to run (see --list)."), QStringLiteral("name")},
        {{QStringLiteral("m"), QStringLiteral("model")},
         QStringLiteral("How to run it: serial, threads, gil or processes."), QStringLiteral("name")},
        {QStringLiteral("workers"),
         QStringLiteral("Threads or processes to use (1 to 256; default: one per task)."),
         QStringLiteral("n")},
        {QStringLiteral("tasks"),
         QStringLiteral("Tasks to run (default: the workload's own)."), QStringLiteral("k")},
        {{QStringLiteral("p"), QStringLiteral("param")},
         QStringLiteral("Set a workload or model parameter (repeatable)."),
         QStringLiteral("key=value")},
        {QStringLiteral("capture"),
         QStringLiteral("How to see which core ran what: auto, perf or cpuclock (default auto)."),
         QStringLiteral("method"), QStringLiteral("auto")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of tables.")},
        {QStringLiteral("list"), QStringLiteral("List the workloads and models with their parameters.")},
    });
}

void RunSubcommand::printCatalogue()
{
    out() << "Workloads:\n";
    for (const auto &w : WorkloadRegistry::instance().all()) {
        out() << QStringLiteral("  %1 (%2) — %3\n")
                     .arg(text(w->name()), text(workloadKindName(w->kind())), text(w->summary()))
              << describeParams(w->params());
    }
    out() << "\nModels:\n";
    for (const auto &m : ModelRegistry::instance().all())
        out() << QStringLiteral("  %1 — %2\n").arg(text(m->name()), text(m->summary()))
              << describeParams(m->params());
    out() << Qt::flush;
}

int RunSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    if (parser.isSet(QStringLiteral("list"))) {
        printCatalogue();
        return kExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'")
                              .arg(parser.positionalArguments().constFirst()));

    RunSpec spec;
    spec.workload = parser.value(QStringLiteral("workload")).toStdString();
    spec.model = parser.value(QStringLiteral("model")).toStdString();
    if (spec.workload.empty() || spec.model.empty())
        return usageError(QStringLiteral("--workload and --model are required (see --list)"));
    for (const char *option : {"workers", "tasks"}) {
        const QString name = QString::fromLatin1(option);
        if (!parser.isSet(name))
            continue;
        bool ok = false;
        const int value = parser.value(name).toInt(&ok);
        if (!ok)
            return usageError(QStringLiteral("%1: '%2' is not a whole number")
                                  .arg(name, parser.value(name)));
        (name == QLatin1String("workers") ? spec.workers : spec.tasks) = value;
    }
    for (const QString &assignment : parser.values(QStringLiteral("param"))) {
        auto parsed = parseParamAssignment(assignment.toStdString());
        if (!parsed)
            return usageError(QStringLiteral("--param: %1").arg(text(parsed.error())));
        spec.params[parsed.value().first] = parsed.value().second;
    }
    auto capture = parseCaptureMethod(parser.value(QStringLiteral("capture")).toStdString());
    if (!capture)
        return usageError(text(capture.error()));
    spec.capture = capture.value();

    const auto validated = validateRunSpec(spec);
    if (!validated)
        return usageError(text(validated.error()));

    Engine engine;
    Result<Trace> trace = [&] {
        InterruptWatcher watcher([&engine] { engine.cancel(); });
        return engine.run(validated.value());
    }();
    if (!trace)
        return failure(text(trace.error()));
    const TraceMetadata &metadata = trace.value().metadata();

    if (parser.isSet(QStringLiteral("json")))
        out() << QJsonDocument(runSummaryJson(trace.value())).toJson(QJsonDocument::Indented);
    else
        out() << text(formatRunReport(trace.value()));
    out() << Qt::flush;

    if (metadata.cancelled)
        return kExitInterrupted;
    if (!metadata.resultsOk)
        return failure(QStringLiteral("the run's results could not be verified%1")
                           .arg(metadata.problems.empty()
                                    ? QString()
                                    : QStringLiteral(": ") + text(metadata.problems.front())));
    return kExitSuccess;
}

} // namespace corescope
