// SPDX-License-Identifier: MIT
// A counter track's level of detail: at most an item per pixel column at any zoom, even over a
// million values; each item holds exactly the lowest and highest of the values it stands for;
// the value at a time is found by binary search; a damaged track is left empty.

#include "timeline/countersummary.h"

#include <QtTest>

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

using namespace corescope;

namespace {

/// A queue's depth that goes up and down by one at uneven times (10 to 29 ns apart) from 0.
CounterTrack walk(size_t count)
{
    std::mt19937 random(7);
    std::vector<TimeNs> times;
    std::vector<double> values;
    times.reserve(count);
    values.reserve(count);
    TimeNs t = 0;
    double depth = 0;
    for (size_t k = 0; k < count; ++k) {
        times.push_back(t);
        values.push_back(depth);
        t += 10 + TimeNs(random() % 20);
        depth = std::max(0.0, depth + (random() % 2 == 0 ? 1.0 : -1.0));
    }
    CounterTrack track{"depth", CounterKind::QueueDepth, 1, times, values};
    return track;
}

/// The lowest and highest of the values holding somewhere in [from, to), one by one from the
/// last that begins at or before `from`.
std::optional<CounterSummary::Extremes> bruteForce(const CounterTrack &track, TimeNs until,
                                                   TimeNs from, TimeNs to)
{
    std::optional<CounterSummary::Extremes> e;
    const auto after = std::upper_bound(track.time.begin(), track.time.end(), from);
    const size_t first = after == track.time.begin() ? 0 : size_t(after - track.time.begin()) - 1;
    for (size_t k = first; k < track.size() && track.time[k] < to; ++k) {
        const TimeNs end = k + 1 < track.size() ? track.time[k + 1] : until;
        if (end <= from)
            continue;
        const double v = track.value[k];
        e = e ? CounterSummary::Extremes{std::min(e->low, v), std::max(e->high, v)}
              : CounterSummary::Extremes{v, v};
    }
    return e;
}

} // namespace

class TestCounterSummary : public QObject
{
    Q_OBJECT

private slots:
    void queriesAtMostAnItemPerPixel_data()
    {
        QTest::addColumn<int>("values");
        QTest::addColumn<double>("from"); // shares of the track's time span
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("pixels");
        QTest::newRow("1 M values, the whole track in 1200 pixels")
            << 1'000'000 << 0.0 << 1.0 << 1200;
        QTest::newRow("1 M values, a tenth of it") << 1'000'000 << 0.45 << 0.55 << 1200;
        QTest::newRow("1 M values, zoomed in until values are pixels wide")
            << 1'000'000 << 0.5 << 0.5001 << 1200;
        QTest::newRow("1 M values, in 4K") << 1'000'000 << 0.0 << 1.0 << 3600;
        QTest::newRow("1 M values, a window past the end and before the start")
            << 1'000'000 << -0.5 << 1.5 << 800;
        QTest::newRow("a few values, each wider than a pixel") << 20 << 0.0 << 1.0 << 1000;
        QTest::newRow("one pixel") << 1000 << 0.0 << 1.0 << 1;
    }
    void queriesAtMostAnItemPerPixel()
    {
        QFETCH(int, values);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, pixels);
        const CounterTrack track = walk(size_t(values));
        const TimeNs until = track.time.back() + 50;
        const CounterSummary summary(track, until);
        const LodWindow window{TimeNs(double(until) * from), TimeNs(double(until) * to), pixels};
        std::vector<CounterSummary::Item> items;
        summary.query(window, items);
        QVERIFY(!items.empty());
        QVERIFY2(items.size() <= size_t(pixels),
                 qPrintable(QStringLiteral("%1 items in %2 pixels").arg(items.size()).arg(pixels)));
        for (size_t k = 0; k < items.size(); ++k) {
            const CounterSummary::Item &item = items[k];
            QVERIFY(item.begin < item.end);
            QVERIFY(item.begin >= window.begin);
            QVERIFY(k == 0 || items[k - 1].end <= item.begin); // in order, never overlapping
            // Exactly the values it stands for: a single value, or a crowded column's range.
            const auto expected = bruteForce(track, until, item.begin, item.end);
            QVERIFY(expected);
            QCOMPARE(item.low, expected->low);
            QCOMPARE(item.high, expected->high);
            QCOMPARE(item.single(), item.low == item.high && item.count == 1);
        }
        // Nothing of the window is left out where the track has values.
        QCOMPARE(items.front().begin, std::max(window.begin, track.time.front()));
        QVERIFY(items.back().end >= std::min(window.end, until));
    }

    void findsTheValueAtATime_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<int>("index"); // -1: none
        QTest::newRow("before the first value: none") << qint64(5) << -1;
        QTest::newRow("at a change: the new value") << qint64(10) << 0;
        QTest::newRow("between changes: the one before") << qint64(25) << 1;
        QTest::newRow("after the last: the last") << qint64(500) << 2;
    }
    void findsTheValueAtATime()
    {
        QFETCH(qint64, time);
        QFETCH(int, index);
        const CounterTrack track{"depth", CounterKind::QueueDepth, 1, {10, 20, 30}, {1, 0, 2.5}};
        const CounterSummary summary(track, 100);
        const auto found = summary.indexAt(time);
        QCOMPARE(found ? int(*found) : -1, index);
        if (found) {
            QCOMPARE(summary.timeOf(*found), track.time[*found]);
            QCOMPARE(summary.endOf(*found), *found == 2 ? TimeNs(100) : track.time[*found + 1]);
        }
    }

    void findsTheExtremesOfAnyStretch()
    {
        // Stretches of every length, from within one block to most of the pyramid.
        const CounterTrack track = walk(100'000);
        const TimeNs until = track.time.back() + 50;
        const CounterSummary summary(track, until);
        std::mt19937 random(11);
        for (int k = 0; k < 200; ++k) {
            const TimeNs from = TimeNs(random() % uint32_t(until));
            const TimeNs length = TimeNs(1) << (random() % 22);
            const auto expected = bruteForce(track, until, from, from + length);
            const auto found = summary.extremes(from, from + length);
            QCOMPARE(found.has_value(), expected.has_value());
            if (found) {
                QCOMPARE(found->low, expected->low);
                QCOMPARE(found->high, expected->high);
            }
        }
        QCOMPARE(summary.extremes().low, 0.0);
        QCOMPARE(summary.extremes().high,
                 *std::max_element(track.value.begin(), track.value.end()));
        QVERIFY(!summary.extremes(until, until + 10)); // nothing holds after the end
    }

    void keepsValuesBelowZero()
    {
        const CounterTrack track{"balance", CounterKind::Imported, 1, {0, 10, 20}, {2, -3, 1}};
        const CounterSummary summary(track, 30);
        QCOMPARE(summary.extremes().low, -3.0);
        QCOMPARE(summary.extremes().high, 2.0);
    }

    void leavesADamagedTrackEmpty()
    {
        const CounterTrack track{"broken", CounterKind::Imported, 1, {0, 10, 20}, {1, 2}};
        const CounterSummary summary(track, 30);
        QCOMPARE(summary.size(), size_t(0));
        QVERIFY(!summary.indexAt(15));
        std::vector<CounterSummary::Item> items;
        summary.query({0, 30, 100}, items);
        QVERIFY(items.empty());
    }
};

QTEST_APPLESS_MAIN(TestCounterSummary)
#include "tst_countersummary.moc"
