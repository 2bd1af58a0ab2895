// SPDX-License-Identifier: MIT
// Level-of-detail queries: a lane of any size comes back as at most a few items per pixel column,
// in time order, and as the events themselves once every event is at least a pixel wide.

#include "analysis/lanesummary.h"
#include "analysis/levelofdetail.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <random>

using namespace corescope;

namespace {

/// One core with `count` slices of 1 to `maxLength` ns separated by gaps of 0 to `maxGap` ns,
/// owned by threads 0 to threads − 1, from a fixed seed so that every run checks the same lane.
Trace laneOf(int count, TimeNs maxLength, TimeNs maxGap, uint32_t threads)
{
    std::mt19937_64 random(42);
    std::uniform_int_distribution<TimeNs> length(1, maxLength);
    std::uniform_int_distribution<TimeNs> gap(0, maxGap);
    std::uniform_int_distribution<uint32_t> owner(0, threads - 1);
    TraceBuilder builder(1);
    for (uint32_t t = 0; t < threads; ++t)
        builder.addThread({});
    TimeNs t = 0;
    for (int k = 0; k < count; ++k) {
        t += gap(random);
        const TimeNs end = t + length(random);
        builder.addSlice(0, t, end, owner(random));
        t = end;
    }
    builder.metadata().wallNs = t;
    return builder.build();
}

QString describe(const LodItem &item)
{
    return QStringLiteral("[%1, %2) key %3 count %4")
        .arg(item.begin)
        .arg(item.end)
        .arg(item.key)
        .arg(item.count);
}

} // namespace

class TestLod : public QObject
{
    Q_OBJECT

private slots:
    void boundedOutput_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<qint64>("maxLength");
        QTest::addColumn<qint64>("maxGap");
        QTest::addColumn<double>("windowBegin"); // fraction of the lane's duration
        QTest::addColumn<double>("windowEnd");
        QTest::addColumn<int>("pixels");
        QTest::newRow("1k sparse, whole, 1000 px")
            << 1000 << qint64(5000) << qint64(20000) << 0.0 << 1.0 << 1000;
        QTest::newRow("100k dense, whole, 1920 px")
            << 100000 << qint64(300) << qint64(100) << 0.0 << 1.0 << 1920;
        QTest::newRow("100k dense, whole, 7 px")
            << 100000 << qint64(300) << qint64(100) << 0.0 << 1.0 << 7;
        QTest::newRow("100k dense, 1 px")
            << 100000 << qint64(300) << qint64(100) << 0.0 << 1.0 << 1;
        QTest::newRow("100k mixed, middle tenth")
            << 100000 << qint64(50000) << qint64(30) << 0.45 << 0.55 << 1920;
        QTest::newRow("200k, window past the end")
            << 200000 << qint64(100) << qint64(100) << 0.9 << 1.5 << 800;
        QTest::newRow("200k, window before the start")
            << 200000 << qint64(100) << qint64(100) << -0.5 << 0.01 << 800;
    }

    void boundedOutput()
    {
        QFETCH(int, count);
        QFETCH(qint64, maxLength);
        QFETCH(qint64, maxGap);
        QFETCH(double, windowBegin);
        QFETCH(double, windowEnd);
        QFETCH(int, pixels);
        const Trace trace = laneOf(count, maxLength, maxGap, 5);
        const CoreSlices &slices = trace.slicesOnCore(0);
        const LodWindow window{TimeNs(windowBegin * double(trace.duration())),
                               TimeNs(windowEnd * double(trace.duration())), pixels};
        std::vector<LodItem> items;
        lod::coreSlices(slices, window, items);

        QVERIFY2(items.size() <= size_t(2 * pixels + 2), qPrintable(QString::number(items.size())));
        // In time order, not overlapping, each touching the window, and no event counted twice.
        uint64_t events = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            const LodItem &item = items[i];
            QVERIFY2(item.begin < window.end && item.end > window.begin,
                     qPrintable(describe(item)));
            QVERIFY(item.count >= 1);
            QVERIFY(item.busy >= 0 && item.busy <= item.end - item.begin);
            QVERIFY(item.key < 5);
            if (i > 0)
                QVERIFY2(item.begin >= items[i - 1].end, qPrintable(describe(item)));
            events += item.count;
        }
        // Exactly the events that touch the window, counted once each.
        uint64_t expected = 0;
        for (size_t k = 0; k < slices.size(); ++k)
            expected += slices.begin[k] < window.end && slices.end[k] > window.begin ? 1 : 0;
        QCOMPARE(events, expected);
    }

    void exactWhenZoomedIn_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<int>("pixels");
        // The lane: slices of at least 1000 ns; 1 ns per pixel or finer makes every one wide.
        QTest::newRow("1 ns per px") << qint64(0) << qint64(20000) << 20000;
        QTest::newRow("0.5 ns per px") << qint64(3000) << qint64(4000) << 2000;
        QTest::newRow("window inside one slice") << qint64(10100) << qint64(10200) << 500;
        QTest::newRow("window in a gap") << qint64(4050) << qint64(4090) << 100;
    }

    void exactWhenZoomedIn()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(int, pixels);
        TraceBuilder builder(1);
        builder.addThread({});
        builder.addThread({});
        const std::vector<std::pair<TimeNs, TimeNs>> intervals = {
            {1000, 2000}, {2000, 4000}, {4100, 7000}, {8000, 9000}, {10000, 13000}, {15000, 19000}};
        for (size_t k = 0; k < intervals.size(); ++k)
            builder.addSlice(0, intervals[k].first, intervals[k].second, uint32_t(k % 2));
        const Trace trace = builder.build();
        std::vector<LodItem> items;
        lod::coreSlices(trace.slicesOnCore(0), {from, to, pixels}, items);

        std::vector<LodItem> expected;
        for (size_t k = 0; k < intervals.size(); ++k) {
            const auto [begin, end] = intervals[k];
            if (begin < to && end > from)
                expected.push_back({begin, end, end - begin, uint32_t(k % 2), 1, uint32_t(k)});
        }
        QCOMPARE(items.size(), expected.size());
        for (size_t i = 0; i < items.size(); ++i) {
            QCOMPARE(items[i].begin, expected[i].begin);
            QCOMPARE(items[i].end, expected[i].end);
            QCOMPARE(items[i].busy, expected[i].busy);
            QCOMPARE(items[i].key, expected[i].key);
            QCOMPARE(items[i].count, 1u);
            QCOMPARE(items[i].index, expected[i].index);
        }
    }

    void crowdedColumnsMerge_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("pixels");
        QTest::addColumn<int>("maxItems");
        // Slices of 60 ns every 100 ns from one thread: the lane is 60 % busy everywhere.
        QTest::newRow("all in one column") << 1000 << 1 << 1;
        QTest::newRow("10 per column, one bar") << 10000 << 1000 << 1;
        QTest::newRow("a few per column, one bar") << 3000 << 1000 << 1;
    }

    void crowdedColumnsMerge()
    {
        QFETCH(int, count);
        QFETCH(int, pixels);
        QFETCH(int, maxItems);
        TraceBuilder builder(1);
        builder.addThread({});
        builder.addThread({});
        for (int k = 0; k < count; ++k)
            builder.addSlice(0, TimeNs(k) * 100, TimeNs(k) * 100 + 60, 1);
        const Trace trace = builder.build();
        std::vector<LodItem> items;
        lod::coreSlices(trace.slicesOnCore(0), {0, TimeNs(count) * 100, pixels}, items);
        QVERIFY(int(items.size()) <= maxItems);
        QCOMPARE(items.front().key, 1u);
        QCOMPARE(items.front().count, uint32_t(count));
        QVERIFY2(std::abs(items.front().coverage() - 0.6) < 0.02,
                 qPrintable(QString::number(items.front().coverage())));
    }

    void dominantKeyColoursTheColumn()
    {
        // One pixel column of 1000 ns: thread 2 runs 80 % of the busy time, thread 3 the rest.
        TraceBuilder builder(1);
        for (int t = 0; t < 4; ++t)
            builder.addThread({});
        for (int k = 0; k < 40; ++k) {
            const TimeNs begin = k * 25;
            builder.addSlice(0, begin, begin + (k % 5 == 0 ? 5 : 20), k % 5 == 0 ? 3 : 2);
        }
        const Trace trace = builder.build();
        std::vector<LodItem> items;
        lod::coreSlices(trace.slicesOnCore(0), {0, 1000, 1}, items);
        QCOMPARE(items.size(), size_t(1));
        QCOMPARE(items[0].key, 2u);
        QCOMPARE(items[0].count, 40u);
    }

    void idleColumnsStayEmpty()
    {
        // Two bursts of tiny slices with 10 columns of nothing between them.
        TraceBuilder builder(1);
        builder.addThread({});
        for (int k = 0; k < 100; ++k) {
            builder.addSlice(0, k * 10, k * 10 + 5, 0);
            builder.addSlice(0, 2000 + k * 10, 2000 + k * 10 + 5, 0);
        }
        const Trace trace = builder.build();
        std::vector<LodItem> items;
        lod::coreSlices(trace.slicesOnCore(0), {0, 3000, 30}, items);
        QCOMPARE(items.size(), size_t(2));
        QVERIFY(items[0].end <= 1000);
        QVERIFY(items[1].begin >= 2000);
    }

    void stateStrips()
    {
        TraceBuilder builder(2);
        builder.addThread({});
        builder.addState(0, 0, 1000, ThreadState::Running, 1);
        builder.addState(0, 1000, 5000, ThreadState::GilWait);
        // Inside one 1000 ns column, 30 ns running and 10 ns waiting, 25 times (the builder
        // merges the three running pieces of each round into one state: 50 states in all).
        for (int k = 0; k < 100; ++k)
            builder.addState(0, 5000 + k * 10, 5000 + k * 10 + 10,
                             k % 4 == 3 ? ThreadState::GilWait : ThreadState::Running, 0);
        const Trace trace = builder.build();
        std::vector<LodItem> items;
        lod::threadStates(trace.statesOf(0), {0, 6000, 6}, items);
        QCOMPARE(items.size(), size_t(3));
        QCOMPARE(ThreadState(items[0].key), ThreadState::Running);
        QCOMPARE(ThreadState(items[1].key), ThreadState::GilWait);
        QCOMPARE(ThreadState(items[2].key), ThreadState::Running);
        QCOMPARE(items[2].count, 50u);
    }

    void spansOfOneKind()
    {
        // A long task holding the GIL in short bursts: each kind is its own, non-overlapping lane.
        TraceBuilder builder(1);
        builder.addThread({});
        builder.addSpan(0, 0, 100000, SpanKind::Task, 7, 0);
        for (int k = 0; k < 50; ++k)
            builder.addSpan(0, 1000 + k * 2000, 1000 + k * 2000 + 500, SpanKind::GilHold);
        const Trace trace = builder.build();
        const ThreadSpans &spans = trace.spansOf(0);
        const auto tasks = lod::spansOfKind(spans, SpanKind::Task);
        const auto holds = lod::spansOfKind(spans, SpanKind::GilHold);
        QCOMPARE(tasks.size(), size_t(1));
        QCOMPARE(holds.size(), size_t(50));

        std::vector<LodItem> items;
        // A window in the middle of the task: the task starts long before it and is still found.
        lod::threadSpans(spans, tasks, {50000, 51000, 100}, items);
        QCOMPARE(items.size(), size_t(1));
        QCOMPARE(items[0].index, tasks[0]);
        QCOMPARE(spans.task[items[0].index], 7u);
        lod::threadSpans(spans, holds, {0, 100000, 10000}, items);
        QCOMPARE(items.size(), size_t(50));
        QCOMPARE(lod::spanAt(spans, holds, 3200), std::optional<uint32_t>(holds[1]));
        QCOMPARE(lod::spanAt(spans, holds, 3600), std::nullopt);
        QCOMPARE(lod::spanAt(spans, tasks, 99999), std::optional<uint32_t>(tasks[0]));
    }

    void spanLayersSeparateNesting()
    {
        // Imported slices nest within one kind: a(0..100) ⊃ b(10..50) ⊃ c(20..30), then d(60..90)
        // inside a, then e(200..300); and one task around all of it.
        TraceBuilder builder(1);
        builder.addThread({});
        builder.addSpan(0, 0, 1000, SpanKind::Task, 1, 0);
        const std::vector<std::pair<TimeNs, TimeNs>> named = {
            {0, 100}, {10, 50}, {20, 30}, {60, 90}, {200, 300}};
        for (const auto &[begin, end] : named)
            builder.addSpan(0, begin, end, SpanKind::Named, 0, 0);
        const Trace trace = builder.build();
        const ThreadSpans &spans = trace.spansOf(0);
        const auto layers = lod::spanLayers(spans);
        QCOMPARE(layers.size(), size_t(4));
        QCOMPARE(layers[0].kind, SpanKind::Task);
        QCOMPARE(layers[0].spans.size(), size_t(1));
        const auto beginsOf = [&](const lod::SpanLayer &layer) {
            QList<qint64> begins;
            for (uint32_t k : layer.spans)
                begins.append(spans.begin[k]);
            return begins;
        };
        QCOMPARE(layers[1].kind, SpanKind::Named);
        QCOMPARE(layers[1].depth, 0u);
        QCOMPARE(beginsOf(layers[1]), (QList<qint64>{0, 200}));
        QCOMPARE(layers[2].depth, 1u);
        QCOMPARE(beginsOf(layers[2]), (QList<qint64>{10, 60}));
        QCOMPARE(layers[3].depth, 2u);
        QCOMPARE(beginsOf(layers[3]), (QList<qint64>{20}));
        for (const auto &layer : layers) {
            for (size_t i = 1; i < layer.spans.size(); ++i)
                QVERIFY(spans.begin[layer.spans[i]] >= spans.end[layer.spans[i - 1]]);
        }
    }

    void hitTesting_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<int>("expected"); // -1: none
        QTest::newRow("before everything") << qint64(-5) << -1;
        QTest::newRow("first instant") << qint64(100) << 0;
        QTest::newRow("inside the first") << qint64(150) << 0;
        QTest::newRow("end is exclusive") << qint64(200) << 1;
        QTest::newRow("in a gap") << qint64(350) << -1;
        QTest::newRow("last") << qint64(999) << 2;
        QTest::newRow("after everything") << qint64(1000) << -1;
    }

    void hitTesting()
    {
        QFETCH(qint64, time);
        QFETCH(int, expected);
        TraceBuilder builder(1);
        builder.addThread({});
        builder.addSlice(0, 100, 200, 0);
        builder.addSlice(0, 200, 300, 0);
        builder.addSlice(0, 400, 1000, 0);
        const Trace trace = builder.build();
        const auto found = lod::sliceAt(trace.slicesOnCore(0), time);
        QCOMPARE(found ? int(*found) : -1, expected);
    }

    void summaryAgreesWithTheEvents_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("windowBegin");
        QTest::addColumn<double>("windowEnd");
        QTest::addColumn<int>("pixels");
        QTest::newRow("200k, whole, 1920 px") << 200000 << 0.0 << 1.0 << 1920;
        QTest::newRow("200k, whole, 100 px") << 200000 << 0.0 << 1.0 << 100;
        QTest::newRow("200k, a fifth, 800 px") << 200000 << 0.3 << 0.5 << 800;
        QTest::newRow("500k, past the end") << 500000 << 0.5 << 2.0 << 1000;
    }

    void summaryAgreesWithTheEvents()
    {
        QFETCH(int, count);
        QFETCH(double, windowBegin);
        QFETCH(double, windowEnd);
        QFETCH(int, pixels);
        // Slices up to 200 ns with gaps up to 300 ns: about 40 % busy, three threads.
        const Trace trace = laneOf(count, 200, 300, 3);
        const CoreSlices &slices = trace.slicesOnCore(0);
        const LaneSummary summary = LaneSummary::ofSlices(slices);
        QVERIFY(!summary.empty());
        QVERIFY(summary.memoryBytes() < slices.size() * 4);
        const LodWindow window{TimeNs(windowBegin * double(trace.duration())),
                               TimeNs(windowEnd * double(trace.duration())), pixels};
        QVERIFY(summary.covers(window));
        std::vector<LodItem> items;
        summary.query(window, items);
        QVERIFY(!items.empty());
        QVERIFY(items.size() <= size_t(pixels));

        TimeNs busy = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            QVERIFY(items[i].begin < window.end + TimeNs(window.nsPerPixel()) + 1);
            QVERIFY(items[i].key < 3);
            QCOMPARE(items[i].index, LodItem::kNoIndex);
            if (i > 0)
                QVERIFY(items[i].begin >= items[i - 1].end - 1);
            busy += items[i].busy;
        }
        TimeNs expected = 0;
        for (size_t k = 0; k < slices.size(); ++k)
            expected += std::max<TimeNs>(0, std::min(slices.end[k], window.end)
                                                - std::max(slices.begin[k], window.begin));
        QVERIFY2(std::abs(double(busy - expected)) <= 0.02 * double(expected) + 1000.0,
                 qPrintable(QStringLiteral("%1 vs %2").arg(busy).arg(expected)));
    }

    void summaryDefersToEventsWhenZoomedIn()
    {
        const Trace trace = laneOf(100000, 200, 300, 3);
        const LaneSummary summary = LaneSummary::ofSlices(trace.slicesOnCore(0));
        // Finest buckets hold ~16 events: a window of 100 events on 1000 px is for lod::.
        const TimeNs narrow = 100 * 350;
        QVERIFY(!summary.covers({0, narrow, 1000}));
        QVERIFY(summary.covers({0, trace.duration(), 1000}));
        QVERIFY(!summary.covers({0, trace.duration(), 0}));
    }

    void summaryCarriedOnAlongALiveTrace_data()
    {
        QTest::addColumn<int>("sparseFrom"); // the step from which events come 50 times rarer
        QTest::newRow("even density") << 1000;
        QTest::newRow("a quiet end, buckets made anew") << 25;
    }

    void summaryCarriedOnAlongALiveTrace()
    {
        // Snapshots of a growing lane, each with its open slice and state on top (as a
        // recording's live view takes them), each summary carried on from the one before:
        // every one must equal a summary made from scratch at its bucket width.
        QFETCH(int, sparseFrom);
        TraceBuilder builder(1);
        builder.addThread({});
        std::mt19937_64 random(7);
        TimeNs t = 0;
        std::optional<Trace> earlier;
        LaneSummary slices;
        LaneSummary states;
        int carried = 0;
        for (int step = 0; step < 40; ++step) {
            for (int k = 0; k < 4000; ++k) {
                const TimeNs gap = TimeNs(random() % 300) * (step >= sparseFrom ? 50 : 1);
                builder.addState(0, t, t + gap, ThreadState::Runnable);
                t += gap;
                const TimeNs end = t + 1 + TimeNs(random() % 200);
                builder.addSlice(0, t, end, 0);
                builder.addState(0, t, end, ThreadState::Running, 0);
                t = end;
            }
            OpenIntervals open;
            open.addSlice(0, t, t + 500, 0);
            open.addState(0, t, t + 500, ThreadState::Running, 0);
            Trace now = builder.snapshot(open);
            if (earlier && !slices.empty()) {
                const TimeNs width = slices.bucketWidth();
                slices =
                    LaneSummary::ofSlices(now.slicesOnCore(0), earlier->slicesOnCore(0), slices);
                states = LaneSummary::ofStates(now.statesOf(0), earlier->statesOf(0), states);
                carried += slices.bucketWidth() == width ? 1 : 0;
            } else if (now.slicesOnCore(0).size() >= LaneSummary::kMinEvents) {
                slices = LaneSummary::ofSlices(now.slicesOnCore(0));
                states = LaneSummary::ofStates(now.statesOf(0));
            }
            if (!slices.empty()) {
                QVERIFY2(slices == LaneSummary::ofSlices(now.slicesOnCore(0), slices.bucketWidth()),
                         qPrintable(QStringLiteral("slices, step %1").arg(step)));
                QVERIFY2(states == LaneSummary::ofStates(now.statesOf(0), states.bucketWidth()),
                         qPrintable(QStringLiteral("states, step %1").arg(step)));
            }
            earlier = std::move(now);
        }
        QVERIFY(carried >= 20); // most updates carried the summary on rather than making it anew
    }

    void summaryOfAnUnrelatedLaneIsMadeAnew()
    {
        const Trace one = laneOf(100000, 200, 300, 3);
        const Trace other = laneOf(120000, 100, 100, 3);
        const LaneSummary ofOne = LaneSummary::ofSlices(one.slicesOnCore(0));
        QVERIFY(LaneSummary::ofSlices(other.slicesOnCore(0), one.slicesOnCore(0), ofOne)
                == LaneSummary::ofSlices(other.slicesOnCore(0)));
    }

    void summaryKeepsIdleGapsAndDominance()
    {
        // Thread 1 busy in the first third, nothing in the second, thread 2 in the last third.
        TraceBuilder builder(1);
        for (int t = 0; t < 3; ++t)
            builder.addThread({});
        const int perThird = 50000;
        for (int k = 0; k < perThird; ++k) {
            builder.addSlice(0, TimeNs(k) * 20, TimeNs(k) * 20 + 15, 1);
            builder.addSlice(0, TimeNs(2 * perThird + k) * 20, TimeNs(2 * perThird + k) * 20 + 15,
                             2);
        }
        const Trace trace = builder.build();
        const LaneSummary summary = LaneSummary::ofSlices(trace.slicesOnCore(0));
        std::vector<LodItem> items;
        const TimeNs third = TimeNs(perThird) * 20;
        summary.query({0, 3 * third, 300}, items);
        // Buckets are at most half a pixel wide, so an edge may smear into one more column.
        const TimeNs pixel = third / 100;
        QVERIFY(items.size() >= 2);
        for (const LodItem &item : items) {
            QVERIFY2(item.end <= third + pixel || item.begin >= 2 * third - pixel,
                     qPrintable(describe(item)));
            QCOMPARE(item.key, item.begin < third + pixel ? 1u : 2u);
        }
        QVERIFY(std::abs(items.front().coverage() - 0.75) < 0.02);
        QVERIFY(std::abs(items.back().coverage() - 0.75) < 0.02);
        QVERIFY(items.front().end - items.front().begin >= third - 2 * pixel);
    }

    void emptyInputs()
    {
        const CoreSlices none;
        std::vector<LodItem> items{LodItem{}};
        lod::coreSlices(none, {0, 100, 10}, items);
        QVERIFY(items.empty());
        const Trace trace = laneOf(100, 10, 10, 1);
        lod::coreSlices(trace.slicesOnCore(0), {0, 100, 0}, items);
        QVERIFY(items.empty());
        lod::coreSlices(trace.slicesOnCore(0), {100, 100, 10}, items);
        QVERIFY(items.empty());
    }
};

QTEST_APPLESS_MAIN(TestLod)
#include "tst_lod.moc"
