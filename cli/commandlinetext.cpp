// SPDX-License-Identifier: MIT
#include "cli/commandlinetext.h"

#include "cli/exitcode.h"
#include "engine/executionmodel.h"
#include "engine/workload.h"
#include "qtext/qtext.h"
#include "version.h"

#include <QRegularExpression>

#include <cmath>

namespace corescope::commandlinetext {

QString withProgramName(const QString &helpText, const QString &program)
{
    // The usage line is "Usage: <argv0> [options] <positional...>". Every parser here has at
    // least the help option, so " [options]" is always present and marks where argv[0] ends.
    const qsizetype lineEnd = helpText.indexOf(u'\n');
    const QString firstLine = helpText.left(lineEnd);
    const qsizetype optionsAt = firstLine.indexOf(QLatin1String(" [options]"));
    if (!firstLine.startsWith(QLatin1String("Usage: ")) || optionsAt < 0) {
        return helpText;
    }
    return QLatin1String("Usage: ") + program + helpText.mid(optionsAt);
}

QString versionLine()
{
    return kProgramName + u' ' + QLatin1String(kVersion);
}

QString listOf(const QStringList &names, const QString &lastJoin)
{
    if (names.size() < 2)
        return names.join(QString());
    return names.mid(0, names.size() - 1).join(QLatin1String(", ")) + u' ' + lastJoin + u' '
           + names.last();
}

namespace {

template <typename Registry>
QStringList namesIn(const Registry &registry)
{
    QStringList names;
    for (const auto &entry : registry.all())
        names << text(entry->name());
    return names;
}

} // namespace

QStringList modelNames()
{
    return namesIn(ModelRegistry::instance());
}

QStringList workloadNames()
{
    return namesIn(WorkloadRegistry::instance());
}

Result<TimeNs> parseTime(const QString &input)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(s|ms|us|µs|ns)?\\s*$"));
    const auto match = pattern.match(input);
    if (!match.hasMatch())
        return Error{QStringLiteral("'%1' is not a time (examples: 1.5s, 200ms, 40us, 800ns)")
                         .arg(input)
                         .toStdString()};
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    const double scale = unit == QLatin1String("ms")                                   ? 1e6
                         : unit == QLatin1String("us") || unit == QStringLiteral("µs") ? 1e3
                         : unit == QLatin1String("ns")                                 ? 1.0
                                                                                       : 1e9;
    const double ns = value * scale;
    if (!(ns < 9e18))
        return Error{QStringLiteral("'%1' is too long a time").arg(input).toStdString()};
    return TimeNs(std::llround(ns));
}

QString jsonStyle()
{
    return QStringLiteral("keys in snake_case, durations in seconds as numbers, their keys ending "
                          "in _s");
}

QString exitCodesText()
{
    return QStringLiteral("Exit codes: %1 success, %2 a file or run-time error, %3 a usage error, "
                          "%4 cancelled (Ctrl+C).\n")
        .arg(kExitSuccess)
        .arg(kExitFailure)
        .arg(kExitUsage)
        .arg(kExitCancelled);
}

} // namespace corescope::commandlinetext
