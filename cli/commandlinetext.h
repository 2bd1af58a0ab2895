// SPDX-License-Identifier: MIT
#pragma once

#include <QLatin1String>
#include <QString>
#include <QStringList>

#include "result.h"
#include "trace/trace.h"

// Small text helpers shared by the top-level command line and the subcommands, so that every
// message and help page names the program the same way.
namespace corescope::commandlinetext {

/// The executable's name as users type it; messages use it instead of argv[0], which may be a
/// long build-tree path.
inline constexpr QLatin1String kProgramName("corescope");

/// QCommandLineParser::helpText() puts argv[0] (or a placeholder) in its usage line; this puts
/// program there instead, e.g. "corescope run".
[[nodiscard]] QString withProgramName(const QString &helpText, const QString &program);

/// "corescope <version>": what `--version` prints (the version is the CMake project's).
[[nodiscard]] QString versionLine();

/// "serial, threads, gil or processes": names for a help text, joined as a sentence.
[[nodiscard]] QString listOf(const QStringList &names,
                             const QString &lastJoin = QStringLiteral("or"));
/// The names in the execution models' registry, in its order.
[[nodiscard]] QStringList modelNames();
/// The names in the workloads' registry, in its order.
[[nodiscard]] QStringList workloadNames();

/// A time as typed on the command line: "1.5s", "200ms", "150us" (or µs), "800ns"; a bare
/// number is in seconds. The message names what was wrong.
[[nodiscard]] Result<TimeNs> parseTime(const QString &text);

/// What every `--json` option says about the JSON it prints (cli/reportjson.h keeps to it).
[[nodiscard]] QString jsonStyle();
/// The exit codes (cli/exitcode.h), for the end of `corescope --help`.
[[nodiscard]] QString exitCodesText();

} // namespace corescope::commandlinetext
