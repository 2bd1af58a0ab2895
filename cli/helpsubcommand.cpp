// SPDX-License-Identifier: MIT
#include "cli/helpsubcommand.h"

#include "cli/invocation.h"
#include "cli/subcommandregistry.h"

#include <QCommandLineParser>

namespace corescope {

HelpSubcommand::HelpSubcommand(const SubcommandRegistry &registry)
    : m_registry(registry)
{
}

QString HelpSubcommand::name() const
{
    return QStringLiteral("help");
}

QString HelpSubcommand::summary() const
{
    return QStringLiteral("Show the help of corescope or of one subcommand");
}

void HelpSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addPositionalArgument(QStringLiteral("subcommand"),
                                 QStringLiteral("The subcommand to explain."),
                                 QStringLiteral("[subcommand]"));
}

int HelpSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments)) {
        return *exitCode;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        out() << Invocation::helpText(m_registry) << Qt::flush;
        return kExitSuccess;
    }
    if (positional.size() > 1) {
        return usageError(
            QStringLiteral("expected at most one subcommand, got %1").arg(positional.size()));
    }
    const Subcommand *subcommand = m_registry.find(positional.constFirst());
    if (!subcommand) {
        return usageError(QStringLiteral("unknown subcommand '%1'").arg(positional.constFirst()));
    }
    out() << subcommand->helpText() << Qt::flush;
    return kExitSuccess;
}

} // namespace corescope
