// SPDX-License-Identifier: MIT
// The timeline's rows: which lanes each lane mode gives, in which order (the main thread first,
// then the others as they started, each process's tasks after its threads, the counters last),
// how runs stack, and how far lanes stretch to fill the height (headers never do).

#include "timeline/timelinelayout.h"
#include "trace/tracebuilder.h"

#include <QStringList>
#include <QtTest>

#include <memory>

using namespace corescope;

namespace {

/// Two cores; threads collected out of start order: index 0 is the worker with tid 12, index 1
/// the engine's main thread, index 2 the worker with tid 11.
std::shared_ptr<const Trace> sampleTrace()
{
    TraceBuilder builder(2);
    builder.addThread({10, 12, "late", ThreadRole::Worker, 0, 1000, -1});
    builder.addThread({10, 10, "main", ThreadRole::Engine, 0, 1000, -1});
    builder.addThread({10, 11, "early", ThreadRole::Worker, 0, 1000, -1});
    builder.metadata().wallNs = 1000;
    return std::make_shared<const Trace>(builder.build());
}

/// One core; a process with a worker and two tasks (one of them added first), a child process
/// with a task of its own, and two counters. Index 0 a task of pid 10, 1 the main thread, 2 the
/// child, 3 the worker, 4 the child's task, 5 another task of pid 10.
std::shared_ptr<const Trace> tasksAndCounters()
{
    TraceBuilder builder(1);
    builder.addThread({10, 0, "task a", ThreadRole::Task, 0, 1000, -1});
    builder.addThread({10, 10, "main", ThreadRole::Engine, 0, 1000, -1});
    builder.addThread({20, 20, "child", ThreadRole::ChildProcess, 0, 1000, -1});
    builder.addThread({10, 11, "worker", ThreadRole::Worker, 0, 1000, -1});
    builder.addThread({20, 0, "child's task", ThreadRole::Task, 0, 1000, -1});
    builder.addThread({10, 0, "task b", ThreadRole::Task, 0, 1000, -1});
    builder.addCounter({"depth", CounterKind::QueueDepth, 10, {}, {}});
    builder.addCounter({"ready", CounterKind::ReadyTasks, 10, {}, {}});
    builder.metadata().wallNs = 1000;
    return std::make_shared<const Trace>(builder.build());
}

/// "h0 c0.0 t0.1 k0.0 n0.1": header of run 0, core 0, thread 1, task 0 and counter 1 of run 0.
QString describe(const TimelineLayout &layout)
{
    QStringList rows;
    for (const TimelineLane &lane : layout.lanes()) {
        switch (lane.kind) {
        case TimelineLane::Kind::RunHeader:
            rows.append(QStringLiteral("h%1").arg(lane.run));
            break;
        case TimelineLane::Kind::Core:
            rows.append(QStringLiteral("c%1.%2").arg(lane.run).arg(lane.index));
            break;
        case TimelineLane::Kind::Thread:
            rows.append(QStringLiteral("t%1.%2").arg(lane.run).arg(lane.index));
            break;
        case TimelineLane::Kind::Task:
            rows.append(QStringLiteral("k%1.%2").arg(lane.run).arg(lane.index));
            break;
        case TimelineLane::Kind::Counter:
            rows.append(QStringLiteral("n%1.%2").arg(lane.run).arg(lane.index));
            break;
        }
    }
    return rows.join(QLatin1Char(' '));
}

// Natural heights: 2 cores × 10 + 3 threads × 20 = 80 px of lanes under a 20 px header; tasks
// and counters, where there are some, 15 and 25.
constexpr TimelineLayout::Heights kHeights{20, 10, 20, 15, 25};

} // namespace

class TimelineLayoutTest : public QObject
{
    Q_OBJECT

private slots:
    void ordersLanesByMode_data()
    {
        QTest::addColumn<LaneMode>("mode");
        QTest::addColumn<int>("runs");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cores: a header, then each core")
            << LaneMode::Cores << 1 << QStringLiteral("h0 c0.0 c0.1");
        QTest::newRow("threads: the main thread first, then the others by tid")
            << LaneMode::Threads << 1 << QStringLiteral("h0 t0.1 t0.2 t0.0");
        QTest::newRow("both: cores above threads")
            << LaneMode::Both << 1 << QStringLiteral("h0 c0.0 c0.1 t0.1 t0.2 t0.0");
        QTest::newRow("runs stack, each under its own header")
            << LaneMode::Both << 2
            << QStringLiteral("h0 c0.0 c0.1 t0.1 t0.2 t0.0 h1 c1.0 c1.1 t1.1 t1.2 t1.0");
        QTest::newRow("no runs, no rows") << LaneMode::Both << 0 << QString();
    }
    void ordersLanesByMode()
    {
        QFETCH(LaneMode, mode);
        QFETCH(int, runs);
        QFETCH(QString, expected);
        std::vector<std::shared_ptr<const Trace>> traces(size_t(runs), sampleTrace());
        TimelineLayout layout;
        layout.setRuns(traces);
        layout.build(mode, kHeights, 0, 1, 1);
        QCOMPARE(describe(layout), expected);
        QCOMPARE(layout.runCount(), runs);
        for (int r = 0; r < runs; ++r) {
            // Colour slots follow the order: the main thread 0, then 1, 2 as the workers started.
            QCOMPARE(layout.colourSlot(r, 1), 0u);
            QCOMPARE(layout.colourSlot(r, 2), 1u);
            QCOMPARE(layout.colourSlot(r, 0), 2u);
            const bool threads = mode != LaneMode::Cores;
            QCOMPARE(layout.laneOfThread(r, 2).has_value(), threads);
            if (threads)
                QCOMPARE(layout.lanes()[*layout.laneOfThread(r, 2)].index, 2u);
        }
        QCOMPARE(layout.maxColourSlot(), runs > 0 ? 2u : 0u);
    }

    void placesTasksAndCounters_data()
    {
        QTest::addColumn<LaneMode>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("threads: each process's tasks after its threads, then the counters")
            << LaneMode::Threads << QStringLiteral("h0 t0.1 t0.3 k0.0 k0.5 t0.2 k0.4 n0.0 n0.1");
        QTest::newRow("cores: no task lanes (a task is never on a core), the counters still")
            << LaneMode::Cores << QStringLiteral("h0 c0.0 n0.0 n0.1");
        QTest::newRow("both: cores, threads and tasks, counters last")
            << LaneMode::Both << QStringLiteral("h0 c0.0 t0.1 t0.3 k0.0 k0.5 t0.2 k0.4 n0.0 n0.1");
    }
    void placesTasksAndCounters()
    {
        QFETCH(LaneMode, mode);
        QFETCH(QString, expected);
        TimelineLayout layout;
        layout.setRuns({tasksAndCounters()});
        layout.build(mode, kHeights, 0, 1, 1);
        QCOMPARE(describe(layout), expected);
        for (const TimelineLane &lane : layout.lanes()) {
            if (lane.kind == TimelineLane::Kind::Task)
                QCOMPARE(lane.height, kHeights.task);
            if (lane.kind == TimelineLane::Kind::Counter)
                QCOMPARE(lane.height, kHeights.counter);
        }
        // Tasks take no colour slot: the worker and the child keep 1 and 2 as without them.
        QCOMPARE(layout.colourSlot(0, 3), 1u);
        QCOMPARE(layout.colourSlot(0, 2), 2u);
        QCOMPARE(layout.colourSlot(0, 0), 0u);
        QCOMPARE(layout.maxColourSlot(), 2u);
        // A task's lane is found as a thread's is, for the arrows that end on it.
        const auto task = layout.laneOfThread(0, 5);
        QCOMPARE(task.has_value(), mode != LaneMode::Cores);
        if (task)
            QCOMPARE(layout.lanes()[*task].kind, TimelineLane::Kind::Task);
    }

    void stretchesWithinLimits_data()
    {
        QTest::addColumn<int>("available");
        QTest::addColumn<double>("minStretch");
        QTest::addColumn<double>("maxStretch");
        QTest::addColumn<int>("coreHeight");
        QTest::addColumn<int>("threadHeight");
        QTest::addColumn<int>("contentHeight");
        QTest::newRow("a stretch fixed at 1 keeps the natural heights")
            << 500 << 1.0 << 1.0 << 10 << 20 << 100;
        QTest::newRow("between the limits the lanes fill the height exactly")
            << 140 << 0.5 << 2.0 << 15 << 30 << 140;
        QTest::newRow("lanes grow no further than the upper limit")
            << 1000 << 0.75 << 1.8 << 18 << 36 << 164;
        QTest::newRow("lanes shrink no further than the lower limit, and scroll")
            << 40 << 0.8 << 1.8 << 8 << 16 << 84;
        QTest::newRow("exports shrink without limit") << 60 << 0.0 << 1.8 << 5 << 10 << 60;
    }
    void stretchesWithinLimits()
    {
        QFETCH(int, available);
        QFETCH(double, minStretch);
        QFETCH(double, maxStretch);
        QFETCH(int, coreHeight);
        QFETCH(int, threadHeight);
        QFETCH(int, contentHeight);
        TimelineLayout layout;
        layout.setRuns({sampleTrace()});
        layout.build(LaneMode::Both, kHeights, available, minStretch, maxStretch);
        QCOMPARE(layout.contentHeight(), contentHeight);
        int top = 0;
        for (const TimelineLane &lane : layout.lanes()) {
            // Rows follow one another without gaps or overlaps.
            QCOMPARE(lane.top, top);
            top = lane.bottom();
            switch (lane.kind) {
            case TimelineLane::Kind::RunHeader:
                QCOMPARE(lane.height, kHeights.header);
                break;
            case TimelineLane::Kind::Core:
                QCOMPARE(lane.height, coreHeight);
                break;
            case TimelineLane::Kind::Thread:
                QCOMPARE(lane.height, threadHeight);
                break;
            case TimelineLane::Kind::Task:
            case TimelineLane::Kind::Counter:
                QFAIL("the sample has no tasks and no counters");
            }
        }
        QCOMPARE(top, contentHeight);
    }

    void roundsTheRunningTotal()
    {
        // A stretch of 0.75 makes 7.5 px core lanes: rounding each would lose a pixel per lane,
        // rounding the running total keeps the bottom where the stretch puts it.
        TimelineLayout layout;
        layout.setRuns({sampleTrace()});
        layout.build(LaneMode::Both, kHeights, 0, 0.75, 0.75);
        QCOMPARE(layout.contentHeight(), 20 + 60);
        QCOMPARE(layout.lanes()[1].height + layout.lanes()[2].height, 15);
    }

    void findsTheLaneAtY_data()
    {
        QTest::addColumn<int>("y");
        QTest::addColumn<int>("lane"); // -1: none
        QTest::newRow("the header's first row") << 0 << 0;
        QTest::newRow("the header's last row") << 19 << 0;
        QTest::newRow("the first core lane") << 20 << 1;
        QTest::newRow("the last thread lane's last row") << 99 << 5;
        QTest::newRow("below the content: none") << 100 << -1;
        QTest::newRow("above the content: none") << -1 << -1;
    }
    void findsTheLaneAtY()
    {
        QFETCH(int, y);
        QFETCH(int, lane);
        TimelineLayout layout;
        layout.setRuns({sampleTrace()});
        layout.build(LaneMode::Both, kHeights, 0, 1, 1);
        const auto found = layout.laneAt(y);
        QCOMPARE(found ? int(*found) : -1, lane);
    }
};

QTEST_APPLESS_MAIN(TimelineLayoutTest)
#include "tst_timelinelayout.moc"
