// SPDX-License-Identifier: MIT
// The timeline's tooltip texts, one kind of hit at a time, on a small hand-made trace: who a
// thread or a task is, what a slice, a span, a state and its cause and a counter say (in the
// kinds table's words), and what is said where there is nothing.

#include "timeline/timelinetooltip.h"
#include "trace/tracebuilder.h"
#include "tracefixtures.h"

#include <QtTest>

#include <memory>

using namespace corescope;

namespace {

constexpr TimeNs kMs = 1'000'000;
constexpr double kNsPerPixel = 1e6; // one millisecond per pixel: times to a quarter of one

/// Threads: 0 engine, 1 worker-a, 2 a child process, 3 an unnamed worker, 4 a task, 5 an unnamed
/// task. Worker A runs task 3 on core 1 from 200 to 600 ms, then waits for the GIL; the child
/// starts up, then runs a named slice. Counters: 0 a queue's depth, 1 the loop's ready tasks
/// (unnamed), 2 an imported one (no unit).
std::shared_ptr<const Trace> sampleTrace()
{
    TraceBuilder builder(2);
    builder.addThread({100, 100, "engine", ThreadRole::Engine, 0, 1000 * kMs, -1});
    builder.addThread({100, 101, "worker-a", ThreadRole::Worker, 0, 1000 * kMs, -1});
    builder.addThread({200, 200, "proc", ThreadRole::ChildProcess, 0, 1000 * kMs, -1});
    builder.addThread({100, 103, "", ThreadRole::Worker, 0, 1000 * kMs, -1});
    builder.addThread({100, 0, "fetch", ThreadRole::Task, 0, 1000 * kMs, -1});
    builder.addThread({100, 0, "", ThreadRole::Task, 0, 1000 * kMs, -1});
    const uint32_t depth =
        builder.addCounter({"jobs queued", CounterKind::QueueDepth, 100, {}, {}});
    builder.addCounterValue(depth, 100 * kMs, 3);
    builder.addCounter({"", CounterKind::ReadyTasks, 100, {}, {}});
    builder.addCounter({"temperature", CounterKind::Imported, 100, {}, {}});
    builder.addSlice(1, 200 * kMs, 600 * kMs, 1);
    builder.addState(1, 200 * kMs, 600 * kMs, ThreadState::Running, 1);
    builder.addState(1, 600 * kMs, 1000 * kMs, ThreadState::GilWait);
    builder.addSpan(1, 200 * kMs, 600 * kMs, SpanKind::Task, 3, 42);
    builder.addSpan(2, 0, 100 * kMs, SpanKind::Startup);
    const uint32_t name = builder.addSpanName("parse input");
    builder.addSpan(2, 100 * kMs, 300 * kMs, SpanKind::Named, name);
    builder.addSpan(2, 300 * kMs, 400 * kMs, SpanKind::Named, name + 7);
    builder.metadata().title = "sample";
    builder.metadata().wallNs = 1000 * kMs;
    builder.metadata().captureMethod = "perf";
    builder.metadata().capturePrecisionNs = 1000;
    return std::make_shared<const Trace>(builder.build());
}

TimelineHit slice(uint32_t thread, TimeNs begin, TimeNs end)
{
    TimelineHit hit;
    hit.thread = thread;
    hit.begin = begin;
    hit.end = end;
    hit.time = begin;
    return hit;
}

} // namespace

class TimelineToolTipTest : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const Trace> m_trace = sampleTrace();
    Trace m_handMade = TraceFixtures::handMadeTrace();

private slots:
    void namesTheThreadByRole_data()
    {
        QTest::addColumn<uint32_t>("thread");
        QTest::addColumn<QString>("expected");
        QTest::newRow("the engine's thread is the main thread")
            << 0u << QStringLiteral("engine (main thread, tid 100)");
        QTest::newRow("a worker is a thread with its tid")
            << 1u << QStringLiteral("worker-a (thread, tid 101)");
        QTest::newRow("a child process is named by its pid")
            << 2u << QStringLiteral("proc (child process, pid 200)");
        QTest::newRow("a thread without a name goes by its tid")
            << 3u << QStringLiteral("tid 103 (thread, tid 103)");
        QTest::newRow("a task is no OS thread, and says so")
            << 4u << QStringLiteral("fetch (task in process 100, not an OS thread)");
        QTest::newRow("a task without a name is a task")
            << 5u << QStringLiteral("task (task in process 100, not an OS thread)");
        QTest::newRow("a thread the trace does not have is still named")
            << 9u << QStringLiteral("thread 9");
    }
    void namesTheThreadByRole()
    {
        QFETCH(uint32_t, thread);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::thread(*m_trace, thread), expected);
    }

    void labelsSpansOnce_data()
    {
        QTest::addColumn<uint32_t>("thread");
        QTest::addColumn<uint32_t>("span");
        QTest::addColumn<QString>("expected");
        QTest::newRow("a task by its number") << 1u << 0u << QStringLiteral("task 3");
        QTest::newRow("start-up as the kinds table's phrase")
            << 2u << 0u << QStringLiteral("process start-up");
        QTest::newRow("a named slice by its name") << 2u << 1u << QStringLiteral("parse input");
        QTest::newRow("a named slice whose name is missing: nothing") << 2u << 2u << QString();
        QTest::newRow("a span past the end: nothing") << 1u << 5u << QString();
    }
    void labelsSpansOnce()
    {
        QFETCH(uint32_t, thread);
        QFETCH(uint32_t, span);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::spanLabel(*m_trace, thread, span), expected);
    }

    void describesCoreLanes_data()
    {
        QTest::addColumn<TimelineHit>("hit");
        QTest::addColumn<QString>("expected");
        TimelineHit running = slice(1, 200 * kMs, 600 * kMs);
        running.core = 1;
        running.task = 3;
        QTest::newRow("a slice: who, where, which task and when")
            << running
            << QStringLiteral("worker-a (thread, tid 101)\nrunning on core 1\ntask 3\n"
                              "200.0 ms → 600.0 ms (400.0 ms)");
        TimelineHit crowded = running;
        crowded.task.reset();
        crowded.eventsInPixel = 5;
        QTest::newRow("a crowded pixel says to zoom in")
            << crowded
            << QStringLiteral("worker-a (thread, tid 101)\nrunning on core 1\n"
                              "200.0 ms → 600.0 ms (400.0 ms)\n"
                              "5 slices in this pixel: zoom in to see them");
        TimelineHit idle;
        idle.core = 0;
        idle.time = 150 * kMs;
        QTest::newRow("nothing there: the core is idle")
            << idle << QStringLiteral("core 0 idle at 150 ms");
    }
    void describesCoreLanes()
    {
        QFETCH(TimelineHit, hit);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::coreLane(*m_trace, hit, kNsPerPixel), expected);
    }

    // A core's gap: what filled it, as far as the run knows.
    void describesWhatFilledACoresGap_data()
    {
        QTest::addColumn<TimeNs>("time");
        QTest::addColumn<bool>("sampled");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exact: a thread of the run was waiting for a core")
            << 150 * kMs << true
            << QStringLiteral("core 0 running another program (or the kernel) at 150 ms\n"
                              "a thread of this run was waiting for a core, so something else "
                              "held this one\n100.0 ms → 200.0 ms (100.0 ms)");
        QTest::newRow("sampled: their share of the free time")
            << 305 * kMs << true
            << QStringLiteral("core 0 at 305 ms: other programs (or the kernel) took 50 % of its "
                              "free time in 300.0 ms → 310.0 ms (10.0 ms) (cpuidle, sampled)");
        QTest::newRow("sampled, nothing else ran")
            << 315 * kMs << true << QStringLiteral("core 0 idle at 315 ms");
        QTest::newRow("not sampled") << 500 * kMs << false
                                     << QStringLiteral("core 0 idle or running other programs at "
                                                       "500 ms (not sampled)");
    }
    void describesWhatFilledACoresGap()
    {
        QFETCH(TimeNs, time);
        QFETCH(bool, sampled);
        QFETCH(QString, expected);
        TraceBuilder builder(1);
        builder.metadata().wallNs = 1000 * kMs;
        if (sampled)
            builder.metadata().busySampling = "cpuidle";
        const Trace trace = builder.build();
        CoreOccupancy::Core core;
        core.exactIntervals = {{100 * kMs, 200 * kMs}};
        if (sampled)
            core.samples = {{300 * kMs, 310 * kMs, 5 * kMs, 0.5f}, {310 * kMs, 320 * kMs, 0, 0}};
        TimelineHit hit;
        hit.core = 0;
        hit.time = time;
        QCOMPARE(TimelineToolTip::coreLane(trace, hit, kNsPerPixel, &core), expected);
    }

    void describesStates_data()
    {
        QTest::addColumn<TimelineHit>("hit");
        QTest::addColumn<QString>("expected");
        TimelineHit running = slice(1, 200 * kMs, 600 * kMs);
        running.state = ThreadState::Running;
        running.core = 1;
        running.task = 3;
        QTest::newRow("running names its core and task")
            << running
            << QStringLiteral("worker-a (thread, tid 101)\nrunning on core 1\ntask 3\n"
                              "200.0 ms → 600.0 ms (400.0 ms)");
        TimelineHit waiting = slice(1, 600 * kMs, 1000 * kMs);
        waiting.state = ThreadState::GilWait;
        waiting.eventsInPixel = 2;
        QTest::newRow("a wait in the kinds table's phrase, crowded")
            << waiting
            << QStringLiteral("worker-a (thread, tid 101)\nwaiting for the GIL\n"
                              "600.0 ms → 1.0000 s (400.0 ms)\n"
                              "2 state changes in this pixel: zoom in to see them");
        TimelineHit runnable = slice(1, 600 * kMs, 1000 * kMs);
        runnable.state = ThreadState::Runnable;
        QTest::newRow("runnable says what it waits for")
            << runnable
            << QStringLiteral("worker-a (thread, tid 101)\nrunnable: waiting for a free core\n"
                              "600.0 ms → 1.0000 s (400.0 ms)");
        TimelineHit none;
        none.thread = 3;
        none.time = 150 * kMs;
        QTest::newRow("no state: not alive then")
            << none << QStringLiteral("tid 103 (thread, tid 103)\nnot alive at 150 ms");
    }
    void describesStates()
    {
        QFETCH(TimelineHit, hit);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::stateStrip(*m_trace, hit, kNsPerPixel), expected);
    }

    void describesSpans_data()
    {
        QTest::addColumn<TimelineHit>("hit");
        QTest::addColumn<QString>("expected");
        TimelineHit task = slice(1, 200 * kMs, 600 * kMs);
        task.span = 0;
        QTest::newRow("a task with its result")
            << task
            << QStringLiteral("worker-a (thread, tid 101)\ntask 3 (result 42)\n"
                              "200.0 ms → 600.0 ms (400.0 ms)");
        TimelineHit startup = slice(2, 0, 100 * kMs);
        startup.span = 0;
        QTest::newRow("start-up in the kinds table's words")
            << startup
            << QStringLiteral("proc (child process, pid 200)\nprocess start-up\n"
                              "0 ns → 100.0 ms (100.0 ms)");
        TimelineHit unnamed = slice(2, 300 * kMs, 400 * kMs);
        unnamed.span = 2;
        QTest::newRow("a named slice without its name reads as its kind")
            << unnamed
            << QStringLiteral("proc (child process, pid 200)\na slice from another tool\n"
                              "300.0 ms → 400.0 ms (100.0 ms)");
        TimelineHit none;
        none.thread = 1;
        none.time = 700 * kMs;
        QTest::newRow("no span: no task then")
            << none << QStringLiteral("worker-a (thread, tid 101)\nno task at 700 ms");
    }
    void describesSpans()
    {
        QFETCH(TimelineHit, hit);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::spanBand(*m_trace, hit, kNsPerPixel), expected);
    }

    void namesWhatAWaitWasFor_data()
    {
        // The hand-made fixture: its task (thread 4) waits for a queue, a timer and its loop;
        // worker 1 (thread 1) for the GIL.
        QTest::addColumn<uint32_t>("thread");
        QTest::addColumn<uint32_t>("wait");
        QTest::addColumn<QString>("expected");
        QTest::newRow("a named object by its name, and who ended the wait")
            << 4u << 0u << QStringLiteral("for queue \"jobs\" — ended by worker 1");
        QTest::newRow("a name that repeats the kind reads as the kind's phrase; nobody ended it")
            << 4u << 1u << QStringLiteral("for a timer");
        QTest::newRow("the loop that resumed a task")
            << 4u << 2u << QStringLiteral("for the event loop — ended by corescope");
        QTest::newRow("a thread's wait for the GIL")
            << 1u << 0u << QStringLiteral("for the GIL — ended by child=2");
        QTest::newRow("a wait the thread does not have: nothing") << 1u << 5u << QString();
        QTest::newRow("a thread the trace does not have: nothing") << 9u << 0u << QString();
    }
    void namesWhatAWaitWasFor()
    {
        QFETCH(uint32_t, thread);
        QFETCH(uint32_t, wait);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::waitCause(m_handMade, thread, wait), expected);
    }

    void describesAWaitWithItsCause()
    {
        TimelineHit hit = slice(4, 10, 200);
        hit.state = ThreadState::QueueWait;
        hit.wait = 0;
        QCOMPARE(TimelineToolTip::stateStrip(m_handMade, hit, 1),
                 QStringLiteral("task 1 (task in process 100, not an OS thread)\n"
                                "waiting for the queue (full for a put, empty for a get)\n"
                                "for queue \"jobs\" — ended by worker 1\n"
                                "10 ns → 200 ns (190 ns)"));
    }

    void writesCounterValues_data()
    {
        QTest::addColumn<uint32_t>("counter");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("a whole number without a point, with its unit")
            << 0u << 3.0 << QStringLiteral("3 items");
        QTest::newRow("one of them") << 0u << 1.0 << QStringLiteral("1 item");
        QTest::newRow("none of them") << 0u << 0.0 << QStringLiteral("0 items");
        QTest::newRow("a fraction") << 1u << 2.5 << QStringLiteral("2.5 tasks");
        QTest::newRow("a big whole number in full") << 0u << 1e6 << QStringLiteral("1000000 items");
        QTest::newRow("an imported counter has no unit") << 2u << 0.125 << QStringLiteral("0.125");
        QTest::newRow("a counter the trace does not have: the number")
            << 7u << 4.0 << QStringLiteral("4");
    }
    void writesCounterValues()
    {
        QFETCH(uint32_t, counter);
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::counterValue(*m_trace, counter, value), expected);
    }

    void describesCounters_data()
    {
        QTest::addColumn<TimelineHit>("hit");
        QTest::addColumn<QString>("expected");
        TimelineHit value = slice(0, 100 * kMs, 1000 * kMs);
        value.thread.reset();
        value.counter = 0;
        value.value = 3;
        QTest::newRow("the value at the mouse, and how long it held")
            << value << QStringLiteral("jobs queued\n3 items\n100.0 ms → 1.0000 s (900.0 ms)");
        TimelineHit crowded = value;
        crowded.eventsInPixel = 12;
        crowded.valuesInPixel = std::pair(0.0, 4.0);
        QTest::newRow("a crowded pixel gives its range and says to zoom in")
            << crowded
            << QStringLiteral("jobs queued\n3 items\n100.0 ms → 1.0000 s (900.0 ms)\n"
                              "12 changes in this pixel, from 0 items to 4 items: zoom in to "
                              "see them");
        TimelineHit before;
        before.counter = 1;
        before.time = 50 * kMs;
        QTest::newRow("before its first value; an unnamed counter is named by its kind")
            << before << QStringLiteral("tasks ready to run on the loop\nno value yet at 50 ms");
    }
    void describesCounters()
    {
        QFETCH(TimelineHit, hit);
        QFETCH(QString, expected);
        QCOMPARE(TimelineToolTip::counterLane(*m_trace, hit, kNsPerPixel), expected);
    }

    void describesCounterLabels()
    {
        QCOMPARE(TimelineToolTip::counterScale(*m_trace, 0, 3), QStringLiteral("max 3 items"));
        QCOMPARE(TimelineToolTip::counterTrack(*m_trace, 0, 3),
                 QStringLiteral("jobs queued\nitems in the queue, in process 100\nmax 3 items"));
        // A counter without values has no highest to name.
        QCOMPARE(TimelineToolTip::counterTrack(*m_trace, 2, 0),
                 QStringLiteral("temperature\na counter from another tool, in process 100"));
    }

    void describesRunHeaders()
    {
        QCOMPARE(TimelineToolTip::runHeader(*m_trace, QStringLiteral("sample")),
                 QStringLiteral("sample\nwall time 1.000 s\ncapture perf (±1 µs)"));
    }
};

QTEST_APPLESS_MAIN(TimelineToolTipTest)
#include "tst_timelinetooltip.moc"
