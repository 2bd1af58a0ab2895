// SPDX-License-Identifier: MIT
// CoreUtilisation, what the core-utilisation chart draws: a core's on-CPU slices summed into
// equal time bins that add up to its busy time, none fuller than its own span, over the run's
// whole extent.

#include "analysis/coreutilisation.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <vector>

using namespace corescope;

class TestCoreUtilisation : public QObject
{
    Q_OBJECT

private slots:
    void binsAddUpToTheBusyTime_data()
    {
        QTest::addColumn<std::vector<TimeNs>>("begins");
        QTest::addColumn<std::vector<TimeNs>>("ends");
        QTest::addColumn<TimeNs>("end");
        QTest::addColumn<int>("bins");
        QTest::addColumn<TimeNs>("busy");

        using V = std::vector<TimeNs>;
        QTest::newRow("idle") << V{} << V{} << TimeNs(1000) << 10 << TimeNs(0);
        QTest::newRow("inside one bin") << V{120} << V{180} << TimeNs(1000) << 10 << TimeNs(60);
        QTest::newRow("across bins") << V{50} << V{950} << TimeNs(1000) << 10 << TimeNs(900);
        QTest::newRow("on bin edges")
            << V{0, 300} << V{100, 400} << TimeNs(1000) << 10 << TimeNs(200);
        QTest::newRow("always busy") << V{0} << V{1000} << TimeNs(1000) << 10 << TimeNs(1000);
        QTest::newRow("past the end") << V{900} << V{1500} << TimeNs(1000) << 10 << TimeNs(100);
        QTest::newRow("uneven width")
            << V{0, 500} << V{333, 997} << TimeNs(997) << 7 << TimeNs(830);
        QTest::newRow("more bins than ns") << V{1} << V{4} << TimeNs(5) << 200 << TimeNs(3);
        QTest::newRow("many slices")
            << V{0, 10, 20, 30, 40, 50, 60, 70, 80, 90} << V{5, 15, 25, 35, 45, 55, 65, 75, 85, 95}
            << TimeNs(100) << 3 << TimeNs(50);
        QTest::newRow("realistic")
            << V{1'000'000, 250'000'000, 251'000'000} << V{240'000'000, 250'500'000, 1'234'567'890}
            << TimeNs(1'300'000'000) << 200 << TimeNs(239'000'000 + 500'000 + 983'567'890);
    }

    void binsAddUpToTheBusyTime()
    {
        QFETCH(std::vector<TimeNs>, begins);
        QFETCH(std::vector<TimeNs>, ends);
        QFETCH(TimeNs, end);
        QFETCH(int, bins);
        QFETCH(TimeNs, busy);
        CoreSlices slices;
        slices.begin = begins;
        slices.end = ends;
        slices.thread = std::vector<uint32_t>(begins.size(), 0);
        const CoreUtilisation utilisation = CoreUtilisation::ofSlices({&slices}, end, size_t(bins));
        QCOMPARE(utilisation.coreCount(), size_t(1));
        QCOMPARE(utilisation.binCount(), size_t(bins));
        QVERIFY(utilisation.binWidth() * bins >= end);
        // The bins add up to the core's busy time, and no bin holds more than its own span.
        QCOMPARE(utilisation.totalBusy(0), busy);
        TimeNs sum = 0;
        TimeNs spans = 0;
        for (size_t bin = 0; bin < utilisation.binCount(); ++bin) {
            QVERIFY(utilisation.busy(0, bin) <= utilisation.binSpan(bin));
            QVERIFY(utilisation.fraction(0, bin) >= 0 && utilisation.fraction(0, bin) <= 1);
            sum += utilisation.busy(0, bin);
            spans += utilisation.binSpan(bin);
        }
        QCOMPARE(sum, busy);
        QCOMPARE(spans, end);
    }

    void binsSpanTheWholeRun_data()
    {
        QTest::addColumn<TimeNs>("wall");
        QTest::addColumn<TimeNs>("threadEnd");
        QTest::addColumn<TimeNs>("end");
        QTest::newRow("the wall time") << TimeNs(1000) << TimeNs(900) << TimeNs(1000);
        // An import that knows no wall time: its last event bounds the run.
        QTest::newRow("no wall time: the last slice") << TimeNs(0) << TimeNs(0) << TimeNs(700);
        QTest::newRow("a thread that outlives the run")
            << TimeNs(1000) << TimeNs(1200) << TimeNs(1200);
    }

    void binsSpanTheWholeRun()
    {
        QFETCH(TimeNs, wall);
        QFETCH(TimeNs, threadEnd);
        QFETCH(TimeNs, end);
        TraceBuilder builder(2);
        builder.metadata().wallNs = wall;
        const uint32_t thread = builder.addThread({1, 1, "w", ThreadRole::Worker, 0, threadEnd});
        builder.addSlice(0, 100, 700, thread);
        const Trace trace = builder.build();
        const CoreUtilisation utilisation = CoreUtilisation::of(trace, 10);
        QCOMPARE(utilisation.coreCount(), size_t(2));
        QCOMPARE(utilisation.end(), end);
        QCOMPARE(utilisation.totalBusy(0), TimeNs(600));
        QCOMPARE(utilisation.totalBusy(1), TimeNs(0));
    }
};

QTEST_APPLESS_MAIN(TestCoreUtilisation)
#include "tst_coreutilisation.moc"
