// SPDX-License-Identifier: MIT
#pragma once

#include "cli/exitcode.h"

#include <QFile>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

class QCommandLineParser;
class QIODevice;

namespace corescope {

/// One headless verb of the `corescope` executable, as in `corescope <name> [arguments...]`.
///
/// A subclass declares its options in addOptions() and does its work in run(), which usually
/// starts with parseArguments(). main() creates the application object that application() asks
/// for before run() is called.
class Subcommand
{
public:
    Subcommand();
    virtual ~Subcommand();
    Subcommand(const Subcommand &) = delete;
    Subcommand &operator=(const Subcommand &) = delete;
    Subcommand(Subcommand &&) = delete;
    Subcommand &operator=(Subcommand &&) = delete;

    /// The word typed after `corescope`: lowercase letters, digits and '-', starting with a letter.
    [[nodiscard]] virtual QString name() const = 0;
    /// One line for `corescope --help`, without a trailing full stop.
    [[nodiscard]] virtual QString summary() const = 0;
    /// The Qt application object run() needs, least first.
    enum class Application {
        Core,    ///< QCoreApplication: text and files only; no display, no platform plugin
        Gui,     ///< QGuiApplication (offscreen): QPainter, fonts, QImage, SVG
        Widgets, ///< QApplication (offscreen): QCustomPlot charts, which are QWidgets
    };
    /// What run(arguments) will need; Core unless a subclass draws. Decided from the arguments
    /// before any application object exists, so that `sweep --json` stays QtCore while
    /// `sweep --png` gets its QApplication.
    [[nodiscard]] virtual Application application(const QStringList &arguments) const;

    /// Declares the options and positional arguments; parseArguments() and helpText() use it.
    virtual void addOptions(QCommandLineParser &parser) const;
    /// True when addOptions() declares positional arguments; otherwise parseArguments() refuses
    /// any, so that a stray word (`demo results/` instead of `demo -o results/`) is not ignored.
    [[nodiscard]] virtual bool takesArguments() const { return false; }

    /// Does the work; arguments are what follows the subcommand's name. Returns an exit code.
    [[nodiscard]] virtual int run(const QStringList &arguments) = 0;

    /// The complete `--help` text: usage line, summary, options and arguments.
    [[nodiscard]] QString helpText() const;

    /// Sends out() and err() to other devices (tests capture them in a QBuffer); nullptr restores
    /// stdout and stderr.
    void setOutputDevices(QIODevice *out, QIODevice *err);

protected:
    /// Fills parser from addOptions() plus -h/--help and parses arguments. Returns an exit code
    /// when run() should stop now (help was printed, or a usage error was reported on err()), and
    /// std::nullopt when the parser holds valid values to act on.
    [[nodiscard]] std::optional<int> parseArguments(QCommandLineParser &parser,
                                                    const QStringList &arguments);

    /// Whether arguments, parsed with addOptions(), set `option`; false when they do not parse
    /// (run() then reports the usage error). For application().
    [[nodiscard]] bool sets(const QStringList &arguments, const QString &option) const;

    /// Prints a usage error in the one format every subcommand shares and returns kExitUsage.
    [[nodiscard]] int usageError(const QString &message);
    /// Prints a runtime error in the one format every subcommand shares and returns kExitFailure.
    [[nodiscard]] int failure(const QString &message);
    /// Reports that Ctrl+C (or SIGTERM) stopped the work, saying what was kept or not written,
    /// and returns kExitCancelled.
    [[nodiscard]] int cancelled(const QString &message);

    // End messages with Qt::endl: it flushes, so out() and err() interleave as written.
    [[nodiscard]] QTextStream &out() { return m_out; }
    [[nodiscard]] QTextStream &err() { return m_err; }

private:
    void setUpParser(QCommandLineParser &parser) const;

    QFile m_stdout;
    QFile m_stderr;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace corescope
