// SPDX-License-Identifier: MIT
#include "cli/commandlinetext.h"

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

} // namespace corescope::commandlinetext
