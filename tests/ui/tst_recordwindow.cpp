// SPDX-License-Identifier: MIT
// The window side of recording any program, with real programs: a Python program recorded
// through the run session grows live and joins the document with its threads; a command that
// cannot start is named and leaves nothing behind; Stop keeps the cancelled recording; closing
// the window ends the program; the dialog splits the command as a shell would, names the field
// that is wrong and remembers the recent commands.

#include "document.h"
#include "engine/lecturepresets.h"
#include "mainwindow.h"
#include "programoutputdialog.h"
#include "record/programtrace.h"
#include "recorddialog.h"
#include "runsession.h"
#include "summarypanel.h"
#include "trace/trace.h"
#include "trace/tracefile.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <algorithm>
#include <memory>

using namespace corescope;

namespace {

constexpr int kTimeoutMs = 15000;

/// Two named Python threads and the main one each compute for about 0.3 s, then it says so.
constexpr const char *kSpinners =
    "import threading, time\n"
    "def spin():\n"
    "    end = time.monotonic() + 0.3\n"
    "    while time.monotonic() < end:\n"
    "        pass\n"
    "threads = [threading.Thread(target=spin, name=f'spinner {i}') for i in range(2)]\n"
    "for t in threads: t.start()\n"
    "spin()\n"
    "for t in threads: t.join()\n"
    "print('spun')\n";

RecordOptions command(std::vector<std::string> argv)
{
    RecordOptions options;
    options.program.argv = std::move(argv);
    return options;
}

QStringList words(std::initializer_list<const char *> utf8)
{
    QStringList list;
    for (const char *word : utf8)
        list.append(QString::fromUtf8(word));
    return list;
}

bool alive(qint64 pid)
{
    return kill(pid_t(pid), 0) == 0;
}

bool hasThreadNamed(const Trace &trace, const std::string &name)
{
    return std::any_of(trace.threads().begin(), trace.threads().end(),
                       [&](const ThreadInfo &thread) { return thread.name == name; });
}

/// The dialog with its command and folder typed in.
struct FilledDialog
{
    RecordDialog dialog;
    FilledDialog(const QString &commandLine, const QString &folder)
    {
        field<QComboBox>("commandCombo")->setEditText(commandLine);
        field<QLineEdit>("folderEdit")->setText(folder);
    }
    template <typename Widget>
    Widget *field(const char *name)
    {
        return dialog.findChild<Widget *>(QLatin1String(name));
    }
};

} // namespace

class TestRecordWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Settings go to ~/.qttest, never to the user's real configuration.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CoreScopeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_recordwindow"));
    }
    void init() { QSettings().clear(); }

    void aPythonProgramGrowsLiveAndJoinsTheDocument()
    {
        Document document;
        RunSession session(&document);
        int liveUpdates = 0;
        bool namedLive = false; // Python's names reach the live view while the threads spin
        connect(&document, &Document::runsChanged, this, [&] {
            if (document.visibleRuns().size() > document.runs().size()) {
                ++liveUpdates;
                namedLive = namedLive || hasThreadNamed(*document.visibleRuns().back(), "spinner 0");
            }
        });
        QSignalSpy finished(&session, &RunSession::runFinished);
        QSignalSpy failed(&session, &RunSession::recordingFailed);

        QVERIFY(session.record(command({"/usr/bin/python3", "-c", kSpinners})).ok());
        QVERIFY(session.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, kTimeoutMs);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!session.isBusy());

        QVERIFY2(liveUpdates > 1, qPrintable(QString::number(liveUpdates)));
        QVERIFY(namedLive);
        QCOMPARE(document.runs().size(), size_t(1));
        QCOMPARE(document.visibleRuns().size(), size_t(1)); // no live run left behind
        const Trace &run = *document.runs().front();
        QVERIFY(!run.metadata().cancelled);
        QVERIFY(run.threads().size() >= 3);
        QVERIFY2(hasThreadNamed(run, "spinner 0") && hasThreadNamed(run, "spinner 1"),
                 "the Python helper named the threads");
        QVERIFY(run.sliceCount() > 0);
        // The summary says how the program ended, not how many engine tasks it did.
        const QString summary = SummaryPanel::summaryHtml(run, nullptr);
        QVERIFY2(summary.contains(QLatin1String("exited with status 0"))
                     && !summary.contains(QLatin1String("Tasks")),
                 qPrintable(summary));

        // Its output went to a file of its own, which the window can show.
        QFile output(session.outputFile());
        QVERIFY2(output.open(QIODevice::ReadOnly), qPrintable(session.outputFile()));
        QCOMPARE(output.readAll().trimmed(), QByteArray("spun"));

        // It saves and opens again like the engine's runs.
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("recorded.cstrace")).toStdString();
        QVERIFY(document.contents().save(path).ok());
        const Result<TraceFile> loaded = TraceFile::load(path);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
        QCOMPARE(loaded.value().runs().size(), size_t(1));
        QCOMPARE(loaded.value().runs().front().threads().size(), run.threads().size());
        QCOMPARE(loaded.value().runs().front().sliceCount(), run.sliceCount());
    }

    // A lecture preset's recorded runs (the course's scripts, found where they are installed
    // relative to the executable) queue with the engine's, in the preset's order.
    void aPresetRecordsItsScriptsInTurnWithTheEnginesRuns()
    {
        Document document;
        RunSession session(&document);
        QSignalSpy finished(&session, &RunSession::runFinished);
        QSignalSpy failed(&session, &RunSession::recordingFailed);
        LecturePreset preset;
        preset.id = "recorded-and-run";
        RunSpec sleeps;
        sleeps.workload = "sleep";
        sleeps.model = "threads";
        sleeps.tasks = 2;
        sleeps.params = {{"ms", "20"}};
        preset.runs = {PresetRecording{"slow_calls.py", {"threads"}}, sleeps};
        QVERIFY(session.runPreset(preset).ok());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 2, kTimeoutMs);
        QCOMPARE(failed.size(), 0);
        QTRY_VERIFY(!session.isBusy());
        QCOMPARE(document.runs().size(), size_t(2));
        const Trace &recorded = *document.runs()[0];
        QCOMPARE(recorded.metadata().model, std::string(kRecordedModel));
        QCOMPARE(recorded.metadata().title, std::string("CPython: slow_calls.py threads"));
        QVERIFY2(hasThreadNamed(recorded, "slow call 0"), "the script ran, its threads named");
        QCOMPARE(document.runs()[1]->metadata().model, std::string("threads"));
    }

    void aCommandThatCannotStartIsNamed()
    {
        Document document;
        RunSession session(&document);
        QSignalSpy failed(&session, &RunSession::recordingFailed);
        QSignalSpy finished(&session, &RunSession::runFinished);
        QVERIFY(session.record(command({"corescope-no-such-command", "--flag"})).ok());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kTimeoutMs);
        const QString message = failed.front().front().toString();
        QVERIFY2(message.contains(QLatin1String("'corescope-no-such-command'"))
                     && message.contains(QLatin1String("No such file")),
                 qPrintable(message));
        QVERIFY(!session.isBusy());
        QCOMPARE(finished.size(), 0);
        QVERIFY(document.isEmpty());
    }

    void stopKeepsTheCancelledRecording()
    {
        Document document;
        RunSession session(&document);
        QSignalSpy started(&session, &RunSession::programStarted);
        QSignalSpy finished(&session, &RunSession::runFinished);
        QVERIFY(session.record(command({"sleep", "30"})).ok());
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeoutMs);
        const qint64 pid = started.front().front().toLongLong();
        QVERIFY(alive(pid));
        // Busy while it runs: nothing else starts, nothing is cleared.
        QVERIFY(!session.record(command({"true"})).ok());
        QVERIFY(!session.clearRuns());

        session.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 3000); // SIGINT ends a sleep at once
        QVERIFY(!session.isBusy());
        QVERIFY(!alive(pid));
        QCOMPARE(document.runs().size(), size_t(1));
        QVERIFY(document.runs().front()->metadata().cancelled);
        QCOMPARE(document.runs().front()->metadata().title, std::string("sleep 30"));
    }

    void closingTheWindowEndsTheProgram()
    {
        auto window = std::make_unique<MainWindow>();
        QSignalSpy started(window->session(), &RunSession::programStarted);
        // A shell that ignores SIGINT: closing must not wait for a grace it will not use.
        QVERIFY(window->session()->record(command({"sh", "-c", "trap '' INT; sleep 30"})).ok());
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeoutMs);
        const qint64 pid = started.front().front().toLongLong();
        QVERIFY(alive(pid));
        window->close();
        window.reset();
        QVERIFY(!alive(pid));
    }

    void theMenuOpensTheDialogAndTheRunShowsItsOutput()
    {
        MainWindow window;
        auto *action = window.findChild<QAction *>(QStringLiteral("actionRecordProgram"));
        QVERIFY(action && action->isEnabled());
        action->trigger();
        auto *dialog = window.findChild<RecordDialog *>(QStringLiteral("recordDialog"));
        QVERIFY(dialog);
        QTemporaryDir dir;
        dialog->findChild<QComboBox *>(QStringLiteral("commandCombo"))
            ->setEditText(QStringLiteral("sh -c 'echo \"said so\"'"));
        dialog->findChild<QLineEdit *>(QStringLiteral("folderEdit"))->setText(dir.path());
        dialog->findChild<QLineEdit *>(QStringLiteral("titleEdit"))
            ->setText(QStringLiteral("echo"));
        QSignalSpy finished(window.session(), &RunSession::runFinished);
        dialog->findChild<QPushButton *>(QStringLiteral("recordButton"))->click();
        QVERIFY(!action->isEnabled()); // busy
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
        QVERIFY(action->isEnabled());
        QCOMPARE(window.document()->runs().front()->metadata().title, std::string("echo"));
        auto *link = window.findChild<QLabel *>(QStringLiteral("programOutputLink"));
        QVERIFY(link && !link->isHidden());
        QFile output(window.session()->outputFile());
        QVERIFY(output.open(QIODevice::ReadOnly));
        QCOMPARE(output.readAll(), QByteArray("said so\n"));
        // The run panel's bar, busy while it ran, is idle again (a program reports no tasks).
        QCOMPARE(window.findChild<QProgressBar *>(QStringLiteral("runProgress"))->maximum(), 1);

        link->linkActivated(QStringLiteral("output"));
        auto *shown =
            window.findChild<ProgramOutputDialog *>(QStringLiteral("programOutputDialog"));
        QVERIFY(shown);
        QCOMPARE(shown->findChild<QPlainTextEdit *>(QStringLiteral("outputText"))->toPlainText(),
                 QStringLiteral("said so\n"));
    }

    void theOutputDialogShowsTheEndOfTheOutput_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("shown");
        QTest::newRow("all of a short output") << QByteArray("one\ntwo\n") << "one\ntwo\n";
        QTest::newRow("nothing written") << QByteArray() << "(the program wrote nothing)";
        const QByteArray line(99, 'x');
        QByteArray longOutput;
        for (int i = 0; i < 1000; ++i)
            longOutput += line + '\n'; // 100 kB
        QTest::newRow("the end of a long output, from a whole line")
            << longOutput
            << QStringLiteral("(… the first 33 KiB are left out)\n")
                   + QString::fromLatin1(longOutput.right(655 * 100));
    }
    void theOutputDialogShowsTheEndOfTheOutput()
    {
        QFETCH(QByteArray, contents);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("output.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(contents);
        file.close();
        QTEST(ProgramOutputDialog::tail(path), "shown");
        QVERIFY(ProgramOutputDialog::tail(dir.filePath(QStringLiteral("missing")))
                    .contains(QLatin1String("cannot be read")));
    }

    void theCommandIsSplitAsAShellWould_data()
    {
        QTest::addColumn<QString>("commandLine");
        QTest::addColumn<QStringList>("argv");
        QTest::newRow("words") << "python3 counting.py threads"
                               << words({"python3", "counting.py", "threads"});
        QTest::newRow("quotes and a backslash")
            << "python3 -c 'print(\"hi\")' my\\ file \"a b\""
            << words({"python3", "-c", "print(\"hi\")", "my file", "a b"});
        QTest::newRow("blanks around") << "  ./a.out  " << words({"./a.out"});
    }
    void theCommandIsSplitAsAShellWould()
    {
        QFETCH(QString, commandLine);
        QFETCH(QStringList, argv);
        QTemporaryDir dir;
        FilledDialog filled(commandLine, dir.path());
        filled.field<QComboBox>("captureCombo")->setCurrentIndex(2);
        filled.field<QCheckBox>("pythonCheck")->setChecked(false);
        const Result<RecordOptions> options = filled.dialog.options();
        QVERIFY2(options.ok(), options.ok() ? "" : options.error().c_str());
        QStringList split;
        for (const std::string &word : options.value().program.argv)
            split.append(QString::fromStdString(word));
        QCOMPARE(split, argv);
        QCOMPARE(QString::fromStdString(options.value().program.workingDirectory),
                 QDir(dir.path()).absolutePath());
        QCOMPARE(options.value().capture, RecordCapture::Sampling);
        QVERIFY(!options.value().python);
    }

    void aWrongFieldIsNamedAndTheDialogStaysOpen_data()
    {
        QTest::addColumn<QString>("commandLine");
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << "  "
                                    << "."
                                    << "Command: type the program to record and its arguments";
        QTest::newRow("an unclosed quote")
            << "python3 -c 'print(1)"
            << "."
            << "Command: the single quote at character 12 is never closed";
        QTest::newRow("shell syntax") << "python3 a.py > log"
                                      << "."
                                      << "Command: '>' at character 14 needs a shell";
        QTest::newRow("no folder") << "true"
                                   << ""
                                   << "Working folder: choose the folder";
        QTest::newRow("a folder that does not exist")
            << "true"
            << "/nonexistent/corescope"
            << "Working folder: /nonexistent/corescope does "
               "not exist";
        QTest::newRow("a file, not a folder") << "true"
                                              << "/etc/hostname"
                                              << "Working folder: /etc/hostname is not a folder";
    }
    void aWrongFieldIsNamedAndTheDialogStaysOpen()
    {
        QFETCH(QString, commandLine);
        QFETCH(QString, folder);
        QFETCH(QString, message);
        FilledDialog filled(commandLine, folder);
        const Result<RecordOptions> options = filled.dialog.options();
        QVERIFY(!options.ok());
        QVERIFY2(QString::fromStdString(options.error()).startsWith(message),
                 options.error().c_str());

        filled.dialog.open();
        QSignalSpy accepted(&filled.dialog, &QDialog::accepted);
        filled.field<QPushButton>("recordButton")->click();
        QCOMPARE(accepted.size(), 0);
        QVERIFY(filled.dialog.isVisible());
        auto *shown = filled.field<QLabel>("messageLabel");
        QVERIFY(!shown->isHidden());
        QCOMPARE(shown->text(), QString::fromStdString(options.error()));
        QVERIFY(RecordDialog::recentCommands().isEmpty()); // only what was recorded is kept
    }

    void recentCommandsAreKeptMostRecentFirst()
    {
        QTemporaryDir dir;
        for (int i = 1; i <= RecordDialog::kMaxRecentCommands + 2; ++i) {
            FilledDialog filled(QStringLiteral("echo %1").arg(i), dir.path());
            filled.dialog.accept();
            QCOMPARE(filled.dialog.result(), int(QDialog::Accepted));
        }
        FilledDialog again(QStringLiteral("echo 5"), dir.path());
        again.dialog.accept();

        QStringList expected{QStringLiteral("echo 5")};
        for (int i = RecordDialog::kMaxRecentCommands + 2; expected.size() < 10; --i) {
            if (i != 5)
                expected.append(QStringLiteral("echo %1").arg(i));
        }
        QCOMPARE(RecordDialog::recentCommands(), expected);

        // A new dialog offers them, and starts in the folder used last.
        RecordDialog fresh;
        auto *combo = fresh.findChild<QComboBox *>(QStringLiteral("commandCombo"));
        QStringList offered;
        for (int i = 0; i < combo->count(); ++i)
            offered.append(combo->itemText(i));
        QCOMPARE(offered, expected);
        QVERIFY(combo->currentText().isEmpty());
        QCOMPARE(fresh.findChild<QLineEdit *>(QStringLiteral("folderEdit"))->text(),
                 QDir(dir.path()).absolutePath());
    }
};

QTEST_MAIN(TestRecordWindow)
#include "tst_recordwindow.moc"
