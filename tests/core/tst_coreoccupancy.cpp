// SPDX-License-Identifier: MIT
// CoreOccupancy on hand-made runs: other programs are exact where a thread of the run was
// runnable on a core it may use and that core ran none of the run's threads, sampled beyond
// that, never counted twice, never where the run cannot tell; and CoreBusySampler on this
// machine's real idle accounting.
#include "engine/capture/corebusysampler.h"
#include "engine/clock.h"
#include "trace/coreoccupancy.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <sched.h>

#include <thread>

using namespace corescope;

namespace {

constexpr TimeNs kMs = 1'000'000;

/// Two cores, a run of 100 units (of `unit` ns) that may use `allowed`; thread 0 runs on core 0
/// throughout and thread 1 wants a core from 20 to 60 and gets none.
TraceBuilder twoThreads(std::vector<uint16_t> allowed, TimeNs unit = 1)
{
    TraceBuilder builder(2);
    builder.metadata().wallNs = 100 * unit;
    builder.metadata().model = "threads";
    builder.metadata().allowedCores = std::move(allowed);
    builder.addThread({});
    builder.addThread({});
    builder.addSlice(0, 0, 100 * unit, 0);
    builder.addState(0, 0, 100 * unit, ThreadState::Running, 0);
    builder.addState(1, 0, 20 * unit, ThreadState::Io);
    builder.addState(1, 20 * unit, 60 * unit, ThreadState::Runnable);
    builder.addState(1, 60 * unit, 100 * unit, ThreadState::Io);
    return builder;
}

} // namespace

class TestCoreOccupancy : public QObject
{
    Q_OBJECT

private slots:
    void aRunnableThreadProvesAnotherProgramOnAFreeCore()
    {
        const CoreOccupancy o = CoreOccupancy::of(twoThreads({0, 1}).build());
        QVERIFY(o.inferred());
        QVERIFY(!o.sampled());
        QCOMPARE(o.cores()[0].ours, TimeNs(100));
        QCOMPARE(o.cores()[0].exact, TimeNs(0));
        QCOMPARE(o.cores()[1].ours, TimeNs(0));
        QCOMPARE(o.cores()[1].exact, TimeNs(40));
        QCOMPARE(o.cores()[1].exactIntervals, (std::vector<CoreOccupancy::Interval>{{20, 60}}));
        QCOMPARE(o.cores()[1].rest, TimeNs(60)); // idle or other programs: not sampled
    }

    void aCoreTheThreadMayNotUseProvesNothing()
    {
        const CoreOccupancy only0 = CoreOccupancy::of(twoThreads({0}).build());
        QCOMPARE(only0.cores()[1].exact, TimeNs(0));
        // Without the run's affinity nothing is inferred at all.
        const CoreOccupancy unknown = CoreOccupancy::of(twoThreads({}).build());
        QVERIFY(!unknown.inferred());
        QCOMPARE(unknown.cores()[1].exact, TimeNs(0));
    }

    void theRunsOwnSlicesAreNeverOtherPrograms()
    {
        // Thread 1 runnable while core 1 runs thread 0's second slice: no gap there.
        TraceBuilder builder = twoThreads({0, 1});
        builder.addSlice(1, 30, 50, 0);
        const CoreOccupancy o = CoreOccupancy::of(builder.build());
        QCOMPARE(o.cores()[1].exactIntervals,
                 (std::vector<CoreOccupancy::Interval>{{20, 30}, {50, 60}}));
    }

    // A live view's snapshots come ten times a second; these figures read the whole run, so they
    // wait for its end.
    void aLiveSnapshotWaitsForTheEnd()
    {
        TraceBuilder builder = twoThreads({0, 1});
        builder.metadata().live = true;
        const CoreOccupancy o = CoreOccupancy::of(builder.build());
        QVERIFY(o.pending());
        QVERIFY(!o.inferred());
        QCOMPARE(o.cores().size(), size_t(2));
        QCOMPARE(o.cores()[1].exact, TimeNs(0));
    }

    void taskLanesAreNoThreads()
    {
        TraceBuilder builder(1);
        builder.metadata().wallNs = 100;
        builder.metadata().allowedCores = {0};
        ThreadInfo task;
        task.role = ThreadRole::Task;
        builder.addThread(task);
        builder.addState(0, 0, 100, ThreadState::Runnable);
        QCOMPARE(CoreOccupancy::of(builder.build()).cores()[0].exact, TimeNs(0));
    }

    void samplesAddWhatTheRunCannotTell_data()
    {
        // Core 1's busy time in each half of a run of 100 ms; the exact intervals cover 30 ms of
        // the first half (20 to 50) and 10 of the second (50 to 60).
        QTest::addColumn<TimeNs>("first");
        QTest::addColumn<TimeNs>("second");
        QTest::addColumn<TimeNs>("exact");   // what stands of the exact 40 ms
        QTest::addColumn<TimeNs>("sampled"); // other programs beyond it
        QTest::addColumn<TimeNs>("rest");    // idle
        const auto row = [](const char *tag, TimeNs first, TimeNs second, TimeNs exact,
                            TimeNs sampled, TimeNs rest) {
            QTest::newRow(tag) << first * kMs << second * kMs << exact * kMs << sampled * kMs
                               << rest * kMs;
        };
        row("just what the thread proves", 30, 10, 40, 0, 60);
        row("busier than that", 45, 25, 40, 30, 30);
        row("busy throughout", 50, 50, 40, 60, 0);
        // A little less than the exact intervals: within what sampling may be off by.
        row("a little below the exact time", 28, 9, 40, 0, 60);
        // The thread waited for the kernel to move it to a core that sat idle.
        row("an idle core refutes the runnable thread", 0, 0, 0, 0, 100);
        row("refuted in one half only", 30, 0, 30, 0, 70);
    }

    void samplesAddWhatTheRunCannotTell()
    {
        QFETCH(TimeNs, first);
        QFETCH(TimeNs, second);
        QFETCH(TimeNs, exact);
        QFETCH(TimeNs, sampled);
        QFETCH(TimeNs, rest);
        TraceBuilder builder = twoThreads({0, 1}, kMs);
        builder.addBusySample(0, 0, 50 * kMs, 50 * kMs);
        builder.addBusySample(0, 50 * kMs, 100 * kMs, 50 * kMs);
        builder.addBusySample(1, 0, 50 * kMs, first);
        builder.addBusySample(1, 50 * kMs, 100 * kMs, second);
        const CoreOccupancy o = CoreOccupancy::of(builder.build());
        QVERIFY(o.sampled());
        QCOMPARE(o.cores()[0].sampled, TimeNs(0)); // its busy time is the run's own
        QCOMPARE(o.cores()[1].exact, exact);
        QCOMPARE(o.cores()[1].sampled, sampled);
        QCOMPARE(o.cores()[1].rest, rest);
        QCOMPARE(o.cores()[1].samples.size(), size_t(2));
    }

    void anIntervalCutByTheRunsEndKeepsItsShare()
    {
        TraceBuilder builder(1);
        builder.metadata().wallNs = 100;
        builder.addThread({});
        builder.addBusySample(0, 80, 120, 40); // busy throughout, half of it after the end
        const CoreOccupancy o = CoreOccupancy::of(builder.build());
        QCOMPARE(o.cores()[0].sampled, TimeNs(20));
        QCOMPARE(o.cores()[0].samples.front().shareOfGaps, 1.0f);
    }

    void aBusyCoreIsAProblemForComparisons()
    {
        TraceBuilder builder = twoThreads({0, 1});
        builder.addBusySample(1, 0, 100, 100);
        const Trace trace = builder.build();
        const auto problems = runProblems(trace);
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(QString::fromStdString(problems.front())
                     .startsWith(QStringLiteral(
                         "core 1 was 100 % busy with other programs during the threads run")),
                 problems.front().c_str());
        QVERIFY(runProblems(twoThreads({0}).build()).empty());
    }

    // The real idle accounting: a thread that spins on core 0 makes it busy in every interval,
    // and sampling costs little.
    void theSamplerSeesACoreThisThreadKeepsBusy()
    {
        cpu_set_t previous;
        QCOMPARE(sched_getaffinity(0, sizeof previous, &previous), 0);
        cpu_set_t core0;
        CPU_ZERO(&core0);
        CPU_SET(0, &core0);
        QCOMPARE(sched_setaffinity(0, sizeof core0, &core0), 0);
        const int64_t origin = monotonicNs();
        auto sampler = CoreBusySampler::start(1, 10'000'000);
        if (!sampler) {
            sched_setaffinity(0, sizeof previous, &previous);
            QSKIP("this kernel has neither cpuidle nor /proc/stat");
        }
        while (monotonicNs() - origin < 200'000'000) {}
        sampler->stop();
        sched_setaffinity(0, sizeof previous, &previous);

        TraceBuilder builder(1);
        sampler->addTo(builder, origin);
        const Trace trace = builder.build();
        const CoreBusySamples &samples = trace.busySamplesOf(0);
        QVERIFY2(samples.size() >= 10, qPrintable(QString::number(samples.size())));
        TimeNs busy = 0;
        TimeNs span = 0;
        for (size_t i = 0; i < samples.size(); ++i) {
            QVERIFY(samples.busy[i] <= samples.end[i] - samples.begin[i]);
            busy += samples.busy[i];
            span += samples.end[i] - samples.begin[i];
        }
        // jiffies make /proc/stat coarse; cpuidle's microseconds are close.
        QVERIFY2(double(busy) >= 0.8 * double(span),
                 qPrintable(QStringLiteral("%1 of %2 ns busy").arg(busy).arg(span)));
        QVERIFY(sampler->ownCpuNs() > 0);
        QVERIFY2(double(sampler->ownCpuNs()) < 0.05 * double(span),
                 qPrintable(QStringLiteral("sampling took %1 ns").arg(sampler->ownCpuNs())));
    }
};

QTEST_GUILESS_MAIN(TestCoreOccupancy)
#include "tst_coreoccupancy.moc"
