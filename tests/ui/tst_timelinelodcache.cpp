// SPDX-License-Identifier: MIT
// The timeline's cache along a live trace: each snapshot takes over what was derived from the
// one before (carryOver), draws the same items as summaries made from scratch would, says which
// states occur as a scan of its events would, and summaries that arrive for a snapshot the view
// has moved past still serve the next. Which markers a run holds, its longest hand-off across
// time and its counters' summaries are found once and kept.
#include "timeline/timelinelodcache.h"
#include "trace/tracebuilder.h"

#include <QTest>

#include <memory>
#include <random>
#include <vector>

using namespace corescope;

Q_DECLARE_METATYPE(std::vector<corescope::Marker>)

namespace {

/// A recording's lane, one core and one thread, growing by `slices` slices (each after a
/// Runnable or Blocked wait) at each grow(); snapshots carry the open slice on top, as a live
/// view's do.
class GrowingLane
{
public:
    GrowingLane() { m_builder.addThread({}); }

    std::shared_ptr<const Trace> grow(int slices)
    {
        for (int k = 0; k < slices; ++k) {
            const TimeNs gap = 1 + TimeNs(m_random() % 300);
            const ThreadState wait =
                m_random() % 8 == 0 ? ThreadState::Blocked : ThreadState::Runnable;
            m_builder.addState(0, m_t, m_t + gap, wait);
            m_t += gap;
            const TimeNs end = m_t + 1 + TimeNs(m_random() % 200);
            m_builder.addSlice(0, m_t, end, 0);
            m_builder.addState(0, m_t, end, ThreadState::Running, 0);
            m_t = end;
        }
        OpenIntervals open;
        open.addSlice(0, m_t, m_t + 500, 0);
        open.addState(0, m_t, m_t + 500, ThreadState::Running, 0);
        return std::make_shared<const Trace>(m_builder.snapshot(open));
    }

private:
    TraceBuilder m_builder{1};
    std::mt19937_64 m_random{11};
    TimeNs m_t = 0;
};

LodWindow wholeOf(const Trace &trace, int pixels)
{
    return {0, trace.extent(), pixels};
}

/// What a summary made from scratch at `width` draws of `trace`'s core and thread lanes.
std::vector<LodItem> fromScratch(const Trace &trace, TimeNs coreWidth, TimeNs stateWidth,
                                 const LodWindow &window)
{
    std::vector<LodItem> items;
    LaneSummary::ofSlices(trace.slicesOnCore(0), coreWidth).query(window, items);
    LaneSummary::ofStates(trace.statesOf(0), stateWidth).query(window, items);
    return items;
}

uint32_t scannedStates(const Trace &trace)
{
    uint32_t mask = 0;
    const ThreadStates &states = trace.statesOf(0);
    for (size_t i = 0; i < states.size(); ++i) {
        if (states.end[i] > states.begin[i])
            mask |= 1u << uint32_t(states.state[i]);
    }
    return mask;
}

bool same(const std::vector<LodItem> &a, const std::vector<LodItem> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const LodItem &x, const LodItem &y) {
                          return x.begin == y.begin && x.end == y.end && x.busy == y.busy
                                 && x.key == y.key && x.count == y.count;
                      });
}

} // namespace

class TestTimelineLodCache : public QObject
{
    Q_OBJECT

private slots:
    void liveSnapshotsCarryOverTheirSummaries()
    {
        TimelineLodCache cache;
        cache.setBuildOnDemand(false); // as the view: nothing big is summarised in a paint
        GrowingLane lane;
        std::shared_ptr<const Trace> shown;
        std::optional<std::pair<TimeNs, TimeNs>> widths; // of the first summaries, core and states
        int carried = 0;
        for (int step = 0; step < 30; ++step) {
            const std::shared_ptr<const Trace> next = lane.grow(3000);
            cache.carryOver(
                shown ? std::vector{shown} : std::vector<std::shared_ptr<const Trace>>{}, {next});
            shown = next;
            QCOMPARE(cache.statesPresent(shown), scannedStates(*shown));
            cache.prune(); // as each frame does: snapshots too small to share a chunk are let go
            QVERIFY(cache.entryCount() <= 1); // the snapshot before was taken over, not kept
            if (shown->slicesOnCore(0).size() < LaneSummary::kMinEvents)
                continue;
            if (!widths) {
                // The first big snapshot has nothing to carry on from: the view's job makes it.
                QVERIFY(cache.needsPreparation(shown));
                QVERIFY(!cache.earlierOf(shown));
                TimelineLodCache::PreparedSummaries prepared = TimelineLodCache::prepare(*shown);
                widths.emplace(prepared.cores[0]->bucketWidth(), prepared.states[0]->bucketWidth());
                cache.install(shown, std::move(prepared));
                continue;
            }
            // Later ones need no job: their lanes are carried on when drawn.
            QVERIFY2(!cache.needsPreparation(shown), qPrintable(QString::number(step)));
            QVERIFY(cache.earlierOf(shown));
            const LodWindow window = wholeOf(*shown, 1600);
            std::vector<LodItem> drawn;
            cache.coreItems(shown, 0, window, drawn);
            cache.stateItems(shown, 0, window, drawn);
            QVERIFY2(same(drawn, fromScratch(*shown, widths->first, widths->second, window)),
                     qPrintable(QStringLiteral("step %1").arg(step)));
            QVERIFY(drawn.front().index == LodItem::kNoIndex); // from the summary, not the events
            ++carried;
        }
        QVERIFY(carried >= 15);
    }

    void summariesOfASnapshotPassedByServeTheNext()
    {
        // The view's job for one snapshot may end after the next has been shown: its summaries
        // become the next one's Earlier rather than being lost.
        TimelineLodCache cache;
        cache.setBuildOnDemand(false);
        GrowingLane lane;
        const std::shared_ptr<const Trace> first = lane.grow(40000); // a big core lane too
        QVERIFY(cache.needsPreparation(first));
        TimelineLodCache::PreparedSummaries prepared = TimelineLodCache::prepare(*first);
        const std::shared_ptr<const Trace> second = lane.grow(1000);
        cache.carryOver({first}, {second});
        QVERIFY(!cache.earlierOf(second)); // nothing summarised yet to carry on
        QVERIFY(cache.needsPreparation(second));

        cache.install(first, std::move(prepared));
        const auto earlier = cache.earlierOf(second);
        QVERIFY(earlier && earlier->cores[0] && earlier->states[0]);
        QCOMPARE(earlier->cores[0]->first.size(), first->slicesOnCore(0).size());
        QVERIFY(!cache.needsPreparation(second));
        std::vector<LodItem> drawn;
        cache.coreItems(second, 0, wholeOf(*second, 800), drawn);
        QVERIFY(!drawn.empty() && drawn.front().index == LodItem::kNoIndex);

        // Once every big lane is summarised the Earlier, and the snapshot it holds, go.
        cache.stateItems(second, 0, wholeOf(*second, 800), drawn);
        std::vector<LodItem> again;
        cache.install(second, {});
        QVERIFY(!cache.earlierOf(second));
        cache.coreItems(second, 0, wholeOf(*second, 800), again);
        QVERIFY(!again.empty());
    }

    void anUnrelatedTraceStartsAfresh()
    {
        TimelineLodCache cache;
        GrowingLane one;
        GrowingLane other;
        const std::shared_ptr<const Trace> a = one.grow(20000);
        std::vector<LodItem> drawn;
        cache.coreItems(a, 0, wholeOf(*a, 800), drawn); // summarised on demand
        const std::shared_ptr<const Trace> b = other.grow(20000);
        cache.carryOver({a}, {b});
        QVERIFY(!cache.earlierOf(b));
        QCOMPARE(cache.statesPresent(b), scannedStates(*b));
    }

    void knowsTheMarkersOnce_data()
    {
        QTest::addColumn<std::vector<Marker>>("markers");
        QTest::addColumn<uint32_t>("kinds");
        QTest::addColumn<qint64>("longestTransit");
        const auto bit = [](MarkerKind kind) { return 1u << uint32_t(kind); };
        QTest::newRow("none") << std::vector<Marker>{} << 0u << qint64(0);
        QTest::newRow("hand-offs at once: no transit")
            << std::vector<Marker>{{10, MarkerKind::GilHandoff, 1, 0, 0, 0},
                                   {20, MarkerKind::Migration, 1, 1, 1, 0}}
            << (bit(MarkerKind::GilHandoff) | bit(MarkerKind::Migration)) << qint64(0);
        QTest::newRow("items through a queue: the longest of their transits")
            << std::vector<Marker>{{500, MarkerKind::QueueHandoff, 1, 0, 0, 0, 300},
                                   {600, MarkerKind::QueueHandoff, 1, 0, 0, 0, 450},
                                   {700, MarkerKind::QueueHandoff, 1, 0, 0, 0, 20}}
            << bit(MarkerKind::QueueHandoff) << qint64(450);
    }
    void knowsTheMarkersOnce()
    {
        QFETCH(std::vector<Marker>, markers);
        QFETCH(uint32_t, kinds);
        QFETCH(qint64, longestTransit);
        TraceBuilder builder(1);
        builder.addThread({1, 1, "a", ThreadRole::Worker, 0, 1000, -1});
        builder.addThread({1, 2, "b", ThreadRole::Worker, 0, 1000, -1});
        for (const Marker &marker : markers)
            builder.addMarker(marker);
        const auto trace = std::make_shared<const Trace>(builder.build());
        TimelineLodCache cache;
        QCOMPARE(cache.markerKindsPresent(trace), kinds);
        QCOMPARE(cache.longestTransit(trace), TimeNs(longestTransit));
        QCOMPARE(cache.entryCount(), size_t(1));
    }

    void keepsEachCounterSummary()
    {
        TraceBuilder builder(1);
        const uint32_t depth = builder.addCounter({"depth", CounterKind::QueueDepth, 1, {}, {}});
        builder.addCounterValue(depth, 0, 1);
        builder.addCounterValue(depth, 10, 4);
        builder.metadata().wallNs = 100;
        const auto trace = std::make_shared<const Trace>(builder.build());
        TimelineLodCache cache;
        const CounterSummary &summary = cache.counterSummary(trace, depth);
        QCOMPARE(&cache.counterSummary(trace, depth), &summary); // made once, then kept
        QCOMPARE(summary.extremes().high, 4.0);
        QCOMPARE(summary.endOf(1), trace->extent()); // the last value holds to the run's end
    }
};

QTEST_GUILESS_MAIN(TestTimelineLodCache)
#include "tst_timelinelodcache.moc"
