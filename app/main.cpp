// SPDX-License-Identifier: MIT
// The corescope executable: `corescope [file...]` opens the main window, and
// `corescope <subcommand> [arguments...]` runs a headless subcommand (see corescope --help).

#include "appidentity.h"
#include "cli/appmetadata.h"
#include "cli/commandlinetext.h"
#include "cli/exitcode.h"
#include "cli/images/builtinsubcommands.h"
#include "cli/invocation.h"
#include "cli/subcommand.h"
#include "cli/subcommandregistry.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <sys/stat.h>
#include <unistd.h>

namespace {

using corescope::Invocation;

void printTo(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

// Read before any application object exists: main() must know the mode to pick one.
QStringList rawArguments(int argc, char **argv)
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i) {
        arguments.append(QString::fromLocal8Bit(argv[i]));
    }
    return arguments;
}

QString environment(const char *name)
{
    return qEnvironmentVariable(name);
}

// Whether Qt was told which platform plugin to use (environment or -platform), in which case
// that choice is respected as is.
bool platformChosen(const Invocation &invocation)
{
    return !invocation.platform().isEmpty() || !environment("QT_QPA_PLATFORM").isEmpty();
}

// Headless machines (containers, CI, ssh sessions) often have no XDG_RUNTIME_DIR, and Qt's
// offscreen platform then warns on every start. A private folder of our own silences it honestly.
void ensureRuntimeDirectory()
{
    if (!environment("XDG_RUNTIME_DIR").isEmpty()) {
        return;
    }
    // One folder per user, reused by every run, private as the XDG specification asks.
    const QByteArray path = QDir::tempPath().toLocal8Bit() + "/corescope-runtime-"
                            + QByteArray::number(getuid());
    struct stat info{};
    if (mkdir(path.constData(), 0700) == 0
        || (stat(path.constData(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == getuid()
            && (info.st_mode & 0777) == 0700)) {
        qputenv("XDG_RUNTIME_DIR", path);
    }
}

QtMessageHandler g_previousMessageHandler = nullptr;

// Installed only while QApplication starts. Qt reports "no usable platform plugin" (for example
// DISPLAY names an X server that is gone) with qFatal(), which aborts with a core dump; a user
// should get a sentence and exit code 1 instead.
void startupMessageHandler(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    if (type != QtFatalMsg) {
        if (g_previousMessageHandler) {
            g_previousMessageHandler(type, context, message);
        }
        return;
    }
    // Qt's own text ("reinstalling the application may fix this") misleads here; the warnings it
    // printed just before (e.g. "could not connect to display :1") carry the details.
    Q_UNUSED(message)
    printTo(stderr, QStringLiteral("%1: cannot start the graphical interface: no usable display or "
                                   "Qt platform plugin (details above).\nCheck DISPLAY or "
                                   "WAYLAND_DISPLAY, or use a subcommand for headless work: see "
                                   "'%1 --help'.\n")
                        .arg(corescope::commandlinetext::kProgramName));
    // _Exit, not exit: Qt is half-constructed, so static destructors must not run.
    std::_Exit(corescope::kExitFailure);
}

int runGui(int &argc, char **argv, const Invocation &invocation)
{
    if (!platformChosen(invocation) && environment("DISPLAY").isEmpty()
        && environment("WAYLAND_DISPLAY").isEmpty()) {
        printTo(stderr,
                QStringLiteral("%1: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), "
                               "so the main window cannot open.\nRun it in a desktop session, or "
                               "use a subcommand for headless work: see '%1 --help'.\n")
                    .arg(corescope::commandlinetext::kProgramName));
        return corescope::kExitFailure;
    }

    g_previousMessageHandler = qInstallMessageHandler(startupMessageHandler);
    QApplication application(argc, argv);
    qInstallMessageHandler(g_previousMessageHandler);

    corescope::setApplicationMetadata();
    // Lets Wayland compositors and task bars match windows to corescope.desktop.
    QGuiApplication::setDesktopFileName(corescope::desktopFileName());
    QApplication::setWindowIcon(corescope::applicationIcon());

    corescope::MainWindow window;
    window.show();
    window.openFiles(invocation.files());
    return QApplication::exec();
}

int runSubcommand(int &argc, char **argv, const Invocation &invocation)
{
    using Application = corescope::Subcommand::Application;
    corescope::Subcommand &subcommand = *invocation.subcommand();
    const Application needs = subcommand.application(invocation.subcommandArguments());
    if (needs != Application::Core) {
        // A subcommand never shows a window, so it renders offscreen unless told otherwise:
        // the same output with or without a desktop, and no dependency on an X server.
        if (environment("QT_QPA_PLATFORM").isEmpty()) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        }
        ensureRuntimeDirectory();
    }
    // The least the subcommand needs: text subcommands load no platform plugin at all.
    std::unique_ptr<QCoreApplication> application;
    switch (needs) {
    case Application::Core:
        application = std::make_unique<QCoreApplication>(argc, argv);
        break;
    case Application::Gui:
        application = std::make_unique<QGuiApplication>(argc, argv);
        break;
    case Application::Widgets:
        application = std::make_unique<QApplication>(argc, argv);
        break;
    }
    corescope::setApplicationMetadata();
    return subcommand.run(invocation.subcommandArguments());
}

} // namespace

int main(int argc, char *argv[])
{
    corescope::SubcommandRegistry registry;
    corescope::registerBuiltinSubcommands(registry);

    const Invocation invocation = Invocation::parse(rawArguments(argc, argv), registry);
    switch (invocation.mode()) {
    case Invocation::Mode::Help:
        printTo(stdout, Invocation::helpText(registry));
        return corescope::kExitSuccess;
    case Invocation::Mode::Version:
        printTo(stdout, corescope::commandlinetext::versionLine() + u'\n');
        return corescope::kExitSuccess;
    case Invocation::Mode::UsageError:
        printTo(stderr, invocation.errorText() + u'\n' + Invocation::usageText());
        return corescope::kExitUsage;
    case Invocation::Mode::Subcommand:
        return runSubcommand(argc, argv, invocation);
    case Invocation::Mode::Gui:
        return runGui(argc, argv, invocation);
    }
    return corescope::kExitFailure;
}
