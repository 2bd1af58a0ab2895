// SPDX-License-Identifier: MIT
// Recording a real program into a Trace: lanes named as Python named them, GIL lanes from the
// GIL library, the sampling fallback, and how a program that fails, crashes or cannot start is
// reported.
#include "record/programrecorder.h"
#include "record/programtrace.h"
#include "recordfixtures.h"
#include "trace/kinds.h"

#include "recordfixtures.h"
#include "tracefixtures.h"

#include <QFile>
#include <QTest>

#include <algorithm>

using namespace corescope;

namespace {

constexpr const char *kPython = RecordFixtures::kPython;

RecordOptions optionsFor(std::vector<std::string> argv)
{
    RecordOptions options;
    options.program.argv = std::move(argv);
    options.gilLibrary = CORESCOPE_GIL_LIBRARY;
    options.pythonHelper = CORESCOPE_PYTHON_HELPER;
    options.program.outputFile = "/dev/null";
    return options;
}

std::string example(const char *script)
{
    return std::string(CORESCOPE_EXAMPLES) + "/" + script;
}

const ThreadInfo *threadNamed(const Trace &trace, const std::string &name)
{
    const auto &threads = trace.threads();
    const auto it = std::find_if(threads.begin(), threads.end(),
                                 [&](const ThreadInfo &t) { return t.name == name; });
    return it == threads.end() ? nullptr : &*it;
}

TimeNs timeIn(const Trace &trace, ThreadState state)
{
    TimeNs total = 0;
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        const ThreadStates &s = trace.statesOf(t);
        for (size_t i = 0; i < s.size(); ++i)
            total += s.state[i] == state ? s.end[i] - s.begin[i] : 0;
    }
    return total;
}

} // namespace

class TestProgramRecorder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QString::fromLatin1(kPython)))
            QSKIP("Debian's python3 is not installed");
    }

    void threadsOnTheGil()
    {
        if (!RecordFixtures::perfAllowed())
            QSKIP("kernel.perf_event_paranoid is above 2");
        const auto recording =
            RecordFixtures::recordToEnd(optionsFor({kPython, example("counting.py"), "threads"}));
        QVERIFY2(recording.ok(), recording.ok() ? "" : recording.error().c_str());
        const Trace &trace = recording.value().trace;
        const TraceMetadata &m = trace.metadata();
        QCOMPARE(m.captureMethod, std::string("perf"));
        QCOMPARE(m.model, std::string("recorded"));
        QVERIFY(m.resultsOk);
        QVERIFY2(m.problems.empty(), m.problems.empty() ? "" : m.problems.front().c_str());

        // The program's lanes: its main thread by its command line, its threads by Python.
        const ThreadInfo *main =
            threadNamed(trace, kPython + (" " + example("counting.py")) + " threads");
        QVERIFY(main);
        QCOMPARE(main->role, ThreadRole::Engine);
        for (const char *name : {"counter 1", "counter 2"}) {
            const ThreadInfo *counter = threadNamed(trace, name);
            QVERIFY2(counter, name);
            QCOMPARE(counter->role, ThreadRole::Worker);
        }
        // GIL lanes: holds, hand-offs and waits, as the simulated model draws them.
        QVERIFY(trace.spanCount() > 10);
        QVERIFY(std::any_of(trace.markers().begin(), trace.markers().end(),
                            [](const Marker &mk) { return mk.kind == MarkerKind::GilHandoff; }));
        QVERIFY(timeIn(trace, ThreadState::GilWait) > 100'000'000);
        QVERIFY(trace.sliceCount() > 0);
        // Moves between cores come from the one reconstruction, as our own threads' do.
        const std::string misplaced = TraceFixtures::misplacedMigrations(trace);
        QVERIFY2(misplaced.empty(), misplaced.c_str());
    }

    void processesAreNamedAndStriped()
    {
        if (!RecordFixtures::perfAllowed())
            QSKIP("kernel.perf_event_paranoid is above 2");
        const auto recording = RecordFixtures::recordToEnd(
            optionsFor({kPython, example("orders_and_chai.py"), "processes"}));
        QVERIFY(recording.ok());
        const Trace &trace = recording.value().trace;
        for (const char *name : {"chai pot 1", "chai pot 2", "chai pot 3"}) {
            const ThreadInfo *pot = threadNamed(trace, name);
            QVERIFY2(pot, name);
            QCOMPARE(pot->role, ThreadRole::ChildProcess);
        }
        // Brewing is sleeping: off the cores, blocked for a reason the kernel does not name.
        QVERIFY(timeIn(trace, ThreadState::Blocked) > 2'000'000'000);
    }

    void theFallbackSamplesAndSaysSo()
    {
        qputenv("CORESCOPE_PRETEND_NO_PERF", "1");
        const auto recording =
            RecordFixtures::recordToEnd(optionsFor({kPython, example("counting.py"), "threads"}));
        qunsetenv("CORESCOPE_PRETEND_NO_PERF");
        QVERIFY(recording.ok());
        const Trace &trace = recording.value().trace;
        QCOMPARE(trace.metadata().captureMethod, std::string("sampling"));
        QCOMPARE(trace.metadata().capturePrecisionNs, int64_t(2'000'000));
        QVERIFY(std::any_of(trace.metadata().problems.begin(), trace.metadata().problems.end(),
                            [](const std::string &p) {
                                return p.find("perf_event_paranoid=2") != std::string::npos;
                            }));
        QVERIFY(threadNamed(trace, "counter 1"));
        QVERIFY(trace.sliceCount() > 10);
    }

    void perfRefusedIsAnErrorWhenAskedFor()
    {
        qputenv("CORESCOPE_PRETEND_NO_PERF", "1");
        RecordOptions options = optionsFor({"/bin/true"});
        options.capture = RecordCapture::Perf;
        const auto recorder = ProgramRecorder::prepare(options);
        qunsetenv("CORESCOPE_PRETEND_NO_PERF");
        QVERIFY(!recorder.ok());
        QVERIFY(QString::fromStdString(recorder.error())
                    .contains(QStringLiteral("--capture sampling")));
    }

    void howItEnded_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("problem");
        QTest::newRow("success") << "exit 0" << 0 << QString();
        QTest::newRow("non-zero status") << "exit 3" << 3 << "the program exited with status 3";
        QTest::newRow("crash") << "kill -SEGV $$" << 128 + 11
                               << "the program was killed by SIGSEGV";
        QTest::newRow("a daemon left behind")
            << "(sleep 30 &) ; exit 0" << 0 << "1 process it left running was stopped";
    }
    void howItEnded()
    {
        QFETCH(QString, script);
        QFETCH(int, status);
        QFETCH(QString, problem);
        RecordOptions options = optionsFor({"/bin/sh", "-c", script.toStdString()});
        options.python = false;
        options.capture = RecordCapture::Sampling; // also where the kernel would allow records
        const auto recording = RecordFixtures::recordToEnd(options);
        QVERIFY(recording.ok());
        QVERIFY(recording.value().recording.exit);
        QCOMPARE(recording.value().recording.exit->shellStatus(), status);
        const Trace &trace = recording.value().trace;
        QCOMPARE(trace.metadata().resultsOk, status == 0);
        if (!problem.isEmpty())
            QVERIFY2(std::any_of(trace.metadata().problems.begin(), trace.metadata().problems.end(),
                                 [&](const std::string &p) {
                                     return QString::fromStdString(p).startsWith(problem);
                                 }),
                     qPrintable(problem));
    }

    void aCommandThatCannotStartIsNamed()
    {
        const auto recorder = ProgramRecorder::prepare(optionsFor({"corescope-no-such-program"}));
        QVERIFY(recorder.ok());
        const Status started = recorder.value()->begin();
        QVERIFY(!started.ok());
        QCOMPARE(QString::fromStdString(started.error()),
                 QStringLiteral("cannot start 'corescope-no-such-program': cannot run it: No such "
                                "file or directory"));
    }
};

QTEST_GUILESS_MAIN(TestProgramRecorder)
#include "tst_programrecorder.moc"
