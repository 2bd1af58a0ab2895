// SPDX-License-Identifier: MIT
#include "cli/whysubcommand.h"

#include "analysis/criticalpath.h"
#include "analysis/whyquery.h"
#include "cli/commandlinetext.h"
#include "cli/reportjson.h"
#include "qtext/qtext.h"
#include "trace/duration.h"
#include "trace/kinds.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QJsonDocument>

#include <algorithm>

namespace corescope {

QString WhySubcommand::name() const
{
    return QStringLiteral("why");
}

QString WhySubcommand::summary() const
{
    return QStringLiteral("Say why each thread of a trace is where it is at one instant");
}

void WhySubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOptions({
        {QStringLiteral("at"),
         QStringLiteral("The instant, from the run's start: 250ms, 1.5s, 40us (required)."),
         QStringLiteral("time")},
        {QStringLiteral("run"), QStringLiteral("Which run of the file, from 1 (default 1)."),
         QStringLiteral("n"), QStringLiteral("1")},
        {QStringLiteral("path"),
         QStringLiteral("Also print the run's critical path: what it spent its wall time on.")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of text (%1).")
                                     .arg(commandlinetext::jsonStyle())},
    });
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QStringLiteral("A trace file (.cstrace or Chrome/Perfetto .json)."));
}

int WhySubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return usageError(files.isEmpty() ? QStringLiteral("a trace file is required")
                                          : QStringLiteral("one file at a time, please"));
    if (!parser.isSet(QStringLiteral("at")))
        return usageError(QStringLiteral("--at is required: the instant to explain, e.g. 250ms"));
    const auto parsedAt = commandlinetext::parseTime(parser.value(QStringLiteral("at")));
    if (!parsedAt)
        return usageError(QStringLiteral("--at: %1").arg(text(parsedAt.error())));
    const TimeNs at = parsedAt.value();
    bool ok = false;
    const int runNumber = parser.value(QStringLiteral("run")).toInt(&ok);
    if (!ok || runNumber < 1)
        return usageError(QStringLiteral("--run: '%1' is not a run number (1, 2, …)")
                              .arg(parser.value(QStringLiteral("run"))));

    const QString path = files.constFirst();
    auto loaded = TraceFile::load(path.toStdString());
    if (!loaded)
        return failure(text(loaded.error()));
    const TraceFile &file = loaded.value();
    if (size_t(runNumber) > file.runs().size())
        return usageError(QStringLiteral("--run: %1 has %2 run%3, not %4")
                              .arg(path)
                              .arg(file.runs().size())
                              .arg(file.runs().size() == 1 ? QString() : QStringLiteral("s"))
                              .arg(runNumber));
    const Trace &trace = file.runs()[size_t(runNumber) - 1];
    if (at < trace.earliest() || at > trace.extent())
        return usageError(
            QStringLiteral("--at: %1 is outside run %2, which spans %3 to %4")
                .arg(parser.value(QStringLiteral("at")))
                .arg(runNumber)
                .arg(text(formatDuration(trace.earliest())), text(formatDuration(trace.extent()))));

    const TraceIndex index(trace);
    const std::vector<LaneCause> causes = WhyQuery(index).at(at);
    const bool withPath = parser.isSet(QStringLiteral("path"));
    std::optional<CriticalPath> critical;
    SerialShare serial;
    if (withPath) {
        critical = CriticalPath::of(index);
        serial = SerialShare::of(trace);
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject json = reportjson::why(trace, at, causes);
        if (critical)
            json.insert(QStringLiteral("critical_path"),
                        reportjson::criticalPath(trace, *critical, serial));
        out() << QJsonDocument(json).toJson(QJsonDocument::Indented) << Qt::flush;
        return kExitSuccess;
    }
    const TraceMetadata &meta = trace.metadata();
    out() << QStringLiteral("%1, run %2%3 at %4:\n")
                 .arg(path)
                 .arg(runNumber)
                 .arg(meta.title.empty() ? QString()
                                         : QStringLiteral(" (%1)").arg(text(meta.title)))
                 .arg(text(formatDuration(at)));
    int width = 0;
    for (const LaneCause &cause : causes)
        width = std::max(width, int(text(laneName(trace, cause.thread)).size()));
    for (const LaneCause &cause : causes)
        out() << QStringLiteral("  %1  %2\n")
                     .arg(text(laneName(trace, cause.thread)), -width)
                     .arg(text(causeSentence(trace, cause, at)));
    if (critical)
        out() << text(describe(*critical, serial));
    out() << Qt::flush;
    return kExitSuccess;
}

} // namespace corescope
