// SPDX-License-Identifier: MIT
// RunSummary: sums over a trace's slices and states, made from scratch or carried on from an
// earlier snapshot of a growing trace (reading only what the snapshots do not share), with the
// same result either way.
#include "analysis/runsummary.h"
#include "trace/synthetictrace.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <optional>
#include <random>

using namespace corescope;

class TestRunSummary : public QObject
{
    Q_OBJECT

private slots:
    void sumsTheSlicesAndStates()
    {
        TraceBuilder builder(2);
        builder.addThread({});
        builder.addThread({});
        builder.addSlice(0, 0, 10, 0);
        builder.addSlice(1, 5, 20, 1);
        builder.addSlice(0, 30, 35, 1);
        builder.addState(0, 0, 10, ThreadState::Running, 0);
        builder.addState(0, 10, 40, ThreadState::Blocked);
        builder.addState(1, 0, 5, ThreadState::Runnable);
        const RunSummary summary = RunSummary::of(builder.build());
        QCOMPARE(summary.cpu, TimeNs(30));
        QCOMPARE(summary.slices, size_t(3));
        QCOMPARE(summary.cores[0].busy, TimeNs(15));
        QCOMPARE(summary.cores[1].busy, TimeNs(15));
        QCOMPARE(summary.threads[0].onCpu, TimeNs(10));
        QCOMPARE(summary.threads[1].onCpu, TimeNs(20));
        QCOMPARE(summary.threads[0].in(ThreadState::Blocked), TimeNs(30));
        QCOMPARE(summary.in(ThreadState::Runnable), TimeNs(5));
    }

    void carriedOnAlongALiveTraceEqualsMadeAnew()
    {
        // Snapshots of a run that grows on two cores, with threads born along the way, slices
        // that arrive out of order (so the builder rewrites rows near the end) and what is open
        // on top of each snapshot.
        TraceBuilder builder(2);
        std::mt19937_64 random(3);
        std::optional<Trace> earlier;
        RunSummary carried;
        TimeNs t = 0;
        for (int step = 0; step < 60; ++step) {
            if (step % 10 == 0)
                builder.addThread({});
            const auto threads = uint32_t(builder.threadCount());
            for (int k = 0; k < 3000; ++k) {
                const auto thread = uint32_t(random() % threads);
                const auto core = uint16_t(random() % 2);
                const TimeNs begin = t + TimeNs(random() % 50); // out of order, a little
                const TimeNs end = begin + 1 + TimeNs(random() % 40);
                builder.addSlice(core, begin, end, thread);
                builder.addState(thread, begin, end, ThreadState::Running, core);
                builder.addState(thread, end, end + 7, ThreadState(random() % 3 + 1));
                t += 30;
            }
            OpenIntervals open;
            open.addSlice(0, t + 100, t + 400, 0);
            open.addState(0, t + 100, t + 400, ThreadState::Running, 0);
            const Trace now = builder.snapshot(open);
            carried = earlier ? RunSummary::of(now, *earlier, carried) : RunSummary::of(now);
            QVERIFY2(carried == RunSummary::of(now),
                     qPrintable(QStringLiteral("step %1").arg(step)));
            earlier = now;
        }
        QVERIFY(carried.cpu > 0);
    }

    void carriedOnFromAnUnrelatedTraceEqualsMadeAnew()
    {
        TraceBuilder a(2);
        a.addThread({});
        a.addSlice(0, 0, 100, 0);
        a.addState(0, 0, 100, ThreadState::Running, 0);
        TraceBuilder b(2);
        b.addThread({});
        b.addThread({});
        b.addSlice(1, 10, 20, 1);
        b.addState(1, 20, 50, ThreadState::Blocked);
        const Trace one = a.build();
        const Trace other = b.build();
        QVERIFY(RunSummary::of(other, one, RunSummary::of(one)) == RunSummary::of(other));
        // Fewer threads or other cores than the earlier one: not a later snapshot of it.
        QVERIFY(RunSummary::of(one, other, RunSummary::of(other)) == RunSummary::of(one));
        TraceBuilder c(3);
        c.addThread({});
        const Trace three = c.build();
        QVERIFY(RunSummary::of(three, one, RunSummary::of(one)) == RunSummary::of(three));
    }

    void upToAnInstantCutsTheIntervalsThere()
    {
        TraceBuilder builder(1);
        builder.metadata().wallNs = 100;
        builder.addThread({});
        builder.addSlice(0, 10, 50, 0);
        builder.addState(0, 0, 10, ThreadState::Runnable);
        builder.addState(0, 10, 50, ThreadState::Running, 0);
        builder.addState(0, 50, 100, ThreadState::Io);
        const Trace trace = builder.build();
        const RunSummary at30 = RunSummary::until(trace, 30);
        QCOMPARE(at30.wall, TimeNs(30));
        QCOMPARE(at30.cpu, TimeNs(20));
        QCOMPARE(at30.cores[0].busy, TimeNs(20));
        QCOMPARE(at30.threads[0].onCpu, TimeNs(20));
        QCOMPARE(at30.threads[0].in(ThreadState::Runnable), TimeNs(10));
        QCOMPARE(at30.threads[0].in(ThreadState::Running), TimeNs(20));
        QCOMPARE(at30.threads[0].in(ThreadState::Io), TimeNs(0));
        QCOMPARE(at30.slices, size_t(1));
        QCOMPARE(RunSummary::until(trace, 0).cpu, TimeNs(0));
        QCOMPARE(RunSummary::until(trace, 100), RunSummary::of(trace));
    }

    void upToAnInstantCarriedOnEqualsMadeAnew()
    {
        // A replay moves forwards and back; each step is carried on from the one before.
        const Trace trace = SyntheticTrace::make({.threads = 6, .cores = 2, .events = 20'000});
        std::mt19937_64 random(5);
        RunSummary carried = RunSummary::until(trace, 0);
        TimeNs at = 0;
        for (int step = 0; step < 50; ++step) {
            const TimeNs next = TimeNs(random() % uint64_t(trace.extent() + 1));
            carried = RunSummary::until(trace, next, carried, at);
            at = next;
            QCOMPARE(carried, RunSummary::until(trace, next));
        }
        QCOMPARE(RunSummary::until(trace, trace.extent(), carried, at), RunSummary::of(trace));
    }
};

QTEST_APPLESS_MAIN(TestRunSummary)
#include "tst_runsummary.moc"
