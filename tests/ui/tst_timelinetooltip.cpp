// SPDX-License-Identifier: MIT
// The timeline's tooltip texts, one kind of hit at a time, on a small hand-made trace: who a
// thread is, what a slice, a span and a state say (in the kinds table's words), and what is
// said where there is nothing.

#include "timeline/timelinetooltip.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <memory>

using namespace corescope;

namespace {

constexpr TimeNs kMs = 1'000'000;
constexpr double kNsPerPixel = 1e6; // one millisecond per pixel: times to a quarter of one

/// Threads: 0 engine, 1 worker-a, 2 a child process, 3 an unnamed worker. Worker A runs task 3
/// on core 1 from 200 to 600 ms, then waits for the GIL; the child starts up, then runs a named
/// slice.
std::shared_ptr<const Trace> sampleTrace()
{
    TraceBuilder builder(2);
    builder.addThread({100, 100, "engine", ThreadRole::Engine, 0, 1000 * kMs, -1});
    builder.addThread({100, 101, "worker-a", ThreadRole::Worker, 0, 1000 * kMs, -1});
    builder.addThread({200, 200, "proc", ThreadRole::ChildProcess, 0, 1000 * kMs, -1});
    builder.addThread({100, 103, "", ThreadRole::Worker, 0, 1000 * kMs, -1});
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

    void describesRunHeaders()
    {
        QCOMPARE(TimelineToolTip::runHeader(*m_trace, QStringLiteral("sample")),
                 QStringLiteral("sample\nwall time 1.000 s\ncapture perf (±1 µs)"));
    }
};

QTEST_APPLESS_MAIN(TimelineToolTipTest)
#include "tst_timelinetooltip.moc"
