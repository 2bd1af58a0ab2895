// SPDX-License-Identifier: MIT
// Real child processes: how a program ends, how it fails to start, and that nothing it leaves
// behind keeps running.
#include "record/launchedprogram.h"

#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <unistd.h>

#include <fstream>

using namespace corescope;

namespace {

ProgramSpec shell(const char *script)
{
    return ProgramSpec{{"/bin/sh", "-c", script}, {}, {}, {}, {}};
}

bool alive(pid_t pid)
{
    return kill(pid, 0) == 0;
}

} // namespace

class TestLaunchedProgram : public QObject
{
    Q_OBJECT

private slots:
    void exitIsReported_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("signal");
        QTest::addColumn<int>("shellStatus");
        QTest::addColumn<QString>("description");
        QTest::newRow("success") << "exit 0" << 0 << 0 << 0 << "exited with status 0";
        QTest::newRow("non-zero status") << "exit 3" << 3 << 0 << 3 << "exited with status 3";
        QTest::newRow("segmentation fault")
            << "kill -SEGV $$" << 0 << int(SIGSEGV) << 128 + SIGSEGV << "killed by SIGSEGV";
    }
    void exitIsReported()
    {
        QFETCH(QString, script);
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(shell(qPrintable(script)));
        QVERIFY2(program.ok(), program.ok() ? "" : program.error().c_str());
        QVERIFY(program.value().proceed().ok());
        const ProgramExit exit = program.value().wait();
        QTEST(exit.code, "code");
        QTEST(exit.signal, "signal");
        QTEST(exit.shellStatus(), "shellStatus");
        QFETCH(QString, description);
        QVERIFY2(QString::fromStdString(exit.describe()).startsWith(description),
                 exit.describe().c_str());
    }

    void aProgramThatCannotStartIsNamed_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("status"); // as a shell's: 127 not found, 126 found but refused
        QTest::newRow("no such command")
            << "corescope-no-such-command" << QString() << "cannot run it: No such file" << 127;
        QTest::newRow("not executable")
            << "NOT-EXECUTABLE" << QString() << "Permission denied (it is not executable" << 126;
        QTest::newRow("missing working folder") << "/bin/true"
                                                << "/nonexistent/folder"
                                                << "cannot change to the working folder" << 127;
        QTest::newRow("unwritable output file") << "OUTPUT:/nonexistent/folder/out.txt" << QString()
                                                << "cannot open the output file" << 127;
        QTest::newRow("unreadable input file") << "INPUT:/nonexistent/folder/in.txt" << QString()
                                               << "cannot open the input file" << 127;
    }
    void aProgramThatCannotStartIsNamed()
    {
        QFETCH(QString, command);
        QFETCH(QString, folder);
        QTemporaryDir dir;
        if (command == QLatin1String("NOT-EXECUTABLE")) {
            command = dir.filePath(QStringLiteral("script.sh"));
            std::ofstream(command.toStdString()) << "#!/bin/sh\nexit 0\n";
        }
        ProgramSpec spec{{command.toStdString()}, folder.toStdString(), {}, {}, {}};
        if (command.startsWith(QLatin1String("OUTPUT:")))
            spec = ProgramSpec{{"/bin/true"}, {}, {}, command.mid(7).toStdString(), {}};
        if (command.startsWith(QLatin1String("INPUT:")))
            spec = ProgramSpec{{"/bin/true"}, {}, command.mid(6).toStdString(), {}, {}};
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
        QVERIFY(program.ok());
        const Status started = program.value().proceed();
        QVERIFY(!started.ok());
        QFETCH(QString, message);
        QVERIFY2(QString::fromStdString(started.error()).contains(message),
                 started.error().c_str());
        QFETCH(int, status);
        QCOMPARE(program.value().wait().shellStatus(), status);
    }

    void anEmptyCommandIsRefused()
    {
        const Result<LaunchedProgram> program = LaunchedProgram::startPaused(ProgramSpec{});
        QVERIFY(!program.ok());
        QCOMPARE(QString::fromStdString(program.error()), QStringLiteral("no command to run"));
    }

    void folderAndEnvironmentReachTheProgram()
    {
        QTemporaryDir dir;
        ProgramSpec spec = shell("pwd > seen; echo \"$CORESCOPE_TEST\" >> seen; echo said");
        spec.workingDirectory = dir.path().toStdString();
        spec.environment = {{"CORESCOPE_TEST", "hello there"}};
        spec.outputFile = dir.filePath(QStringLiteral("output")).toStdString();
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
        QVERIFY(program.ok());
        QVERIFY(program.value().proceed().ok());
        QCOMPARE(program.value().wait().code, 0);
        std::ifstream seen(dir.filePath(QStringLiteral("seen")).toStdString());
        std::string folder, value;
        std::getline(seen, folder);
        std::getline(seen, value);
        QCOMPARE(QString::fromStdString(folder), QDir(dir.path()).canonicalPath());
        QCOMPARE(value, std::string("hello there"));
        // Its output went to the file, not to ours.
        std::ifstream output(spec.outputFile);
        std::string said;
        std::getline(output, said);
        QCOMPARE(said, std::string("said"));
    }

    void inputComesFromTheInputFile()
    {
        QTemporaryDir dir;
        ProgramSpec spec = shell("read line; echo \"read: $line\"; read more || echo end");
        spec.inputFile = dir.filePath(QStringLiteral("input")).toStdString();
        spec.outputFile = dir.filePath(QStringLiteral("output")).toStdString();
        std::ofstream(spec.inputFile) << "first line\n";
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
        QVERIFY(program.ok());
        QVERIFY(program.value().proceed().ok());
        QCOMPARE(program.value().wait().code, 0);
        std::ifstream output(spec.outputFile);
        std::string read, end;
        std::getline(output, read);
        std::getline(output, end);
        QCOMPARE(read, std::string("read: first line"));
        QCOMPARE(end, std::string("end")); // the file's end, not a terminal's wait
    }

    void interruptReachesTheProgram()
    {
        // The shell exits 7 on SIGINT; until then it sleeps in short steps.
        QTemporaryDir dir;
        const QString ready = dir.filePath(QStringLiteral("ready"));
        ProgramSpec spec = shell("trap 'exit 7' INT; : > \"$READY\"; while :; do sleep 0.01; done");
        spec.environment = {{"READY", ready.toStdString()}};
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
        QVERIFY(program.ok());
        QVERIFY(program.value().proceed().ok());
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(ready); }, 5000));
        program.value().interrupt();
        QVERIFY(QTest::qWaitFor([&] { return program.value().poll().has_value(); }, 5000));
        QCOMPARE(program.value().poll()->code, 7);
    }

    void whatTheProgramLeavesBehindIsStopped_data()
    {
        QTest::addColumn<QString>("script");
        QTest::newRow("double-forked daemon") << "(sleep 60 & echo $! > \"$PIDS\") ; exit 0";
        QTest::newRow("daemon that ignores SIGTERM")
            << "(trap '' TERM; sleep 60 & echo $! > \"$PIDS\"; wait) & sleep 0.05; exit 0";
    }
    void whatTheProgramLeavesBehindIsStopped()
    {
        QFETCH(QString, script);
        QTemporaryDir dir;
        const QString pids = dir.filePath(QStringLiteral("pids"));
        ProgramSpec spec = shell(qPrintable(script));
        spec.environment = {{"PIDS", pids.toStdString()}};
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
        QVERIFY(program.ok());
        QVERIFY(program.value().proceed().ok());
        QCOMPARE(program.value().wait().code, 0);
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo(pids).size() > 0; }, 5000));
        pid_t daemon = 0;
        std::ifstream(pids.toStdString()) >> daemon;
        QVERIFY(daemon > 0);
        QVERIFY(alive(daemon));
        QVERIFY(!program.value().stopLeftovers(std::chrono::milliseconds(200)).empty());
        QVERIFY(!alive(daemon));
    }

    void aProgramNeverLetGoEndsWithItsLauncher()
    {
        pid_t pid = 0;
        {
            Result<LaunchedProgram> program = LaunchedProgram::startPaused(shell("exit 0"));
            QVERIFY(program.ok());
            pid = program.value().pid();
            QVERIFY(alive(pid));
        }
        QVERIFY(!alive(pid));
    }
};

QTEST_GUILESS_MAIN(TestLaunchedProgram)
#include "tst_launchedprogram.moc"
