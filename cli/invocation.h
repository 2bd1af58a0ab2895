// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace corescope {

class Subcommand;
class SubcommandRegistry;

/// What the user asked the `corescope` executable to do, decided from the raw arguments before
/// any application object exists (main() must pick QApplication or QCoreApplication from it).
///
/// `corescope [options] [file...]` opens the main window; `corescope <subcommand> [args...]` runs
/// a headless subcommand. The subcommand must be the first argument, as in git. A first argument
/// shaped like a subcommand name that is neither registered nor an existing file is an error, so
/// that `corescope rnu` says "unknown subcommand" instead of opening a window on a missing file.
class Invocation
{
public:
    enum class Mode {
        Gui,        ///< open the main window with files()
        Subcommand, ///< run subcommand() with subcommandArguments()
        Help,       ///< print helpText() on stdout and exit with kExitSuccess
        Version,    ///< print commandlinetext::versionLine() on stdout, exit with kExitSuccess
        UsageError, ///< print errorText() and usageText() on stderr, exit with kExitUsage
    };

    /// Decides from arguments (argv[0] first, as in QCoreApplication::arguments()).
    [[nodiscard]] static Invocation parse(const QStringList &arguments,
                                          const SubcommandRegistry &registry);

    [[nodiscard]] Mode mode() const { return m_mode; }
    /// Trace files named on the command line, as typed, for Mode::Gui.
    [[nodiscard]] const QStringList &files() const { return m_files; }
    /// For Mode::Subcommand; owned by the registry.
    [[nodiscard]] Subcommand *subcommand() const { return m_subcommand; }
    /// Everything after the subcommand's name.
    [[nodiscard]] const QStringList &subcommandArguments() const { return m_subcommandArguments; }
    /// For Mode::UsageError: one line starting with "corescope: ".
    [[nodiscard]] const QString &errorText() const { return m_errorText; }
    /// The Qt platform plugin chosen with `-platform <name>`, or empty.
    [[nodiscard]] const QString &platform() const { return m_platform; }

    /// The `--help` page: usage, options and the registered subcommands with their summaries.
    [[nodiscard]] static QString helpText(const SubcommandRegistry &registry);
    /// The two usage lines and a pointer to `--help`, printed after a usage error.
    [[nodiscard]] static QString usageText();

private:
    Invocation() = default;

    Mode m_mode = Mode::Gui;
    QStringList m_files;
    Subcommand *m_subcommand = nullptr;
    QStringList m_subcommandArguments;
    QString m_errorText;
    QString m_platform;
};

} // namespace corescope
