// SPDX-License-Identifier: MIT
#include "cli/invocation.h"

#include "cli/appmetadata.h"
#include "cli/commandlinetext.h"
#include "cli/subcommand.h"
#include "cli/subcommandregistry.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QFileInfo>

#include <algorithm>

namespace corescope {

namespace {

const QString kHelpOption = QStringLiteral("help");
const QString kVersionOption = QStringLiteral("version");
const QString kPlatformOption = QStringLiteral("platform");

// QApplication consumes these itself (see QGuiApplication and QApplication docs). They are
// declared, hidden, so that `corescope -style fusion trace.cstrace` is not an "unknown option".
struct QtOption
{
    const char *name;
    bool takesValue;
};
constexpr QtOption kQtGuiOptions[] = {
    {"platform", true},        {"platformpluginpath", true},
    {"platformtheme", true},   {"plugin", true},
    {"qwindowgeometry", true}, {"qwindowicon", true},
    {"qwindowtitle", true},    {"reverse", false},
    {"session", true},         {"style", true},
    {"stylesheet", true},      {"widgetcount", false},
    {"display", true},         {"nograb", false},
    {"dograb", false},         {"sync", false},
};

void setUpParser(QCommandLineParser &parser)
{
    // Qt's own options are single-dash words (-platform, -style); compacted short options
    // (-abc meaning -a -b -c) would misread them.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(applicationDescription());
    parser.addOption(QCommandLineOption({QStringLiteral("h"), kHelpOption},
                                        QStringLiteral("Displays this help.")));
    parser.addOption(QCommandLineOption({QStringLiteral("v"), kVersionOption},
                                        QStringLiteral("Displays version information.")));
    for (const QtOption &qtOption : kQtGuiOptions) {
        QCommandLineOption option(QString::fromLatin1(qtOption.name));
        if (qtOption.takesValue) {
            option.setValueName(QStringLiteral("value"));
        }
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("Trace file to open in the main window."),
                                 QStringLiteral("[file...]"));
}

} // namespace

Invocation Invocation::parse(const QStringList &arguments, const SubcommandRegistry &registry)
{
    Invocation result;
    if (arguments.size() > 1) {
        const QString &first = arguments.at(1);
        if (Subcommand *subcommand = registry.find(first)) {
            result.m_mode = Mode::Subcommand;
            result.m_subcommand = subcommand;
            result.m_subcommandArguments = arguments.mid(2);
            return result;
        }
        if (SubcommandRegistry::isValidName(first) && !QFileInfo::exists(first)) {
            result.m_mode = Mode::UsageError;
            result.m_errorText = QStringLiteral("%1: unknown subcommand '%2'")
                                     .arg(commandlinetext::kProgramName, first);
            return result;
        }
    }

    QCommandLineParser parser;
    setUpParser(parser);
    if (!parser.parse(arguments)) {
        result.m_mode = Mode::UsageError;
        result.m_errorText =
            commandlinetext::kProgramName + QLatin1String(": ") + parser.errorText();
        return result;
    }
    if (parser.isSet(kHelpOption)) {
        result.m_mode = Mode::Help;
    } else if (parser.isSet(kVersionOption)) {
        result.m_mode = Mode::Version;
    } else {
        result.m_mode = Mode::Gui;
        result.m_files = parser.positionalArguments();
        result.m_platform = parser.value(kPlatformOption);
    }
    return result;
}

QString Invocation::helpText(const SubcommandRegistry &registry)
{
    QCommandLineParser parser;
    setUpParser(parser);
    QString text =
        commandlinetext::withProgramName(parser.helpText(), commandlinetext::kProgramName);

    // A second usage line for the subcommand form, aligned under the first program name.
    const qsizetype firstLineEnd = text.indexOf(u'\n');
    text.insert(firstLineEnd + 1, QLatin1String("       ") + commandlinetext::kProgramName
                                      + QLatin1String(" <subcommand> [arguments...]\n"));

    const std::vector<Subcommand *> subcommands = registry.subcommands();
    if (!subcommands.empty()) {
        qsizetype width = 0;
        for (const Subcommand *subcommand : subcommands) {
            width = std::max(width, subcommand->name().size());
        }
        text += QLatin1String("\nSubcommands:\n");
        for (const Subcommand *subcommand : subcommands) {
            text += QLatin1String("  ") + subcommand->name().leftJustified(width + 2)
                    + subcommand->summary() + u'\n';
        }
        text += QStringLiteral("\nRun '%1 <subcommand> --help' for the options of a subcommand.\n")
                    .arg(commandlinetext::kProgramName);
    }
    text += u'\n' + commandlinetext::exitCodesText();
    return text;
}

QString Invocation::usageText()
{
    return QStringLiteral("Usage: %1 [options] [file...]\n"
                          "       %1 <subcommand> [arguments...]\n"
                          "Run '%1 --help' for the options and the list of subcommands.\n")
        .arg(commandlinetext::kProgramName);
}

} // namespace corescope
