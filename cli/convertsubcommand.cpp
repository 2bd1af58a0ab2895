// SPDX-License-Identifier: MIT
#include "cli/convertsubcommand.h"

#include "qtext/qtext.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>

namespace corescope {
QString ConvertSubcommand::name() const
{
    return QStringLiteral("convert");
}

QString ConvertSubcommand::summary() const
{
    return QStringLiteral("Convert a trace between .cstrace and Chrome/Perfetto .json");
}

void ConvertSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("flavour"),
                      QStringLiteral("JSON for perfetto (ui.perfetto.dev: CPU tracks, flows) or "
                                     "portable (chrome://tracing: cores as a \"CPUs\" process); "
                                     "default perfetto."),
                      QStringLiteral("name"), QStringLiteral("perfetto")});
    parser.addPositionalArgument(QStringLiteral("in"), QStringLiteral("The trace to read."));
    parser.addPositionalArgument(QStringLiteral("out"),
                                 QStringLiteral("The file to write: .cstrace or .json."));
}

int ConvertSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2)
        return usageError(QStringLiteral("expected an input and an output file"));
    const std::string inPath = files[0].toStdString();
    const std::string outPath = files[1].toStdString();
    TraceFile::SaveOptions options;
    options.format = TraceFile::formatForPath(outPath);
    if (!options.format)
        return usageError(QStringLiteral("'%1' must end in .cstrace or .json").arg(files[1]));
    const auto flavour =
        TraceFile::parseFlavour(parser.value(QStringLiteral("flavour")).toStdString());
    if (!flavour)
        return usageError(QStringLiteral("--flavour: '%1' is neither perfetto nor portable")
                              .arg(parser.value(QStringLiteral("flavour"))));
    options.flavour = *flavour;

    auto loaded = TraceFile::load(inPath);
    if (!loaded)
        return failure(text(loaded.error()));
    const ImportReport &report = loaded.value().importReport();
    if (const Status saved = loaded.value().save(outPath, options); !saved)
        return failure(text(saved.error()));
    for (const auto &[what, n] : report.skipped)
        err() << QStringLiteral("corescope convert: skipped on import: %1 %2\n")
                     .arg(n)
                     .arg(text(what));
    for (const auto &warning : report.warnings)
        err() << QStringLiteral("corescope convert: warning: %1\n").arg(text(warning));
    if (report.warningCount > report.warnings.size())
        err() << QStringLiteral("corescope convert: … and %1 more warnings\n")
                     .arg(report.warningCount - report.warnings.size());
    err() << Qt::flush;
    out() << QStringLiteral("Wrote %1 (%2 run%3).\n")
                 .arg(files[1])
                 .arg(loaded.value().runs().size())
                 .arg(loaded.value().runs().size() == 1 ? QString() : QStringLiteral("s"))
          << Qt::flush;
    // The output is written either way; problems found in the input still make the exit code 1.
    return report.warningCount > 0 ? kExitFailure : kExitSuccess;
}

} // namespace corescope
