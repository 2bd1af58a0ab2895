// SPDX-License-Identifier: MIT
#include "cli/infosubcommand.h"

#include "analysis/runreport.h"
#include "analysis/sweepresult.h"
#include "cli/commandlinetext.h"
#include "cli/reportjson.h"
#include "qtext/qtext.h"
#include "trace/coreoccupancy.h"
#include "trace/duration.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

namespace corescope {
namespace {

QString count(uint64_t n)
{
    return QString::number(n);
}

QString runText(size_t index, const Trace &trace)
{
    const TraceMetadata &m = trace.metadata();
    QString out = QStringLiteral("run %1: %2\n")
                      .arg(index + 1)
                      .arg(m.title.empty() ? QStringLiteral("(untitled)") : text(m.title));
    if (!m.workload.empty() || !m.model.empty())
        out += QStringLiteral("  workload %1, model %2, %3 workers, %4 of %5 tasks done%6\n")
                   .arg(text(m.workload), text(m.model))
                   .arg(m.workers)
                   .arg(m.tasksDone)
                   .arg(m.tasks)
                   .arg(m.resultsOk ? QStringLiteral(", results verified") : QString());
    if (!m.fromCoreScope())
        out += QStringLiteral("  from another tool: tasks and results %1%2\n")
                   .arg(text(kNotRecorded),
                        m.wallKnown() ? QString()
                                      : QStringLiteral(", nor the wall time (the events span "
                                                       "it)"));
    out += QStringLiteral("  %1 threads, %2 cores, time span %3\n")
               .arg(trace.threads().size())
               .arg(trace.coreCount())
               .arg(text(formatDuration(trace.span())));
    out += QStringLiteral("  %1 events: %2 slices, %3 states, %4 spans, %5 markers")
               .arg(count(trace.eventCount()), count(trace.sliceCount()), count(trace.stateCount()),
                    count(trace.spanCount()), count(trace.markers().size()));
    // Only where the run has them, so that older runs read as before.
    if (trace.waitCount() > 0)
        out += QStringLiteral(", %1 wait causes").arg(count(trace.waitCount()));
    if (!trace.counters().empty())
        out += QStringLiteral(", %1 values on %2 counter track%3")
                   .arg(count(trace.counterValueCount()), count(trace.counters().size()),
                        trace.counters().size() == 1 ? QString() : QStringLiteral("s"));
    out += u'\n';
    out += QStringLiteral("  capture: %1")
               .arg(m.captureMethod.empty() ? QStringLiteral("unknown") : text(m.captureMethod));
    if (m.capturePrecisionNs > 0)
        out += QStringLiteral(" (precision %1)").arg(text(formatDuration(m.capturePrecisionNs)));
    if (!m.clock.empty())
        out += QStringLiteral(", clock %1").arg(text(m.clock));
    out += u'\n';
    if (m.machineCores > 0 || !m.cpuModel.empty() || !m.kernel.empty())
        out += QStringLiteral("  machine: %1 cores, %2, kernel %3\n")
                   .arg(m.machineCores)
                   .arg(text(m.cpuModel), text(m.kernel));
    if (!m.appVersion.empty())
        out += QStringLiteral("  recorded by CoreScope %1\n").arg(text(m.appVersion));
    if (m.cancelled)
        out += QStringLiteral("  cancelled before the end\n");
    if (m.droppedEvents > 0)
        out += QStringLiteral("  %1 events dropped while recording\n").arg(count(m.droppedEvents));
    for (const auto &problem : runProblems(trace))
        out += QStringLiteral("  problem: %1\n").arg(text(problem));
    return out;
}

} // namespace

QString InfoSubcommand::name() const
{
    return QStringLiteral("info");
}

QString InfoSubcommand::summary() const
{
    return QStringLiteral("Describe a trace file: runs, threads, cores, events, capture");
}

void InfoSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of text (%1).")
                                     .arg(commandlinetext::jsonStyle())});
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QStringLiteral("A trace file (.cstrace or Chrome/Perfetto .json)."));
}

int InfoSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return usageError(files.isEmpty() ? QStringLiteral("a trace file is required")
                                          : QStringLiteral("one file at a time, please"));
    const QString path = files.constFirst();
    auto loaded = TraceFile::load(path.toStdString());
    if (!loaded)
        return failure(text(loaded.error()));
    const TraceFile &file = loaded.value();
    const ImportReport &report = file.importReport();
    std::optional<SweepResult> sweep;
    if (file.sweep()) {
        // The file checked the layout against its runs when it loaded.
        if (auto rebuilt = SweepResult::fromLayout(*file.sweep(), file.runs()))
            sweep = std::move(rebuilt).value();
    }

    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject json = reportjson::fileInfo(path, file, sweep ? &*sweep : nullptr);
        out() << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        out() << QStringLiteral("%1: %2, %3 run%4\n")
                     .arg(path, text(TraceFile::formatName(file.sourceFormat())))
                     .arg(file.runs().size())
                     .arg(file.runs().size() == 1 ? QString() : QStringLiteral("s"));
        if (sweep)
            out() << QStringLiteral("a sweep of %1 points:\n%2")
                         .arg(sweep->points.size())
                         .arg(text(formatSweepTable(*sweep)));
        for (size_t i = 0; i < file.runs().size(); ++i)
            out() << runText(i, file.runs()[i]);
        if (report.coreDataAbsent)
            out() << "core data: absent (the file has no sched_switch lines, CPU lanes or "
                     "args.cpu), so only per-thread lanes are shown\n";
        for (const auto &[what, n] : report.skipped)
            out() << QStringLiteral("skipped on import: %1 %2\n").arg(count(n), text(what));
    }
    out() << Qt::flush;
    // Problems in the data are reported after the description; they make the exit code 1.
    for (const auto &warning : report.warnings)
        err() << QStringLiteral("corescope info: warning: %1\n").arg(text(warning));
    if (report.warningCount > report.warnings.size())
        err() << QStringLiteral("corescope info: … and %1 more warnings\n")
                     .arg(report.warningCount - report.warnings.size());
    err() << Qt::flush;
    return report.warningCount > 0 ? kExitFailure : kExitSuccess;
}

} // namespace corescope
