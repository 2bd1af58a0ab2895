// SPDX-License-Identifier: MIT
// `corescope record` given bad input and faulty programs, through the real executable: commands
// that cannot start, crashes, failures, bursts of children, daemons and programs that ignore
// Ctrl+C. Each says what happened, exits as a shell would, keeps its trace, and leaves nothing
// running: every program carries a marker in its environment, and /proc is searched for it.
#include "recordfixtures.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

constexpr int kTimeoutMs = 20000;
constexpr const char *kPython = "/usr/bin/python3";
constexpr const char *kMarkerVariable = "CORESCOPE_RECORD_FAULTS_MARKER";

/// Fails with a core dump of its own making: a read through a null pointer.
constexpr const char *kCrash = "import ctypes\nctypes.string_at(0)\n";

/// 64 children at once, each of which computes a little and exits; their pids go to argv[1].
constexpr const char *kBurst = R"(import os, sys
children = []
for _ in range(64):
    pid = os.fork()
    if pid == 0:
        sum(range(20000))
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
open(sys.argv[1], "w").write(" ".join(map(str, children)))
)";

/// A daemon, double-forked into a session of its own, that would sleep for a minute after its
/// program ends; its pid goes to argv[1] before the program exits.
constexpr const char *kDaemon = R"(import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        with open(sys.argv[1] + ".part", "w") as out:
            out.write(str(os.getpid()))
        os.rename(sys.argv[1] + ".part", sys.argv[1])
        time.sleep(60)
        os._exit(0)
    os._exit(0)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.005)
)";

/// Deaf to Ctrl+C; says when it is, in argv[1].
constexpr const char *kIgnoresSigint = R"(import signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
open(sys.argv[1], "w").close()
time.sleep(60)
)";

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject report; ///< with --json
};

/// The processes whose environment holds `marker`, from /proc.
QList<pid_t> processesMarked(const QByteArray &marker)
{
    const QByteArray variable = kMarkerVariable + ('=' + marker);
    QList<pid_t> found;
    DIR *proc = opendir("/proc");
    if (!proc)
        return found;
    while (const dirent *entry = readdir(proc)) {
        char *end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
            continue;
        QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
        if (!environ.open(QIODevice::ReadOnly))
            continue;
        // Each variable ends in a NUL.
        const QByteArray all = '\0' + environ.readAll();
        if (all.contains(QByteArray('\0' + variable + '\0')))
            found << pid_t(pid);
    }
    closedir(proc);
    return found;
}

bool perfAllowed()
{
    int paranoid = 3;
    std::ifstream("/proc/sys/kernel/perf_event_paranoid") >> paranoid;
    return paranoid <= 2 || geteuid() == 0;
}

/// The report's problems with the recording; other programs on the cores (the tests beside this
/// one, under ctest -j) say nothing about it.
QStringList problemsOf(const QJsonObject &report)
{
    QStringList out;
    for (const QJsonValue &problem : report.value(QStringLiteral("problems")).toArray()) {
        if (!problem.toString().contains(QLatin1String("busy with other programs")))
            out << problem.toString();
    }
    return out;
}

bool anyStartsWith(const QStringList &lines, const QString &prefix)
{
    return std::any_of(lines.begin(), lines.end(),
                       [&](const QString &line) { return line.startsWith(prefix); });
}

} // namespace

class TestRecordFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void aFaultIsReportedAndTheTraceKept_data();
    void aFaultIsReportedAndTheTraceKept();
    void aBurstOfChildrenIsRecordedWhole();
    void aDaemonLeftBehindIsStoppedAndCounted();
    void aProgramDeafToCtrlCIsStoppedAfterTheGracePeriod();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString script(const QString &name, const char *text, bool executable = false) const;
    /// Starts `corescope record --json --trace <trace> -- command…` with the marker set.
    void startRecord(QProcess &process, const QStringList &command) const;
    Outcome finished(QProcess &process) const;
    Outcome record(const QStringList &command) const;
    /// The trace loads with `corescope info`, which shows `problem` (if any) among its problems.
    void verifyTraceKeeps(const QString &problem) const;
    /// Nothing marked is running (the recorder ended everything); fails naming what is, after
    /// killing it.
    void verifyNothingLeftRunning() const;

    QTemporaryDir m_dir;
    QByteArray m_marker;
    QString m_trace;
};

void TestRecordFaults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!QFile::exists(QString::fromLatin1(kPython)))
        QSKIP("Debian's python3 is not installed");
}

void TestRecordFaults::init()
{
    // Unique to this test process and this test function (and row).
    m_marker = QByteArray::number(getpid()) + '-' + QTest::currentTestFunction() + '-'
               + (QTest::currentDataTag() ? QTest::currentDataTag() : "");
    m_marker.replace(' ', '_');
    m_trace = path(QString::fromLatin1(m_marker) + QStringLiteral(".cstrace"));
}

void TestRecordFaults::cleanup()
{
    // Whatever a failed check left behind is not left for the next one.
    for (const pid_t pid : processesMarked(m_marker))
        kill(pid, SIGKILL);
}

QString TestRecordFaults::script(const QString &name, const char *text, bool executable) const
{
    QFile file(path(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text);
    file.setPermissions(executable ? file.permissions() | QFileDevice::ExeOwner
                                   : file.permissions()
                                         & ~(QFileDevice::ExeOwner | QFileDevice::ExeGroup
                                             | QFileDevice::ExeOther));
    return file.fileName();
}

void TestRecordFaults::startRecord(QProcess &process, const QStringList &command) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kMarkerVariable), QString::fromLatin1(m_marker));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral(CORESCOPE_EXECUTABLE),
                  QStringList{QStringLiteral("record"), QStringLiteral("--json"),
                              QStringLiteral("--trace"), m_trace, QStringLiteral("--")}
                      + command);
}

Outcome TestRecordFaults::finished(QProcess &process) const
{
    Outcome outcome;
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        outcome.err = "<timed out>";
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    outcome.report = QJsonDocument::fromJson(outcome.out).object();
    return outcome;
}

Outcome TestRecordFaults::record(const QStringList &command) const
{
    QProcess process;
    startRecord(process, command);
    return finished(process);
}

void TestRecordFaults::verifyTraceKeeps(const QString &problem) const
{
    QProcess info;
    info.start(QStringLiteral(CORESCOPE_EXECUTABLE), {QStringLiteral("info"), m_trace});
    QVERIFY(info.waitForFinished(kTimeoutMs));
    const QString out = QString::fromUtf8(info.readAllStandardOutput());
    QVERIFY2(info.exitCode() == 0,
             qPrintable(out + QString::fromUtf8(info.readAllStandardError())));
    QVERIFY2(out.contains(QStringLiteral(": CoreScope trace, 1 run")), qPrintable(out));
    if (!problem.isEmpty())
        QVERIFY2(out.contains(QStringLiteral("  problem: ") + problem), qPrintable(out));
}

void TestRecordFaults::verifyNothingLeftRunning() const
{
    QList<pid_t> left;
    // The recorder reaps what it stops before it exits; the wait only covers a slow /proc.
    const bool none = QTest::qWaitFor(
        [&] {
            left = processesMarked(m_marker);
            return left.isEmpty();
        },
        2000);
    QStringList named;
    for (const pid_t pid : left) {
        std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
        std::string line;
        std::getline(cmdline, line, '\0');
        named << QStringLiteral("%1 (%2)").arg(pid).arg(QString::fromStdString(line));
        kill(pid, SIGKILL);
    }
    QVERIFY2(none,
             qPrintable(QStringLiteral("still running: ") + named.join(QStringLiteral(", "))));
}

void TestRecordFaults::aFaultIsReportedAndTheTraceKept_data()
{
    QTest::addColumn<QString>("program"); // a script written into the test's folder, or a name
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("viaPython");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); // on stderr, or the report's problem
    const QByteArray noScript;

    QTest::newRow("no such command")
        << "corescope-no-such-program" << noScript << false << 127
        << "cannot start 'corescope-no-such-program': cannot run it: No such file or directory";
    QTest::newRow("a file without the execute bit")
        << "not-executable.sh" << QByteArray("#!/bin/sh\nexit 0\n") << false << 126
        << "cannot start './not-executable.sh': cannot run it: Permission denied (it is not "
           "executable";
    QTest::newRow("a folder") << "FOLDER" << noScript << false << 126
                              << "cannot start './a-folder': cannot run it: Permission denied "
                                 "(it is a folder)";
    QTest::newRow("a crash (SIGSEGV)") << "crash.py" << QByteArray(kCrash) << true << 128 + 11
                                       << "the program was killed by SIGSEGV (Segmentation fault)";
    QTest::newRow("a non-zero status") << "fails.sh" << QByteArray("exit 42\n") << false << 42
                                       << "the program exited with status 42";
}

void TestRecordFaults::aFaultIsReportedAndTheTraceKept()
{
    QFETCH(QString, program);
    QFETCH(QByteArray, text);
    QFETCH(bool, viaPython);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QStringList command{program};
    if (program == QLatin1String("FOLDER")) {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("a-folder")));
        command = {QStringLiteral("./a-folder")};
    } else if (!text.isEmpty()) {
        QVERIFY(!script(program, text.constData()).isEmpty());
        command = viaPython ? QStringList{QString::fromLatin1(kPython), program}
                  : program.startsWith(u"not-exec")
                      ? QStringList{QStringLiteral("./") + program}
                      : QStringList{QStringLiteral("/bin/sh"), program};
    }
    const Outcome outcome = record(command);
    QVERIFY2(outcome.exitCode == exitCode, outcome.err.constData());
    const bool started = exitCode != 126 && exitCode != 127;
    if (started) {
        QVERIFY2(anyStartsWith(problemsOf(outcome.report), message), outcome.out.constData());
        if (exitCode > 128)
            QCOMPARE(outcome.report[QStringLiteral("params")][QStringLiteral("exit")].toString(),
                     message.mid(QStringLiteral("the program was ").size()));
    } else {
        QVERIFY2(outcome.err.startsWith((QStringLiteral("corescope record: ") + message).toUtf8()),
                 outcome.err.constData());
        QVERIFY2(outcome.out.isEmpty(), outcome.out.constData());
    }
    verifyTraceKeeps(message);
    verifyNothingLeftRunning();
}

void TestRecordFaults::aBurstOfChildrenIsRecordedWhole()
{
    if (!perfAllowed())
        QSKIP("kernel.perf_event_paranoid is above 2: a sampled burst would miss children");
    const QString pids = path(QStringLiteral("burst.pids"));
    const Outcome outcome =
        record({QString::fromLatin1(kPython), script(QStringLiteral("burst.py"), kBurst), pids});
    QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
    QCOMPARE(outcome.report[QStringLiteral("capture")][QStringLiteral("method")].toString(),
             QStringLiteral("perf"));
    QCOMPARE(outcome.report[QStringLiteral("dropped_events")].toInt(-1), 0);
    QVERIFY2(problemsOf(outcome.report).isEmpty(),
             qPrintable(problemsOf(outcome.report).join(u'\n')));

    QFile list(pids);
    QVERIFY(list.open(QIODevice::ReadOnly));
    QSet<qint64> children;
    for (const QByteArray &pid : list.readAll().split(' '))
        children << pid.toLongLong();
    QCOMPARE(children.size(), 64);

    // Every child has its lane, as a child process named after the command that forked it
    // (most end before their command line can be read).
    QSet<qint64> recorded;
    for (const QJsonValue &value : outcome.report[QStringLiteral("threads")].toArray()) {
        const QJsonObject thread = value.toObject();
        const qint64 pid = thread[QStringLiteral("pid")].toInteger();
        if (!children.contains(pid))
            continue;
        recorded << pid;
        QCOMPARE(thread[QStringLiteral("role")].toString(), QStringLiteral("child-process"));
        QVERIFY2(thread[QStringLiteral("on_cpu_s")].toDouble() > 0,
                 qPrintable(QString::number(pid)));
        const QString name = thread[QStringLiteral("name")].toString();
        QVERIFY2(name.endsWith(QStringLiteral("burst.py ") + pids), qPrintable(name));
    }
    QCOMPARE(recorded, children);
    verifyTraceKeeps(QString()); // no problems to show: it loads
    verifyNothingLeftRunning();
}

void TestRecordFaults::aDaemonLeftBehindIsStoppedAndCounted()
{
    const QString pidFile = path(QStringLiteral("daemon.pid"));
    const Outcome outcome = record(
        {QString::fromLatin1(kPython), script(QStringLiteral("daemon.py"), kDaemon), pidFile});
    QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray daemon = file.readAll().trimmed();
    QVERIFY(daemon.toInt() > 0);
    const QString problem = QStringLiteral("1 process it left running was stopped: %1 (")
                                .arg(QString::fromLatin1(daemon));
    QVERIFY2(anyStartsWith(problemsOf(outcome.report), problem), outcome.out.constData());
    QCOMPARE(
        outcome.report[QStringLiteral("params")][QStringLiteral("leftovers stopped")].toString(),
        QStringLiteral("1"));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/") + QString::fromLatin1(daemon)));
    verifyTraceKeeps(problem);
    verifyNothingLeftRunning();
}

void TestRecordFaults::aProgramDeafToCtrlCIsStoppedAfterTheGracePeriod()
{
    const QString ready = path(QStringLiteral("deaf.ready"));
    QProcess process;
    startRecord(process, {QString::fromLatin1(kPython),
                          script(QStringLiteral("deaf.py"), kIgnoresSigint), ready});
    QVERIFY(process.waitForStarted(kTimeoutMs));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return QFileInfo::exists(ready)
                   && corescope::RecordFixtures::blocksSigint(process.processId());
        },
        kTimeoutMs));
    // The scan that says nothing is left sees them while they run: the recorder and its program.
    QVERIFY(processesMarked(m_marker).size() >= 2);
    QElapsedTimer sinceCtrlC;
    sinceCtrlC.start();
    QCOMPARE(kill(pid_t(process.processId()), SIGINT), 0);
    const Outcome outcome = finished(process);
    const qint64 tookMs = sinceCtrlC.elapsed();
    qInfo("Ctrl+C to exit: %lld ms", tookMs);
    QVERIFY2(outcome.exitCode == 130, outcome.err.constData());
    // The grace period (2 s) passed first: it was not killed at once.
    QVERIFY2(tookMs >= 1900, qPrintable(QString::number(tookMs)));
    QVERIFY(outcome.report[QStringLiteral("cancelled")].toBool());
    const QString problem =
        QStringLiteral("it did not end when asked to stop (SIGINT), so the recorder stopped it");
    QVERIFY2(problemsOf(outcome.report).contains(problem), outcome.out.constData());
    verifyTraceKeeps(problem);
    verifyNothingLeftRunning();
}

QTEST_GUILESS_MAIN(TestRecordFaults)
#include "tst_recordfaults.moc"
