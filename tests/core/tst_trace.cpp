// SPDX-License-Identifier: MIT
// The time a trace covers: where its first event begins (earliest) and its last ends (extent), by
// one rule for every reader (the timeline, the reports, the Chrome export); the runs as pointers
// for the writers; and copies, which share the columns, as a live view's snapshots do.

#include "trace/synthetictrace.h"
#include "trace/tracebuilder.h"
#include "trace/tracediff.h"

#include <QtTest>

#include <memory>
#include <vector>

using namespace corescope;

namespace {

/// A run of `wall` ns whose one thread (index 0) lives [0, 100), runs throughout and is on
/// `core` for [10, 60): each row of the tests below adds one event to it.
TraceBuilder oneThreadRun(TimeNs wall, uint16_t core)
{
    TraceBuilder builder(2);
    builder.metadata().wallNs = wall;
    builder.addThread({1, 1, "worker", ThreadRole::Worker, 0, 100});
    builder.addSlice(core, 10, 60, 0);
    builder.addState(0, 0, 100, ThreadState::Running, core);
    return builder;
}

} // namespace

class TestTrace : public QObject
{
    Q_OBJECT

private slots:
    void extentIsWhereTheLastEventEnds_data()
    {
        // Each row adds one event to a run of 100 ns wall time whose one thread lives [0, 100).
        QTest::addColumn<QString>("event");
        QTest::addColumn<TimeNs>("end");
        QTest::addColumn<TimeNs>("extent");
        QTest::newRow("nothing after the wall time") << "slice" << TimeNs(80) << TimeNs(100);
        QTest::newRow("a thread outlives the run") << "thread" << TimeNs(150) << TimeNs(150);
        QTest::newRow("a slice") << "slice" << TimeNs(160) << TimeNs(160);
        QTest::newRow("a state") << "state" << TimeNs(170) << TimeNs(170);
        QTest::newRow("an imported state around a shorter one")
            << "overlapping states" << TimeNs(175) << TimeNs(175);
        QTest::newRow("a span around a shorter one") << "span" << TimeNs(180) << TimeNs(180);
        QTest::newRow("a marker") << "marker" << TimeNs(190) << TimeNs(190);
        QTest::newRow("an import without a wall time")
            << "no wall time" << TimeNs(0) << TimeNs(100);
    }

    void extentIsWhereTheLastEventEnds()
    {
        QFETCH(QString, event);
        QFETCH(TimeNs, end);
        QFETCH(TimeNs, extent);
        TraceBuilder builder = oneThreadRun(event == QStringLiteral("no wall time") ? 0 : 100, 1);
        const uint32_t thread = 0;
        if (event == QStringLiteral("thread"))
            builder.thread(thread).end = end;
        else if (event == QStringLiteral("slice"))
            builder.addSlice(0, end - 10, end, thread);
        else if (event == QStringLiteral("state"))
            builder.addState(thread, 100, end, ThreadState::Io);
        else if (event == QStringLiteral("overlapping states")) {
            // build() sorts states by begin but keeps overlaps: the last one ends early.
            builder.addState(thread, 5, end, ThreadState::Io);
            builder.addState(thread, 6, 20, ThreadState::Sleeping);
        } else if (event == QStringLiteral("span")) {
            // Sorted by begin, the inner span comes last: its end is not the latest.
            builder.addSpan(thread, 5, end, SpanKind::Task);
            builder.addSpan(thread, 6, 20, SpanKind::LockHold);
        } else if (event == QStringLiteral("marker"))
            builder.addMarker({end, MarkerKind::Migration, thread, thread, 0, 1});
        const Trace trace = builder.build();
        QCOMPARE(trace.extent(), extent);
        QCOMPARE(Trace().extent(), TimeNs(0));
    }

    void earliestIsWhereTheFirstEventBegins_data()
    {
        // Each row adds one event to a run of 100 ns wall time whose one thread lives [0, 100).
        QTest::addColumn<QString>("event");
        QTest::addColumn<TimeNs>("begin");
        QTest::addColumn<TimeNs>("earliest");
        QTest::newRow("nothing before the run's start") << "slice" << TimeNs(20) << TimeNs(0);
        QTest::newRow("a thread begun before the zero") << "thread" << TimeNs(-30) << TimeNs(-30);
        QTest::newRow("a slice") << "slice" << TimeNs(-40) << TimeNs(-40);
        QTest::newRow("a state") << "state" << TimeNs(-50) << TimeNs(-50);
        QTest::newRow("a span") << "span" << TimeNs(-60) << TimeNs(-60);
        QTest::newRow("a marker") << "marker" << TimeNs(-70) << TimeNs(-70);
        QTest::newRow("an event on a later core")
            << "slice on core 1" << TimeNs(-80) << TimeNs(-80);
    }

    void earliestIsWhereTheFirstEventBegins()
    {
        QFETCH(QString, event);
        QFETCH(TimeNs, begin);
        QFETCH(TimeNs, earliest);
        TraceBuilder builder = oneThreadRun(100, 0);
        const uint32_t thread = 0;
        if (event == QStringLiteral("thread"))
            builder.thread(thread).begin = begin;
        else if (event == QStringLiteral("slice"))
            builder.addSlice(0, begin, begin + 5, thread);
        else if (event == QStringLiteral("slice on core 1"))
            builder.addSlice(1, begin, begin + 5, thread);
        else if (event == QStringLiteral("state"))
            builder.addState(thread, begin, 0, ThreadState::Io);
        else if (event == QStringLiteral("span"))
            builder.addSpan(thread, begin, 20, SpanKind::Task);
        else if (event == QStringLiteral("marker"))
            builder.addMarker({begin, MarkerKind::Migration, thread, thread, 1, 0});
        const Trace trace = builder.build();
        QCOMPARE(trace.earliest(), earliest);
        QCOMPARE(trace.span(), trace.extent() - earliest);
        QCOMPARE(Trace().earliest(), TimeNs(0));
        QCOMPARE(Trace().span(), TimeNs(0));
    }

    void refsPointAtEachRunInOrder()
    {
        std::vector<Trace> runs;
        for (int i = 0; i < 3; ++i) {
            TraceBuilder builder(1);
            builder.metadata().wallNs = 100 * (i + 1);
            runs.push_back(builder.build());
        }
        const std::vector<const Trace *> held = traceRefs(runs);
        QCOMPARE(held.size(), runs.size());
        for (size_t i = 0; i < runs.size(); ++i)
            QCOMPARE(held[i], &runs[i]);

        std::vector<std::shared_ptr<const Trace>> shared;
        for (const Trace &run : runs)
            shared.push_back(std::make_shared<const Trace>(run));
        const std::vector<const Trace *> borrowed = traceRefs(shared);
        QCOMPARE(borrowed.size(), shared.size());
        for (size_t i = 0; i < shared.size(); ++i)
            QCOMPARE(borrowed[i], shared[i].get());
        QVERIFY(traceRefs(std::vector<Trace>()).empty());
    }

    void aSnapshotSharesTheColumnsAndTheNextUpdateLeavesItBe()
    {
        // The trace so far, a snapshot of it, and the next update built on from the snapshot.
        const Trace trace = SyntheticTrace::make({4, 2, 400'000, 1}); // columns of several chunks
        const Trace snapshot = trace;
        QCOMPARE(&snapshot.slicesOnCore(1).end[0], &trace.slicesOnCore(1).end[0]);
        QCOMPARE(&snapshot.statesOf(3).state[0], &trace.statesOf(3).state[0]);
        QCOMPARE(&snapshot.spansOf(0).result[0], &trace.spansOf(0).result[0]);
        QCOMPARE(&snapshot.markers()[0], &trace.markers()[0]);

        TraceBuilder next(snapshot);
        const TimeNs at = trace.extent();
        next.addSlice(1, at, at + 10, 3);
        next.addState(3, at, at + 10, ThreadState::Running, 1);
        next.addSpan(0, at, at + 10, SpanKind::Task, 7, 42);
        next.addMarker({at, MarkerKind::Migration, 3, 3, 1, 0});
        next.metadata().wallNs = at + 10;
        const Trace grown = next.build();

        QCOMPARE(TraceDiff::firstDifference(snapshot, trace), std::nullopt);
        QCOMPARE(grown.eventCount(), trace.eventCount() + 4);
        QCOMPARE(grown.slicesOnCore(1).end.back(), at + 10);
        QCOMPARE(grown.spansOf(0).result.back(), uint64_t(42));
        QCOMPARE(grown.extent(), at + 10);
        // Only the chunks that changed were copied.
        QCOMPARE(&grown.slicesOnCore(1).end[0], &trace.slicesOnCore(1).end[0]);
        QCOMPARE(&grown.markers()[0], &trace.markers()[0]);
    }
};

QTEST_APPLESS_MAIN(TestTrace)
#include "tst_trace.moc"
