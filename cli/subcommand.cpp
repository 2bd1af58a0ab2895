// SPDX-License-Identifier: MIT
#include "cli/subcommand.h"

#include "cli/commandlinetext.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <cstdio>

namespace corescope {

namespace {

QCommandLineOption helpOption()
{
    return QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                              QStringLiteral("Displays this help."));
}

} // namespace

Subcommand::Subcommand()
{
    // Going through QFile keeps one code path for "stdout" and "a test's QBuffer".
    m_stdout.open(stdout, QIODevice::WriteOnly);
    m_stderr.open(stderr, QIODevice::WriteOnly);
    m_out.setDevice(&m_stdout);
    m_err.setDevice(&m_stderr);
}

Subcommand::~Subcommand()
{
    m_out.flush();
    m_err.flush();
}

Subcommand::Application Subcommand::application(const QStringList &arguments) const
{
    Q_UNUSED(arguments)
    return Application::Core;
}

bool Subcommand::sets(const QStringList &arguments, const QString &option) const
{
    QCommandLineParser parser;
    setUpParser(parser);
    QStringList withProgram = arguments;
    withProgram.prepend(commandlinetext::kProgramName + u' ' + name());
    return parser.parse(withProgram) && parser.isSet(option);
}

void Subcommand::addOptions(QCommandLineParser &parser) const
{
    Q_UNUSED(parser)
}

void Subcommand::setUpParser(QCommandLineParser &parser) const
{
    parser.setApplicationDescription(summary() + u'.');
    parser.addOption(helpOption());
    addOptions(parser);
}

QString Subcommand::helpText() const
{
    QCommandLineParser parser;
    setUpParser(parser);
    return commandlinetext::withProgramName(parser.helpText(),
                                            commandlinetext::kProgramName + u' ' + name());
}

void Subcommand::setOutputDevices(QIODevice *out, QIODevice *err)
{
    m_out.flush();
    m_err.flush();
    m_out.setDevice(out ? out : &m_stdout);
    m_err.setDevice(err ? err : &m_stderr);
}

std::optional<int> Subcommand::parseArguments(QCommandLineParser &parser,
                                              const QStringList &arguments)
{
    setUpParser(parser);
    // QCommandLineParser::parse() skips the first entry as the program's own path.
    QStringList withProgram = arguments;
    withProgram.prepend(commandlinetext::kProgramName + u' ' + name());
    // process() would exit() on errors; parse() lets the caller decide, which tests rely on.
    if (!parser.parse(withProgram)) {
        return usageError(parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << helpText() << Qt::flush;
        return kExitSuccess;
    }
    if (!takesArguments() && !parser.positionalArguments().isEmpty()) {
        return usageError(QStringLiteral("unexpected argument '%1'")
                              .arg(parser.positionalArguments().constFirst()));
    }
    return std::nullopt;
}

int Subcommand::usageError(const QString &message)
{
    err() << commandlinetext::kProgramName << u' ' << name() << QLatin1String(": ") << message
          << u'\n'
          << QStringLiteral("Run '%1 %2 --help' for its usage.")
                 .arg(commandlinetext::kProgramName, name())
          << Qt::endl;
    return kExitUsage;
}

int Subcommand::failure(const QString &message)
{
    err() << commandlinetext::kProgramName << u' ' << name() << QLatin1String(": ") << message
          << Qt::endl;
    return kExitFailure;
}

int Subcommand::cancelled(const QString &message)
{
    err() << commandlinetext::kProgramName << u' ' << name() << QLatin1String(": interrupted: ")
          << message << Qt::endl;
    return kExitCancelled;
}

} // namespace corescope
