// SPDX-License-Identifier: MIT
// The assembler on decoded events, without JSON: other tools' lanes become threads with named
// spans, our own lanes are read by category (threads, states tracks, CPU lanes, markers),
// sched_switch records become slices and states, and what it cannot use is counted or warned
// about with the event's number and byte.

#include "tracefixtures.h"

#include "trace/chrometraceassembler.h"

#include <QtTest>

#include <functional>

using namespace corescope;

namespace {

using Feed = std::function<void(ChromeTraceAssembler &)>;

ChromeTraceEvent chromeEvent(char phase, std::string_view name, int64_t pid, int64_t tid, TimeNs ts,
                             TimeNs dur = -1)
{
    ChromeTraceEvent e;
    e.phase = phase;
    e.name = name;
    e.pid = {pid, true, false, {}};
    e.tid = {tid, true, false, {}};
    e.ts = ts;
    e.hasTs = true;
    if (dur >= 0) {
        e.dur = dur;
        e.hasDur = true;
    }
    return e;
}

/// An M event that declares (pid, tid) one of ours: thread `thread` of run 0.
ChromeTraceEvent ourThread(int64_t pid, int64_t tid, int64_t thread)
{
    ChromeTraceEvent e = chromeEvent('M', "thread_name", pid, tid, 0);
    e.hasTs = false;
    e.argName = "worker";
    e.ours = true;
    e.ourThread = {thread, true};
    e.ourPid = {pid, true};
    e.ourTid = {tid, true};
    e.ourRole = "worker";
    return e;
}

/// An async event of one of our task lanes.
ChromeTraceEvent taskLaneSlice(char phase, std::string_view name, int64_t pid, int64_t tid,
                               TimeNs ts)
{
    ChromeTraceEvent e = chromeEvent(phase, name, pid, tid, ts);
    e.category = "task-lane";
    return e;
}

ChromeTraceEvent ourStatesTrack(int64_t pid, int64_t tid, int64_t thread)
{
    ChromeTraceEvent e = chromeEvent('M', "thread_name", pid, tid, 0);
    e.hasTs = false;
    e.argName = "worker (states)";
    e.ours = true;
    e.ourStatesOf = {thread, true};
    return e;
}

SchedSwitch schedSwitch(TimeNs time, uint32_t cpu, int64_t prev, char prevState, int64_t next)
{
    SchedSwitch s;
    s.time = time;
    s.cpu = cpu;
    s.prevTid = prev;
    s.prevState = prevState;
    s.nextTid = next;
    s.prevComm = prev == 0 ? "swapper" : "app";
    s.nextComm = next == 0 ? "swapper" : "app";
    return s;
}

QString warningsOf(const ImportReport &report)
{
    QStringList all;
    for (const std::string &w : report.warnings)
        all << QString::fromStdString(w);
    return all.join(QLatin1Char('\n'));
}

QString skipsOf(const ImportReport &report)
{
    QStringList all;
    for (const auto &[what, count] : report.skipped)
        all << QStringLiteral("%1 × %2").arg(count).arg(QString::fromStdString(what));
    return all.join(QLatin1Char('\n'));
}

QString spansText(const Trace &trace, size_t thread)
{
    QStringList all;
    const ThreadSpans &s = trace.spansOf(thread);
    for (size_t i = 0; i < s.size(); ++i) {
        const std::string name = s.kind[i] == SpanKind::Named
                                     ? trace.spanNames().at(s.task[i])
                                     : std::string(spanKindName(s.kind[i]));
        all << QStringLiteral("%1 %2-%3")
                   .arg(QString::fromStdString(name))
                   .arg(s.begin[i])
                   .arg(s.end[i]);
    }
    return all.join(QStringLiteral(", "));
}

} // namespace

Q_DECLARE_METATYPE(Feed)

class TestChromeTraceAssembler : public QObject
{
    Q_OBJECT

private slots:
    void assembles_data()
    {
        QTest::addColumn<Feed>("feed");
        QTest::addColumn<QString>("spans");  // of thread 0
        QTest::addColumn<QString>("states"); // of thread 0
        QTest::addColumn<QString>("core0");
        QTest::addColumn<QString>("warnings");
        QTest::addColumn<QString>("skipped");

        QTest::newRow("another tool's slices are named spans, times from its first event")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(chromeEvent('X', "parse", 1, 2, 5'000, 2'000), 0, 10);
                   a.add(chromeEvent('B', "outer", 1, 2, 6'000), 1, 20);
                   a.add(chromeEvent('E', "", 1, 2, 9'000), 2, 30);
               })
            << "parse 0-2000, outer 1000-4000"
            << ""
            << ""
            << ""
            << "";
        QTest::newRow("a B never closed ends with its thread and is counted")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(chromeEvent('B', "open", 1, 2, 0), 0, 10);
                   a.add(chromeEvent('X', "later", 1, 2, 1'000, 500), 1, 20);
               })
            << "open 0-1500, later 1000-1500"
            << ""
            << ""
            << ""
            << "1 × 'B' events never closed (they end with the trace)";
        QTest::newRow("an E without its B is a warning that names the event")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(chromeEvent('X', "x", 1, 2, 0, 10), 0, 10);
                   a.add(chromeEvent('E', "", 1, 2, 50), 1, 77);
               })
            << "x 0-10"
            << ""
            << ""
            << "event #1 at byte 77: 'E' without a matching 'B' on thread 1/2; skipped"
            << "";
        QTest::newRow("our states track gives its thread's states by their stable names")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(ourThread(1, 2, 0), 0, 0);
                   a.add(ourStatesTrack(1, 3, 0), 1, 0);
                   ChromeTraceEvent running = chromeEvent('X', "running", 1, 3, 0, 100);
                   running.category = "state";
                   running.cpu = {1, true};
                   a.add(running, 2, 100);
                   a.add(chromeEvent('X', "gil-wait", 1, 3, 100, 50), 3, 200);
                   a.add(chromeEvent('X', "daydreaming", 1, 3, 150, 50), 4, 300);
               })
            << ""
            << "0-100 running@1 | 100-150 gil-wait"
            << ""
            << "event #4 at byte 300: unknown thread state 'daydreaming'; skipped"
            << "";
        QTest::newRow("our markers by their stable names; others' instants are skipped")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(ourThread(1, 2, 0), 0, 0);
                   ChromeTraceEvent migration = chromeEvent('i', "migration", 1, 2, 10);
                   migration.category = "marker";
                   migration.core = {1, true};
                   a.add(migration, 1, 10);
                   ChromeTraceEvent unknown = chromeEvent('i', "teleport", 1, 2, 20);
                   unknown.category = "marker";
                   a.add(unknown, 2, 20);
               })
            << ""
            << ""
            << ""
            << ""
            << "1 × instant events (phases i, I)";
        QTest::newRow(
            "our task lane's outermost async slice is its own, the ones within its states")
            << Feed([](ChromeTraceAssembler &a) {
                   ChromeTraceEvent lane = ourThread(1, 5, 0);
                   lane.ourRole = "task";
                   a.add(lane, 0, 0);
                   a.add(taskLaneSlice('b', "running", 1, 5, 0), 1, 10); // the task's own name
                   a.add(taskLaneSlice('b', "queue-wait", 1, 5, 0), 2, 20);
                   a.add(taskLaneSlice('e', "queue-wait", 1, 5, 100), 3, 30);
                   ChromeTraceEvent running = taskLaneSlice('b', "running", 1, 5, 100);
                   running.cpu = {2, true};
                   a.add(running, 4, 40);
                   a.add(taskLaneSlice('e', "running", 1, 5, 150), 5, 50);
                   a.add(taskLaneSlice('e', "running", 1, 5, 150), 6, 60);
               })
            << ""
            << "0-100 queue-wait | 100-150 running@2"
            << ""
            << ""
            << "";
        QTest::newRow("another tool's async slices of one id are the spans of a task lane")
            << Feed([](ChromeTraceAssembler &a) {
                   ChromeTraceEvent load = chromeEvent('b', "load", 1, 2, 0);
                   load.flowId = "7";
                   a.add(load, 0, 0);
                   ChromeTraceEvent end = chromeEvent('e', "load", 1, 3, 2'000);
                   end.flowId = "7";
                   a.add(end, 1, 10);
                   ChromeTraceEvent stray = chromeEvent('e', "load", 1, 2, 3'000);
                   stray.flowId = "8";
                   a.add(stray, 2, 20);
               })
            << "load 0-2000"
            << ""
            << ""
            << "event #2 at byte 20: 'e' without a matching 'b' (id 8); skipped"
            << "";
        QTest::newRow("sched_switch records: slices on their CPU and the states they imply")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(schedSwitch(1'000, 0, 0, 'R', 42));
                   a.add(schedSwitch(3'000, 0, 42, 'R', 43));
                   a.add(schedSwitch(4'000, 0, 43, 'S', 42));
                   a.add(schedSwitch(6'000, 0, 42, 'D', 0));
                   a.add(schedSwitch(7'000, 70'000, 0, 'R', 42)); // no such CPU
               })
            << ""
            << "0-2000 running@0 | 2000-3000 runnable | 3000-5000 running@0"
            << "t0 0-2000, t1 2000-3000, t0 3000-5000"
            << ""
            << "1 × sched_switch lines for CPUs beyond 65535";
        QTest::newRow("T events put a thread on a core, without states")
            << Feed([](ChromeTraceAssembler &a) {
                   ChromeTraceEvent t = chromeEvent('T', "Running", 1, 2, 0, 500);
                   t.cpu = {0, true};
                   a.add(t, 0, 0);
                   ChromeTraceEvent nowhere = chromeEvent('T', "Running", 1, 2, 600, 100);
                   a.add(nowhere, 1, 50);
               })
            << ""
            << ""
            << "t0 0-500"
            << ""
            << "1 × 'T' events without args.cpu";
        QTest::newRow("an event with a field of the wrong type is a warning")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(chromeEvent('X', "x", 1, 2, 0, 10), 0, 0);
                   ChromeTraceEvent bad = chromeEvent('X', "y", 1, 2, 0, 10);
                   bad.badField = "dur";
                   a.add(bad, 3, 40);
               })
            << "x 0-10"
            << ""
            << ""
            << "event #3 at byte 40: 'dur' has the wrong type; skipped"
            << "";
        QTest::newRow("negative durations and times out of range are warnings")
            << Feed([](ChromeTraceAssembler &a) {
                   a.add(chromeEvent('X', "x", 1, 2, 0, 10), 0, 0);
                   ChromeTraceEvent negative = chromeEvent('X', "y", 1, 2, 0, 0);
                   negative.dur = -3'000;
                   a.add(negative, 1, 10);
                   ChromeTraceEvent far = chromeEvent('X', "z", 1, 2, 0, 10);
                   far.timeOutOfRange = true;
                   a.add(far, 2, 20);
               })
            << "x 0-10"
            << ""
            << ""
            << "event #1 at byte 10: negative duration (-3 µs); skipped\n"
               "event #2 at byte 20: a time out of range; skipped"
            << "";
    }

    void assembles()
    {
        QFETCH(Feed, feed);
        QFETCH(QString, spans);
        QFETCH(QString, states);
        QFETCH(QString, core0);
        QFETCH(QString, warnings);
        QFETCH(QString, skipped);
        ImportReport report;
        ChromeTraceAssembler assembler("test", report);
        feed(assembler);
        const std::vector<Trace> runs = assembler.finish();
        QCOMPARE(runs.size(), size_t(1));
        const Trace &trace = runs[0];
        QVERIFY(!trace.threads().empty());
        QCOMPARE(spansText(trace, 0), spans);
        QCOMPARE(QString::fromStdString(TraceFixtures::statesText(trace, 0)), states);
        QCOMPARE(QString::fromStdString(TraceFixtures::slicesText(trace, 0)), core0);
        QCOMPARE(warningsOf(report), warnings);
        QCOMPARE(skipsOf(report), skipped);
    }

    // Another tool's threads move between cores as the one reconstruction says, as ours do
    // (ours keep the migration markers their file holds).
    void otherToolsThreadsMigrate()
    {
        ImportReport report;
        ChromeTraceAssembler assembler("test", report);
        assembler.add(schedSwitch(1'000, 0, 0, 'R', 42));
        assembler.add(schedSwitch(3'000, 0, 42, 'R', 0));
        assembler.add(schedSwitch(4'000, 1, 0, 'R', 42));
        assembler.add(schedSwitch(6'000, 1, 42, 'S', 0));
        const std::vector<Trace> runs = assembler.finish();
        QCOMPARE(runs.size(), size_t(1));
        const Trace &trace = runs[0];
        QCOMPARE(trace.markers().size(), size_t(1));
        const Marker &moved = trace.markers()[0];
        QCOMPARE(moved.kind, MarkerKind::Migration);
        // It came on core 1 at 4 µs; the file's first record (1 µs) is the run's zero.
        QCOMPARE(moved.time, TimeNs(3'000));
        QCOMPARE(moved.fromCore, uint16_t(0));
        QCOMPARE(moved.core, uint16_t(1));
        QCOMPARE(trace.threads()[moved.thread].tid, 42);
    }

    // Counters go to the run and real pid of the process our M event declares, with the kind
    // their category names; another process's are Imported. Waits name the run's wait objects
    // by their index in its metadata, and the thread that ended them by its lane.
    void readsOurCountersAndWaits()
    {
        ImportReport report;
        ChromeTraceAssembler assembler("ours.json", report);
        ChromeTraceAssembler::RunInfo run;
        run.waitObjects = {WaitObject{WaitObjectKind::Queue, "q"}, std::nullopt,
                           WaitObject{WaitObjectKind::Lock, "l"}};
        assembler.setRuns({run});
        ChromeTraceEvent process = chromeEvent('M', "process_name", 9, 9, 0);
        process.ours = true;
        process.ourPid = {4711, true};
        assembler.add(process, 0, 0);
        assembler.add(ourThread(9, 10, 0), 1, 0);
        assembler.add(ourThread(9, 11, 1), 2, 0);
        ChromeTraceEvent waits = chromeEvent('M', "thread_name", 9, 12, 0);
        waits.ours = true;
        waits.ourWaitsOf = {0, true};
        assembler.add(waits, 3, 0);
        const auto counter = [&](int64_t pid, std::string_view category, TimeNs ts, double value) {
            ChromeTraceEvent c = chromeEvent('C', "depth", pid, pid, ts);
            c.category = category;
            c.counterValues = {{"value", value, true}};
            assembler.add(c, 4, 0);
        };
        counter(9, "queue-depth", 0, 1);
        counter(9, "queue-depth", 10, 2);
        counter(5, "queue-depth", 10, 3);
        const auto wait = [&](TimeNs ts, int64_t object, bool ended) {
            ChromeTraceEvent w = chromeEvent('X', "q", 9, 12, ts, 5);
            w.object = {object, true};
            if (ended) {
                w.endedByPid = {9, true};
                w.endedByTid = {11, true};
            }
            assembler.add(w, 5, 0);
        };
        wait(0, 0, true);
        wait(10, 1, false); // its object is of a kind this version does not know
        wait(20, 2, false);
        const std::vector<Trace> runs = assembler.finish();
        QCOMPARE(runs.size(), size_t(1));
        const Trace &trace = runs[0];
        QCOMPARE(trace.counters().size(), size_t(2));
        QCOMPARE(trace.counters()[0].pid, 4711);
        QCOMPARE(trace.counters()[0].kind, CounterKind::QueueDepth);
        QCOMPARE(trace.counters()[0].size(), size_t(2));
        QCOMPARE(trace.counters()[0].value[1], 2.0);
        QCOMPARE(trace.counters()[1].pid, 5);
        QCOMPARE(trace.counters()[1].kind, CounterKind::Imported);
        QCOMPARE(trace.waitObjects().size(), size_t(2));
        const ThreadWaits &w = trace.waitsOf(0);
        QCOMPARE(w.size(), size_t(2));
        QCOMPARE(w.object[0], 0u);
        QCOMPARE(w.endedBy[0], 1u);
        QCOMPARE(w.begin[1], TimeNs(20));
        QCOMPARE(trace.waitObjects()[w.object[1]].name, std::string("l"));
        QCOMPARE(w.endedBy[1], kNoThread);
        QCOMPARE(skipsOf(report),
                 QStringLiteral("1 × waits for wait objects the run does not have"));
        QCOMPARE(warningsOf(report), QString());
    }

    // A file of ours names its runs; each run's times start at its own offset.
    void readsOurRunsAtTheirOffsets()
    {
        ImportReport report;
        ChromeTraceAssembler assembler("ours.json", report);
        ChromeTraceAssembler::RunInfo first;
        first.metadata.title = "first";
        first.cores = 2;
        ChromeTraceAssembler::RunInfo second;
        second.metadata.title = "second";
        second.cores = 1;
        second.offset = 1'000'000;
        assembler.setRuns({first, second});
        ChromeTraceEvent thread = ourThread(1, 2, 0);
        thread.ourRun = {1, true};
        assembler.add(thread, 0, 0);
        ChromeTraceEvent task = chromeEvent('X', "task 0", 1, 2, 1'000'500, 100);
        task.category = "task";
        task.task = {0, true};
        task.result = {42, true};
        assembler.add(task, 1, 10);
        const std::vector<Trace> runs = assembler.finish();
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[0].metadata().title, std::string("first"));
        QCOMPARE(runs[0].coreCount(), size_t(2));
        QCOMPARE(runs[0].threads().size(), size_t(0));
        QCOMPARE(runs[1].threads().size(), size_t(1));
        const ThreadSpans &spans = runs[1].spansOf(0);
        QCOMPARE(spans.size(), size_t(1));
        QCOMPARE(spans.kind[0], SpanKind::Task);
        QCOMPARE(spans.begin[0], TimeNs(500));
        QCOMPARE(spans.result[0], uint64_t(42));
        QVERIFY2(report.empty(), qPrintable(warningsOf(report) + skipsOf(report)));
    }
};

QTEST_APPLESS_MAIN(TestChromeTraceAssembler)
#include "tst_chrometraceassembler.moc"
