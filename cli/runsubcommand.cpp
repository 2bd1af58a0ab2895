// SPDX-License-Identifier: MIT
#include "cli/runsubcommand.h"

#include "analysis/runreport.h"
#include "cli/commandlinetext.h"
#include "cli/interruptwatcher.h"
#include "cli/reportjson.h"
#include "cli/runoptions.h"
#include "engine/engine.h"
#include "engine/executionmodel.h"
#include "engine/workload.h"
#include "qtext/qtext.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace corescope {
namespace {

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
    runoptions::add(parser, runoptions::With::ModelAndWorkers);
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of tables (%1).")
                                     .arg(commandlinetext::jsonStyle())},
        {QStringLiteral("list"),
         QStringLiteral("List the workloads and models with their parameters.")},
    });
    runoptions::addTraceOption(parser, QStringLiteral("the run"));
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

    auto spec = runoptions::read(parser, runoptions::With::ModelAndWorkers);
    if (!spec)
        return usageError(text(spec.error()));
    if (spec.value().workload.empty() || spec.value().model.empty())
        return usageError(QStringLiteral("--workload and --model are required (see --list)"));

    const auto validated = validateRunSpec(spec.value());
    if (!validated)
        return usageError(text(validated.error()));
    const auto tracePath = runoptions::readTracePath(parser);
    if (!tracePath)
        return usageError(text(tracePath.error()));

    Engine engine;
    Result<Trace> trace = [&] {
        InterruptWatcher watcher([&engine] { engine.cancel(); });
        return engine.run(validated.value());
    }();
    if (!trace)
        return failure(text(trace.error()));
    const TraceMetadata &metadata = trace.value().metadata();

    if (parser.isSet(QStringLiteral("json")))
        out() << QJsonDocument(reportjson::run(trace.value())).toJson(QJsonDocument::Indented);
    else
        out() << text(formatRunReport(trace.value()));
    out() << Qt::flush;

    // Saved even when cancelled: the partial run is what the user stopped to look at.
    if (!tracePath.value().isEmpty()) {
        if (const Status saved =
                runoptions::saveTrace(TraceFile({trace.value()}), tracePath.value());
            !saved)
            return failure(text(saved.error()));
    }

    if (metadata.cancelled)
        return kExitCancelled;
    if (!metadata.resultsOk)
        return failure(QStringLiteral("the run's results could not be verified%1")
                           .arg(metadata.problems.empty()
                                    ? QString()
                                    : QStringLiteral(": ") + text(metadata.problems.front())));
    return kExitSuccess;
}

} // namespace corescope
