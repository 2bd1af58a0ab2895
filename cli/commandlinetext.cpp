// SPDX-License-Identifier: MIT
#include "cli/commandlinetext.h"

#include "cli/exitcode.h"
#include "engine/executionmodel.h"
#include "engine/workload.h"
#include "qtext/qtext.h"
#include "version.h"

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
