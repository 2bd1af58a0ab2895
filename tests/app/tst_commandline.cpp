// SPDX-License-Identifier: MIT
// Runs the real corescope executable and checks what it prints and how it exits.

#include "recordfixtures.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kTimeoutMs = 20000;

/// The pids of `parent`'s children, from /proc/<pid>/task/<pid>/children.
std::vector<pid_t> childrenOf(pid_t parent)
{
    std::ifstream list("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent)
                       + "/children");
    std::vector<pid_t> pids;
    for (pid_t pid = 0; list >> pid;)
        pids.push_back(pid);
    return pids;
}

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

// environment: NAME=value sets a variable, NAME= removes it.
Result runCorescope(const QStringList &arguments, const QStringList &environment = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &assignment : environment) {
        const qsizetype equals = assignment.indexOf(u'=');
        const QString name = assignment.left(equals);
        const QString value = assignment.mid(equals + 1);
        if (value.isEmpty()) {
            env.remove(name);
        } else {
            env.insert(name, value);
        }
    }
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CORESCOPE_EXECUTABLE), arguments);
    Result result;
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err =
            QStringLiteral("<timed out or failed to start: %1>").arg(process.errorString());
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.err = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

/// Whether `pid` is blocked in select(2) or pselect6(2): the sleep workload's wait, so a child
/// there is past its start-up (and has asked for its parent's death signal).
bool inSelect(pid_t pid)
{
    std::ifstream syscall("/proc/" + std::to_string(pid) + "/syscall");
    long number = -1;
    syscall >> number;
    return number == SYS_select || number == SYS_pselect6;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exitCodesAndOutput_data();
    void exitCodesAndOutput();
    void convertRoundTrip();
    void ctrlCCancelsAndWritesNothing_data();
    void ctrlCCancelsAndWritesNothing();
    void childrenDieWithTheirParent();
    void recordCtrlCStopsTheProgramAndKeepsTheTrace();

private:
    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QTemporaryDir m_dir;
};

// Real files for the trace subcommands: a recorded sweep (several runs in one file), and the
// damaged and foreign files a user may hand them by mistake.
void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Result sweep = runCorescope(
        {QStringLiteral("sweep"), QStringLiteral("-w"), QStringLiteral("sleep"),
         QStringLiteral("-p"), QStringLiteral("ms=5"), QStringLiteral("--tasks"),
         QStringLiteral("2"), QStringLiteral("--models"), QStringLiteral("serial,threads"),
         QStringLiteral("--workers"), QStringLiteral("1,2"), QStringLiteral("--repeats"),
         QStringLiteral("1"), QStringLiteral("--trace"), file("sweep.cstrace")});
    QVERIFY2(sweep.exitCode == 0, qPrintable(sweep.err));

    QFile trace(file("sweep.cstrace"));
    QVERIFY(trace.open(QIODevice::ReadOnly));
    const QByteArray bytes = trace.readAll();
    const auto write = [&](const char *name, const QByteArray &contents) {
        QFile out(file(name));
        return out.open(QIODevice::WriteOnly) && out.write(contents) == contents.size();
    };
    QVERIFY(write("cut.cstrace", bytes.left(bytes.size() / 2)));
    QVERIFY(write("empty.cstrace", {}));
    QVERIFY(write("notes.txt", "hello, not a trace\n"));
    QVERIFY(write("cut.json", R"([{"ph":"X","name":"a","pid":1,"tid":1,"ts":1,"dur":)"));
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("folder.cstrace")));
}

void TestCommandLine::exitCodesAndOutput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("stdoutContains");
    QTest::addColumn<QStringList>("stderrContains");

    const QString version = QStringLiteral("corescope " CORESCOPE_VERSION "\n");
    const QString usage = QStringLiteral("Usage: corescope [options] [file...]\n");
    // No display of any kind, and nothing telling Qt to go offscreen.
    const QStringList headless{QStringLiteral("DISPLAY="), QStringLiteral("WAYLAND_DISPLAY="),
                               QStringLiteral("QT_QPA_PLATFORM=")};

    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << QStringList() << 0
                               << QStringList{version} << QStringList();
    QTest::newRow("-v without display") << QStringList{QStringLiteral("-v")} << headless << 0
                                        << QStringList{version} << QStringList();
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << headless << 0
                            << QStringList{usage,
                                           QStringLiteral("corescope <subcommand> [arguments...]"),
                                           QStringLiteral("--version"),
                                           QStringLiteral("Subcommands:"),
                                           QStringLiteral("  help ")}
                            << QStringList();
    QTest::newRow("help subcommand")
        << QStringList{QStringLiteral("help")} << headless << 0
        << QStringList{usage, QStringLiteral("Subcommands:")} << QStringList();
    QTest::newRow("help of help") << QStringList{QStringLiteral("help"), QStringLiteral("help")}
                                  << headless << 0
                                  << QStringList{QStringLiteral(
                                         "Usage: corescope help [options] [subcommand]\n")}
                                  << QStringList();
    QTest::newRow("subcommand --help")
        << QStringList{QStringLiteral("help"), QStringLiteral("--help")} << headless << 0
        << QStringList{QStringLiteral("Usage: corescope help [options] [subcommand]\n")}
        << QStringList();
    QTest::newRow("unknown subcommand")
        << QStringList{QStringLiteral("xyz")} << headless << 2 << QStringList()
        << QStringList{QStringLiteral("corescope: unknown subcommand 'xyz'\n"), usage};
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--bogus")} << headless << 2 << QStringList()
        << QStringList{QStringLiteral("corescope: Unknown option 'bogus'.\n"), usage};
    QTest::newRow("subcommand usage error")
        << QStringList{QStringLiteral("help"), QStringLiteral("nope")} << headless << 2
        << QStringList()
        << QStringList{QStringLiteral("corescope help: unknown subcommand 'nope'\n")};
    QTest::newRow("no display") << QStringList() << headless << 1 << QStringList()
                                << QStringList{QStringLiteral("corescope: no display found")};
    // DISPLAY names an X server that does not exist: Qt's fatal error becomes a message.
    QTest::newRow("unreachable display")
        << QStringList{QStringLiteral("a.trace")}
        << QStringList{QStringLiteral("DISPLAY=:4093"), QStringLiteral("WAYLAND_DISPLAY="),
                       QStringLiteral("QT_QPA_PLATFORM=")}
        << 1 << QStringList()
        << QStringList{QStringLiteral("corescope: cannot start the graphical interface")};

    // The engine's subcommands, headless, with real runs kept to tens of milliseconds.
    const auto args = [](const char *line) {
        return QString::fromLatin1(line).split(QLatin1Char(' '));
    };
    QTest::newRow("run --list") << args("run --list") << headless << 0
                                << QStringList{QStringLiteral("factorize (cpu-bound)"),
                                               QStringLiteral("switch_interval_ms = 5 ms")}
                                << QStringList();
    QTest::newRow("run --json") << args("run -w sleep -m threads -p ms=10 --json") << headless << 0
                                << QStringList{QStringLiteral("\"results_ok\": true"),
                                               QStringLiteral("\"capture\": {"),
                                               QStringLiteral("\"io_wait_s\"")}
                                << QStringList();
    QTest::newRow("run in processes")
        << args("run -w factorize -m processes --workers 2 -p repeat=1") << headless << 0
        << QStringList{QStringLiteral("factorize · processes · 2 workers"),
                       QStringLiteral("results verified (5/5 tasks)")}
        << QStringList();
    QTest::newRow("run: zero workers")
        << args("run -w sleep -m threads --workers 0") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("workers: 0 is out of range")};
    QTest::newRow("run: unknown workload")
        << args("run -w nope -m threads") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("workload: unknown name 'nope'")};
    QTest::newRow("run: bad param")
        << args("run -w sleep -m threads --param ms") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("is not of the form key=value")};
    QTest::newRow("run: bad capture")
        << args("run -w sleep -m threads --capture magic") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("unknown method 'magic'")};
    // A stray word is refused by every subcommand that takes no arguments, not ignored.
    QTest::newRow("demo: stray argument")
        << args("demo results") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("corescope demo: unexpected argument 'results'")};
    QTest::newRow("presets: stray argument")
        << args("presets factorize") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("corescope presets: unexpected argument 'factorize'")};
    QTest::newRow("run: stray argument")
        << args("run -w sleep -m threads now") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("corescope run: unexpected argument 'now'")};
    QTest::newRow("presets") << args("presets") << headless << 0
                             << QStringList{QStringLiteral("[factorize]"),
                                            QStringLiteral("[io-sweep]"),
                                            QStringLiteral("Predict:")}
                             << QStringList();
    QTest::newRow("sweep --json") << args(
        "sweep -w sleep -p ms=10 --tasks 4 --models serial,threads --workers 1,4 "
        "--repeats 1 --json") << headless
                                  << 0
                                  << QStringList{QStringLiteral("\"amdahl\""),
                                                 QStringLiteral("\"karp_flatt\"")}
                                  << QStringList();
    // Text subcommands start a QCoreApplication, which loads no platform plugin: a platform that
    // does not exist is no obstacle (QGuiApplication would abort on it).
    const QStringList noSuchPlatform{QStringLiteral("QT_QPA_PLATFORM=no-such-platform")};
    QTest::newRow("run needs no platform plugin")
        << args("run -w sleep -m threads -p ms=5 --json") << noSuchPlatform << 0
        << QStringList{QStringLiteral("\"results_ok\": true")} << QStringList();
    QTest::newRow("sweep --json needs no platform plugin")
        << args("sweep -w sleep -p ms=5 --tasks 2 --models serial,threads --workers 1,2 "
                "--repeats 1 --json")
        << noSuchPlatform << 0 << QStringList{QStringLiteral("\"serial_median_s\"")}
        << QStringList();
    QTest::newRow("sweep: not a sweep preset")
        << args("sweep --preset factorize") << headless << 2 << QStringList()
        << QStringList{QStringLiteral("'factorize' is not a sweep preset")};

    // Trace files: exit 1 and a message naming the file when it cannot be read, exit 2 when the
    // command line itself is wrong.
    const auto trace = [&](const char *subcommand, const char *name, const char *message,
                           const QStringList &more = {}) {
        const QString path = file(name);
        const QString row =
            QStringLiteral("%1: %2").arg(QLatin1String(subcommand), QLatin1String(message));
        QTest::newRow(qPrintable(row))
            << QStringList{QLatin1String(subcommand), path} + more << headless << 1 << QStringList()
            << QStringList{path + QStringLiteral(": ") + QLatin1String(message)};
    };
    for (const char *subcommand : {"info", "convert"}) {
        const QStringList out = QString::fromLatin1(subcommand) == QLatin1String("convert")
                                    ? QStringList{file("out.json")}
                                    : QStringList();
        trace(subcommand, "missing.cstrace", "no such file", out);
        trace(subcommand, "folder.cstrace", "is a directory, not a trace file", out);
        trace(subcommand, "notes.txt",
              "not a trace file: neither a CoreScope trace nor JSON (it starts with 68 65 6c", out);
        trace(subcommand, "empty.cstrace", "the file is empty", out);
        trace(subcommand, "cut.cstrace", "truncated: the file ends at byte", out);
        trace(subcommand, "cut.json", "traceEvents: malformed or cut-short JSON in event #0", out);
    }
    QTest::newRow("info: a real trace")
        << QStringList{QStringLiteral("info"), file("sweep.cstrace")} << headless << 0
        << QStringList{file("sweep.cstrace") + QStringLiteral(": CoreScope trace, 3 runs\n"),
                       QStringLiteral("run 3: sleep · threads · 2 workers")}
        << QStringList();
    QTest::newRow("info --json") << QStringList{QStringLiteral("info"), QStringLiteral("--json"),
                                                file("sweep.cstrace")}
                                 << headless << 0
                                 << QStringList{QStringLiteral("\"warning_count\": 0"),
                                                QStringLiteral("\"span_s\": "),
                                                QStringLiteral("\"tasks_done\": 2"),
                                                QStringLiteral("\"serial_median_s\"")}
                                 << QStringList();
    QTest::newRow("info: two files")
        << QStringList{QStringLiteral("info"), file("sweep.cstrace"), file("sweep.cstrace")}
        << headless << 2 << QStringList()
        << QStringList{QStringLiteral("corescope info: one file at a time, please")};
    QTest::newRow("convert: unknown --flavour")
        << QStringList{QStringLiteral("convert"), QStringLiteral("--flavour"),
                       QStringLiteral("chrome"), file("sweep.cstrace"), file("out.json")}
        << headless << 2 << QStringList()
        << QStringList{QStringLiteral("--flavour: 'chrome' is neither perfetto nor portable")};
    QTest::newRow("convert: unknown extension")
        << QStringList{QStringLiteral("convert"), file("sweep.cstrace"), file("out.txt")}
        << headless << 2 << QStringList()
        << QStringList{QStringLiteral("'%1' must end in .cstrace or .json").arg(file("out.txt"))};
    QTest::newRow("record: the program's exit status")
        << QStringList{QStringLiteral("record"), QStringLiteral("--"), QStringLiteral("/bin/sh"),
                       QStringLiteral("-c"), QStringLiteral("exit 3")}
        << headless << 3 << QStringList{QStringLiteral("program exited with status 3")}
        << QStringList();
    QTest::newRow("record: a command that cannot start")
        << QStringList{QStringLiteral("record"), QStringLiteral("--"),
                       QStringLiteral("corescope-no-such-program")}
        << headless << 127 << QStringList()
        << QStringList{QStringLiteral("cannot start 'corescope-no-such-program': cannot run it")};
    QTest::newRow("record: no command")
        << QStringList{QStringLiteral("record")} << headless << 2 << QStringList()
        << QStringList{QStringLiteral("no program to record")};
    QTest::newRow("record: unknown capture")
        << QStringList{QStringLiteral("record"), QStringLiteral("--capture"),
                       QStringLiteral("psychic"), QStringLiteral("--"), QStringLiteral("/bin/true")}
        << headless << 2 << QStringList()
        << QStringList{
               QStringLiteral("unknown capture 'psychic' (expected auto, perf or sampling)")};
    QTest::newRow("record --json")
        << QStringList{QStringLiteral("record"), QStringLiteral("--json"),
                       QStringLiteral("--no-python"), QStringLiteral("--"),
                       QStringLiteral("/bin/true")}
        << headless << 0
        << QStringList{QStringLiteral("\"model\": \"recorded\""), QStringLiteral("\"blocked_s\"")}
        << QStringList();
    QTest::newRow("convert: no output")
        << QStringList{QStringLiteral("convert"), file("sweep.cstrace")} << headless << 2
        << QStringList() << QStringList{QStringLiteral("expected an input and an output file")};
}

void TestCommandLine::exitCodesAndOutput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(int, exitCode);
    QFETCH(QStringList, stdoutContains);
    QFETCH(QStringList, stderrContains);

    const Result result = runCorescope(arguments, environment);
    const QByteArray context =
        "stdout:\n" + result.out.toLocal8Bit() + "\nstderr:\n" + result.err.toLocal8Bit();
    QVERIFY2(result.exitCode == exitCode, context.constData());
    for (const QString &expected : std::as_const(stdoutContains)) {
        QVERIFY2(result.out.contains(expected), context.constData());
    }
    for (const QString &expected : std::as_const(stderrContains)) {
        QVERIFY2(result.err.contains(expected), context.constData());
    }
    if (stderrContains.isEmpty()) {
        QVERIFY2(result.err.isEmpty(), context.constData());
    }
    if (stdoutContains.isEmpty()) {
        QVERIFY2(result.out.isEmpty(), context.constData());
    }
    if (arguments.contains(QLatin1String("--version")) || arguments.contains(QLatin1String("-v"))) {
        QCOMPARE(result.out, QStringLiteral("corescope " CORESCOPE_VERSION "\n"));
    }
}

// .cstrace → JSON → .cstrace keeps every run; the refused conversions above wrote nothing.
void TestCommandLine::convertRoundTrip()
{
    const QString original = file("sweep.cstrace");
    const QString json = file("round-trip.json");
    const QString back = file("round-trip.cstrace");
    const QList<std::pair<QStringList, QString>> steps{
        {{QStringLiteral("convert"), original, json},
         QStringLiteral("Wrote %1 (3 runs).\n").arg(json)},
        {{QStringLiteral("convert"), json, back}, QStringLiteral("Wrote %1 (3 runs).\n").arg(back)},
        {{QStringLiteral("info"), back}, back + QStringLiteral(": CoreScope trace, 3 runs\n")}};
    for (const auto &[arguments, printed] : steps) {
        const Result result = runCorescope(arguments);
        const QByteArray context = arguments.join(u' ').toLocal8Bit() + "\nstdout:\n"
                                   + result.out.toLocal8Bit() + "\nstderr:\n"
                                   + result.err.toLocal8Bit();
        QVERIFY2(result.exitCode == 0 && result.err.isEmpty(), context.constData());
        QVERIFY2(result.out.contains(printed), context.constData());
    }
    // What each run says of itself survives too, not only how many there are.
    const auto runLines = [](const QString &path) {
        QStringList lines = runCorescope({QStringLiteral("info"), path}).out.split(u'\n');
        lines.removeFirst(); // names the file
        return lines;
    };
    QCOMPARE(runLines(back), runLines(original));

    QVERIFY(!QFile::exists(file("out.json")));
    QVERIFY(!QFile::exists(file("out.txt")));
}

// Ctrl+C stops the subcommands that draw as it stops `run`: exit code 130, a message, and no
// file left behind, neither a finished picture nor a temporary one.
void TestCommandLine::ctrlCCancelsAndWritesNothing_data()
{
    QTest::addColumn<QStringList>("arguments"); // OUT stands for the output folder
    QTest::newRow("demo") << QStringList{QStringLiteral("demo"), QStringLiteral("-o"),
                                         QStringLiteral("OUT")};
    QTest::newRow("export --run") << QStringList{
        QStringLiteral("export"),
        QStringLiteral("--run"),
        QStringLiteral("workload=sleep,model=threads,tasks=2,ms=60000"),
        QStringLiteral("--png"),
        QStringLiteral("OUT/t.png"),
        QStringLiteral("--svg"),
        QStringLiteral("OUT/t.svg")};
}

void TestCommandLine::ctrlCCancelsAndWritesNothing()
{
    QFETCH(QStringList, arguments);
    QTemporaryDir out;
    QVERIFY(out.isValid());
    arguments.replaceInStrings(QStringLiteral("OUT"), out.path());

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CORESCOPE_EXECUTABLE), arguments);
    QVERIFY(process.waitForStarted(kTimeoutMs));
    const auto killer = qScopeGuard([&] { // not left behind when a check fails
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
    });
    QVERIFY(QTest::qWaitFor(
        [&] { return corescope::RecordFixtures::blocksSigint(process.processId()); }, kTimeoutMs));
    QCOMPARE(kill(pid_t(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(kTimeoutMs));
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 130, err.constData());
    QVERIFY2(err.contains(": interrupted: "), err.constData());
    const QStringList left =
        QDir(out.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u' ')));
}

// Ctrl+C while recording: the program is stopped (with what it started), the partial recording
// is saved, and record exits 130.
void TestCommandLine::recordCtrlCStopsTheProgramAndKeepsTheTrace()
{
    QTemporaryDir out;
    const QString trace = out.filePath(QStringLiteral("partial.cstrace"));
    QProcess process;
    process.start(QStringLiteral(CORESCOPE_EXECUTABLE),
                  {QStringLiteral("record"), QStringLiteral("--no-python"),
                   QStringLiteral("--trace"), trace, QStringLiteral("--"),
                   QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                   QStringLiteral("sleep 60 & wait")});
    QVERIFY(process.waitForStarted(kTimeoutMs));
    const auto killer = qScopeGuard([&] {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
    });
    QVERIFY(QTest::qWaitFor(
        [&] { return corescope::RecordFixtures::blocksSigint(process.processId()); }, kTimeoutMs));
    QCOMPARE(kill(pid_t(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(kTimeoutMs));
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(process.exitCode() == 130, output.constData());
    QVERIFY2(QFileInfo(trace).size() > 0, output.constData());
    // Nothing of the program is left: the recorder was its reaper and stopped the sleep.
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), QStringLiteral("^sleep 60$")});
    QVERIFY(pgrep.waitForFinished(kTimeoutMs));
    QCOMPARE(pgrep.exitCode(), 1);
}

QTEST_GUILESS_MAIN(TestCommandLine)
// The processes model's children must not outlive a parent that is killed outright (no chance
// to cancel): each asks the kernel for SIGKILL when its parent dies. This test adopts the
// orphans (a subreaper) so that it can see how they ended.
void TestCommandLine::childrenDieWithTheirParent()
{
    QCOMPARE(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    const auto notSubreaper = qScopeGuard([] { prctl(PR_SET_CHILD_SUBREAPER, 0); });
    std::vector<std::string> words{
        CORESCOPE_EXECUTABLE, "run", "-w",      "sleep", "-m", "processes",
        "--workers",          "4",   "--tasks", "4",     "-p", "ms=60000"};
    std::vector<char *> argv;
    for (std::string &word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    pid_t parent = 0;
    QCOMPARE(posix_spawn(&parent, CORESCOPE_EXECUTABLE, nullptr, nullptr, argv.data(), environ), 0);

    // Killed only once every child is at work: one still starting would see its parent gone and
    // leave by itself, which proves nothing about the death signal.
    std::vector<pid_t> children;
    const auto working = [&] {
        children = childrenOf(parent);
        return children.size() == 4 && std::all_of(children.begin(), children.end(), inSelect);
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!working() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    QCOMPARE(children.size(), size_t(4));
    QVERIFY(std::all_of(children.begin(), children.end(), inSelect));

    QCOMPARE(kill(parent, SIGKILL), 0);
    int status = 0;
    QCOMPARE(waitpid(parent, &status, 0), parent);
    const auto killedAt = std::chrono::steady_clock::now();
    QStringList survivors;
    for (pid_t child : children) {
        pid_t reaped = 0;
        while ((reaped = waitpid(child, &status, WNOHANG)) == 0
               && std::chrono::steady_clock::now() - killedAt < std::chrono::seconds(2))
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (reaped != child) {
            survivors << QString::number(child);
            kill(child, SIGKILL); // not left behind when the check fails
            waitpid(child, nullptr, 0);
        } else if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
            survivors << QStringLiteral("%1 (status %2)").arg(child).arg(status);
        }
    }
    QVERIFY2(survivors.isEmpty(),
             qPrintable(QStringLiteral("outlived their parent: ") + survivors.join(u' ')));
}

#include "tst_commandline.moc"
