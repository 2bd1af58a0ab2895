// SPDX-License-Identifier: MIT
#include "cli/presetssubcommand.h"

#include "engine/lecturepresets.h"
#include "qtext/qtext.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace corescope {
namespace {

/// "factorize on gil, 2 workers, repeat=20"; without the model for a sweep's base.
QString describeRun(const RunSpec &spec, bool withModel = true)
{
    QString line = withModel ? QStringLiteral("%1 on %2").arg(text(spec.workload), text(spec.model))
                             : text(spec.workload);
    if (spec.workers)
        line += QStringLiteral(", %1 workers").arg(*spec.workers);
    if (spec.tasks)
        line += QStringLiteral(", %1 tasks").arg(*spec.tasks);
    for (const auto &[key, value] : spec.params)
        line += QStringLiteral(", %1=%2").arg(text(key), text(value));
    return line;
}

/// "record python3 counting.py threads" for a recorded run, else what describeRun says.
QString describeStep(const PresetStep &step)
{
    if (const auto *recording = std::get_if<PresetRecording>(&step)) {
        QStringList words{QStringLiteral("record python3"), text(recording->script)};
        for (const std::string &arg : recording->args)
            words << text(arg);
        return words.join(QLatin1Char(' '));
    }
    return describeRun(std::get<RunSpec>(step));
}

} // namespace

QString PresetsSubcommand::name() const
{
    return QStringLiteral("presets");
}

QString PresetsSubcommand::summary() const
{
    return QStringLiteral(
        "List the lecture presets: what each shows, what to ask, what to look for");
}

void PresetsSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the presets as JSON.")});
}

int PresetsSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    QJsonArray json;
    int number = 0;
    for (const LecturePreset &preset : lecturePresets()) {
        QJsonArray runs;
        for (const PresetStep &step : preset.runs)
            runs.append(describeStep(step));
        json.append(QJsonObject{{QStringLiteral("id"), text(preset.id)},
                                {QStringLiteral("title"), text(preset.title)},
                                {QStringLiteral("explanation"), text(preset.explanation)},
                                {QStringLiteral("predict"), text(preset.predict)},
                                {QStringLiteral("reveal"), text(preset.reveal)},
                                {QStringLiteral("runs"), runs},
                                {QStringLiteral("sweep"), preset.sweep.has_value()}});
        if (parser.isSet(QStringLiteral("json")))
            continue;
        out() << QStringLiteral("%1. %2  [%3]\n")
                     .arg(++number)
                     .arg(text(preset.title), text(preset.id))
              << QStringLiteral("   %1\n").arg(text(preset.explanation))
              << QStringLiteral("   Predict: %1\n").arg(text(preset.predict))
              << QStringLiteral("   Reveal:  %1\n").arg(text(preset.reveal));
        for (const PresetStep &step : preset.runs)
            out() << QStringLiteral("   run:     %1\n").arg(describeStep(step));
        if (preset.sweep)
            out() << QStringLiteral("   sweep:   %1 over models and worker counts "
                                    "(corescope sweep --preset %2)\n")
                         .arg(describeRun(preset.sweep->base, false), text(preset.id));
        out() << '\n';
    }
    if (parser.isSet(QStringLiteral("json")))
        out() << QJsonDocument(json).toJson(QJsonDocument::Indented);
    out() << Qt::flush;
    return kExitSuccess;
}

} // namespace corescope
