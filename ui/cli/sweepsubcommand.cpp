// SPDX-License-Identifier: MIT
#include "cli/sweepsubcommand.h"

#include "analysis/runreport.h"
#include "cli/interruptwatcher.h"
#include "cli/runjson.h"
#include "cli/runoptions.h"
#include "engine/engine.h"
#include "engine/lecturepresets.h"
#include "engine/sweeprunner.h"

#include <QCommandLineParser>
#include <QJsonDocument>

#include <unistd.h>

namespace corescope {
namespace {

constexpr int kExitInterrupted = 130;

QString text(const std::string &s)
{
    return QString::fromStdString(s);
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

void SweepSubcommand::addOptions(QCommandLineParser &parser) const
{
    runoptions::add(parser, runoptions::With::WorkloadOnly);
    parser.addOptions({
        {QStringLiteral("preset"), QStringLiteral("Sweep a lecture preset (see 'corescope presets')."),
         QStringLiteral("id")},
        {QStringLiteral("models"),
         QStringLiteral("Models to compare, comma-separated (default serial,threads,gil,processes)."),
         QStringLiteral("list")},
        {QStringLiteral("workers"),
         QStringLiteral("Worker counts, comma-separated (default 1, 2, 4… up to twice the cores)."),
         QStringLiteral("list")},
        {QStringLiteral("repeats"), QStringLiteral("Runs per point (default 3)."), QStringLiteral("r")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of a table.")},
    });
}

int SweepSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'")
                              .arg(parser.positionalArguments().constFirst()));

    SweepSpec spec;
    const bool fromPreset = parser.isSet(QStringLiteral("preset"));
    if (fromPreset == parser.isSet(QStringLiteral("workload")))
        return usageError(QStringLiteral("give either --workload or --preset"));
    if (fromPreset) {
        const LecturePreset *preset = findLecturePreset(parser.value(QStringLiteral("preset")).toStdString());
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
        for (const QString &count : parser.value(QStringLiteral("workers")).split(QLatin1Char(','))) {
            bool ok = false;
            spec.workerCounts.push_back(count.trimmed().toInt(&ok));
            if (!ok)
                return usageError(QStringLiteral("--workers: '%1' is not a whole number").arg(count));
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

    const bool json = parser.isSet(QStringLiteral("json"));
    // A progress line that rewrites itself only makes sense on a terminal.
    const bool showProgress = !json && isatty(STDERR_FILENO);
    Engine engine;
    Result<SweepResult> result = [&] {
        InterruptWatcher watcher([&engine] { engine.cancel(); });
        return SweepRunner(engine).run(spec, [&](size_t done, size_t total, const std::string &what) {
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
        out() << QJsonDocument(sweepJson(result.value())).toJson(QJsonDocument::Indented);
    else
        out() << text(formatSweepTable(result.value()));
    out() << Qt::flush;
    return result.value().cancelled ? kExitInterrupted : kExitSuccess;
}

} // namespace corescope
