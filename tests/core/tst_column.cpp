// SPDX-License-Identifier: MIT
// Column<T>: read like a std::vector across chunk boundaries, copied by sharing its chunks, and
// copied on write so that neither a copy nor its original ever sees the other change, on one
// thread or two. Most rows use chunks of 16 values, so that boundaries are crossed often; the
// huge sizes use the real ones.

#include "trace/column.h"

#include <QtTest>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <iterator>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

using namespace corescope;

namespace {

using Small = Column<int64_t, 4>;
static_assert(Small::kChunkSize == 16);
static_assert(std::random_access_iterator<Small::const_iterator>);
static_assert(std::random_access_iterator<Column<int64_t>::const_iterator>);

/// 0, 1, …, n - 1.
Small counting(size_t n)
{
    Small column;
    for (size_t i = 0; i < n; ++i)
        column.push_back(int64_t(i));
    return column;
}

std::vector<int64_t> valuesOf(const Small &column)
{
    return {column.begin(), column.end()};
}

/// Where each chunk's values are: equal pointers are one chunk, shared.
template <typename ColumnT>
std::vector<const void *> chunksOf(const ColumnT &column)
{
    std::vector<const void *> chunks;
    column.forEachChunk([&](auto chunk) { chunks.push_back(chunk.data()); });
    return chunks;
}

/// How many chunks two columns share, position by position.
template <typename ColumnT>
size_t sharedChunks(const ColumnT &a, const ColumnT &b)
{
    const auto ca = chunksOf(a);
    const auto cb = chunksOf(b);
    size_t shared = 0;
    for (size_t c = 0; c < std::min(ca.size(), cb.size()); ++c)
        shared += ca[c] == cb[c] ? 1 : 0;
    return shared;
}

/// A tiny deterministic generator, so that a failing sequence can be replayed.
class Random
{
public:
    uint32_t below(uint32_t n)
    {
        m_state = m_state * 6364136223846793005ull + 1442695040888963407ull;
        return uint32_t(m_state >> 33) % n;
    }

private:
    uint64_t m_state = 1;
};

} // namespace

class TestColumn : public QObject
{
    Q_OBJECT

private slots:
    void readsLikeAVectorAcrossChunkBoundaries_data()
    {
        QTest::addColumn<int>("size");
        for (int n : {0, 1, 15, 16, 17, 31, 32, 33, 48, 1000})
            QTest::addRow("%d values", n) << n;
    }

    void readsLikeAVectorAcrossChunkBoundaries()
    {
        QFETCH(int, size);
        const Small column = counting(size_t(size));
        QCOMPARE(column.size(), size_t(size));
        QCOMPARE(column.empty(), size == 0);
        QVERIFY(column.capacity() >= column.size());
        QCOMPARE(std::distance(column.begin(), column.end()), std::ptrdiff_t(size));
        for (size_t i = 0; i < column.size(); ++i)
            QCOMPARE(column[i], int64_t(i));
        if (size > 0) {
            QCOMPARE(column.front(), 0);
            QCOMPARE(column.back(), size - 1);
        }
        // Chunk by chunk: whole chunks of 16 but the last, in order.
        int64_t next = 0;
        size_t chunks = 0;
        column.forEachChunk([&](std::span<const int64_t> chunk) {
            ++chunks;
            QVERIFY(chunk.size() == Small::kChunkSize || next + int64_t(chunk.size()) == size);
            for (int64_t value : chunk)
                QCOMPARE(value, next++);
        });
        QCOMPARE(next, size);
        QCOMPARE(chunks, (size_t(size) + 15) / 16);
    }

    void iteratorsServeTheStandardAlgorithms_data()
    {
        QTest::addColumn<int64_t>("key");
        for (int64_t key : {-1, 0, 1, 15, 16, 17, 50, 99, 100, 101, 250})
            QTest::addRow("key %lld", static_cast<long long>(key)) << key;
    }

    void iteratorsServeTheStandardAlgorithms()
    {
        QFETCH(int64_t, key);
        // Each of 0, 2, 4, … 198 twice: 200 values across 13 chunks.
        Small column;
        std::vector<int64_t> vector;
        for (int64_t i = 0; i < 200; ++i) {
            column.push_back(i / 2 * 2);
            vector.push_back(i / 2 * 2);
        }
        const auto at = [](auto it, const auto &from) { return std::ptrdiff_t(it - from.begin()); };
        QCOMPARE(at(std::lower_bound(column.begin(), column.end(), key), column),
                 at(std::lower_bound(vector.begin(), vector.end(), key), vector));
        QCOMPARE(at(std::upper_bound(column.begin(), column.end(), key), column),
                 at(std::upper_bound(vector.begin(), vector.end(), key), vector));
        QCOMPARE(at(std::find(column.begin(), column.end(), key), column),
                 at(std::find(vector.begin(), vector.end(), key), vector));
        QCOMPARE(std::count(column.begin(), column.end(), key),
                 std::count(vector.begin(), vector.end(), key));
        QVERIFY(std::is_sorted(column.begin(), column.end()));
        QVERIFY(std::equal(column.begin(), column.end(), vector.begin(), vector.end()));
        QCOMPARE(std::accumulate(column.begin(), column.end(), int64_t(0)),
                 std::accumulate(vector.begin(), vector.end(), int64_t(0)));
        // Arithmetic, comparison and reverse walks.
        const auto begin = column.begin();
        const auto end = column.end();
        QCOMPARE(*(begin + 37), vector[37]);
        QCOMPARE(begin[150], vector[150]);
        QCOMPARE(*std::prev(end), vector.back());
        QCOMPARE(end - begin, std::ptrdiff_t(200));
        QVERIFY(begin < end && end > begin + 199 && begin + 200 == end);
        QVERIFY(std::equal(std::make_reverse_iterator(end), std::make_reverse_iterator(begin),
                           vector.rbegin()));
        Small unsorted = column;
        unsorted.push_back(-1);
        QVERIFY(!std::is_sorted(unsorted.begin(), unsorted.end()));
        QCOMPARE(std::is_sorted_until(unsorted.begin(), unsorted.end()) - unsorted.begin(), 200);
    }

    void aCopySharesEveryChunk()
    {
        const Small original = counting(100);
        const Small copy = original;
        QCOMPARE(chunksOf(copy), chunksOf(original));
        QCOMPARE(copy, original);
    }

    void appendingToACopyCopiesItsLastChunkOnly_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("a partly filled last chunk") << 100;
        QTest::newRow("a full last chunk") << 96;
        QTest::newRow("one short chunk") << 5;
    }

    void appendingToACopyCopiesItsLastChunkOnly()
    {
        QFETCH(int, size);
        const Small original = counting(size_t(size));
        Small copy = original;
        for (int i = 0; i < 10; ++i)
            copy.push_back(-i);
        QCOMPARE(valuesOf(original), valuesOf(counting(size_t(size))));
        QCOMPARE(sharedChunks(copy, original), size_t(size) / 16); // every whole chunk
        for (size_t i = 0; i < size_t(size); ++i)
            QCOMPARE(copy[i], int64_t(i));
        QCOMPARE(copy.back(), -9);
    }

    void changingTheLastValueOfACopyLeavesTheOriginal()
    {
        // A live view's open interval: the copy changes its last value, the original keeps it.
        const Small original = counting(100);
        Small copy = original;
        copy.back() = -1;
        QCOMPARE(original.back(), 99);
        QCOMPARE(copy.back(), -1);
        QCOMPARE(sharedChunks(copy, original), size_t(6)); // all but the seventh, the last
        copy.back() = -2; // the copied chunk is the copy's own now: no further copy
        const auto chunks = chunksOf(copy);
        copy.back() = -3;
        QCOMPARE(chunksOf(copy), chunks);
    }

    void theOriginalWritesAroundItsCopies()
    {
        // The other way round: the original goes on growing and changing while a copy is kept.
        Small original = counting(40);
        const Small copy = original;
        original.back() = -1;
        original.push_back(40);
        original.pop_back();
        original.pop_back();
        original.pop_back(); // back into the second chunk, which the copy still holds
        original.push_back(-2);
        QCOMPARE(valuesOf(copy), valuesOf(counting(40)));
        QCOMPARE(original.size(), size_t(39));
        QCOMPARE(original[37], 37);
        QCOMPARE(original.back(), -2);
    }

    void editingNearTheEndCopiesFromItsChunkOn()
    {
        const Small original = counting(100);
        Small copy = original;
        copy.edit(40) = -40; // in the third chunk of seven
        QCOMPARE(original[40], 40);
        QCOMPARE(copy[40], -40);
        QCOMPARE(sharedChunks(copy, original), size_t(2));
        for (size_t i = 0; i < 100; ++i)
            QCOMPARE(copy[i], i == 40 ? -40 : int64_t(i));
    }

    void popBackLetsGoOfASharedChunk()
    {
        const Small original = counting(33);
        Small copy = original;
        for (int i = 0; i < 20; ++i)
            copy.pop_back();
        QCOMPARE(copy.size(), size_t(13));
        for (int i = 0; i < 30; ++i)
            copy.push_back(100 + i);
        QCOMPARE(valuesOf(original), valuesOf(counting(33)));
        QCOMPARE(copy[12], 12);
        QCOMPARE(copy[13], 100);
        QCOMPARE(copy.back(), 129);
        QCOMPARE(copy.size(), size_t(43));
    }

    void reserveMakesOneBlock()
    {
        Small column;
        column.reserve(100);
        QCOMPARE(column.size(), size_t(0));
        QVERIFY(column.capacity() >= 100);
        {
            Small::Appender out(column);
            for (int64_t i = 0; i < 100; ++i)
                out.push(i);
        }
        QCOMPARE(valuesOf(column), valuesOf(counting(100)));
        // One allocation: each chunk follows the one before.
        const auto chunks = chunksOf(column);
        for (size_t c = 1; c < chunks.size(); ++c)
            QCOMPARE(static_cast<const int64_t *>(chunks[c]),
                     static_cast<const int64_t *>(chunks[c - 1]) + Small::kChunkSize);
        // Its chunks are copied on write like any others.
        const Small copy = column;
        column.back() = -1;
        column.push_back(100);
        QCOMPARE(copy.back(), 99);
        QCOMPARE(copy.size(), size_t(100));
    }

    void reserveKeepsWhatIsThere()
    {
        Small column = counting(5);
        column.reserve(10);
        QCOMPARE(valuesOf(column), valuesOf(counting(5)));
        column.reserve(1000);
        QVERIFY(column.capacity() >= 1000);
        QCOMPARE(valuesOf(column), valuesOf(counting(5)));
        for (int64_t i = 5; i < 1000; ++i)
            column.push_back(i);
        QCOMPARE(valuesOf(column), valuesOf(counting(1000)));
    }

    void appendsSpansAndVectors()
    {
        std::vector<int64_t> values(70);
        std::iota(values.begin(), values.end(), int64_t(0));
        Small column = counting(3);
        column.append(std::span(values).subspan(3));
        QCOMPARE(valuesOf(column), values);
        const Small fromVector = values;
        QCOMPARE(fromVector, column);
        const Small listed = {0, 1, 2};
        QCOMPARE(listed, counting(3));
        QVERIFY(!(listed == counting(4)));
    }

    void clearLetsGoOfEverything()
    {
        Small column = counting(50);
        const Small copy = column;
        column.clear();
        QVERIFY(column.empty());
        QCOMPARE(column.capacity(), size_t(0));
        column.push_back(7);
        QCOMPARE(valuesOf(column), std::vector<int64_t>{7});
        QCOMPARE(copy.size(), size_t(50));
    }

    void movingTakesTheChunks()
    {
        Small from = counting(40);
        const auto chunks = chunksOf(from);
        Small to = std::move(from);
        QCOMPARE(chunksOf(to), chunks);
        QVERIFY(from.empty()); // NOLINT(bugprone-use-after-move): moved-from is empty
        to.push_back(40);
        QCOMPARE(valuesOf(to), valuesOf(counting(41)));
    }

    void matchesAVectorThroughRandomChanges()
    {
        // Pushes, pops, edits, appends, reserves, copies and assignments from copies, each
        // checked against a std::vector; the kept copies must never change.
        Random random;
        Small column;
        std::vector<int64_t> model;
        std::vector<std::pair<Small, std::vector<int64_t>>> kept;
        for (int64_t step = 0; step < 100'000; ++step) {
            const uint32_t what = random.below(100);
            if (what < 50) {
                column.push_back(step);
                model.push_back(step);
            } else if (what < 60 && !model.empty()) {
                column.pop_back();
                model.pop_back();
            } else if (what < 70 && !model.empty()) {
                const size_t i =
                    model.size() - 1 - random.below(uint32_t(std::min<size_t>(model.size(), 40)));
                column.edit(i) = -step;
                model[i] = -step;
            } else if (what < 73) {
                kept.emplace_back(column, model);
                if (kept.size() > 6)
                    kept.erase(kept.begin());
            } else if (what < 74) {
                column.reserve(model.size() + random.below(100));
            } else if (what < 75) {
                const std::vector<int64_t> more(random.below(40), step);
                column.append(more);
                model.insert(model.end(), more.begin(), more.end());
            } else if (what < 76 && !kept.empty()) {
                column = kept.back().first;
                model = kept.back().second;
            }
            QCOMPARE(column.size(), model.size());
            if (step % 101 == 0) {
                QCOMPARE(valuesOf(column), model);
                for (const auto &[copy, values] : kept)
                    QCOMPARE(valuesOf(copy), values);
            }
        }
    }

    void hugeColumnsCopyAndWriteInTheirLastChunk()
    {
        // The real chunk size, a few million values at a time.
        for (size_t n : {size_t(1) << 20, (size_t(1) << 22) + 5, size_t(3'000'017)}) {
            Column<int64_t> column;
            column.reserve(n / 2); // the rest chunk by chunk
            {
                Column<int64_t>::Appender out(column);
                for (size_t i = 0; i < n; ++i)
                    out.push(int64_t(i));
            }
            QCOMPARE(column.size(), n);
            int64_t sum = 0;
            column.forEachChunk([&](std::span<const int64_t> chunk) {
                sum = std::accumulate(chunk.begin(), chunk.end(), sum);
            });
            QCOMPARE(sum, int64_t(n) * int64_t(n - 1) / 2);
            Column<int64_t> copy = column;
            copy.back() = -1;
            copy.push_back(int64_t(n));
            QCOMPARE(column.back(), int64_t(n - 1));
            QCOMPARE(column.size(), n);
            QCOMPARE(sharedChunks(copy, column), (n - 1) / Column<int64_t>::kChunkSize);
            QCOMPARE(*std::lower_bound(column.begin(), column.end(), int64_t(n / 3)),
                     int64_t(n / 3));
        }
    }

    void aCopyReadOnAnotherThreadStaysAsItWas()
    {
        // The owner appends and keeps changing its last value (an interval still open); now and
        // then it hands a copy to a reader thread, which checks it and lets go of it while the
        // owner goes on writing. Every copy holds 0, 1, … n - 2 and then -n.
        using Live = Column<int64_t, 6>;
        Live owner;
        owner.push_back(-1);
        std::mutex mutex;
        std::condition_variable handedOver;
        std::optional<Live> handed;
        bool done = false;
        size_t checked = 0;
        size_t wrong = 0;
        std::thread reader([&] {
            for (;;) {
                std::optional<Live> copy;
                {
                    std::unique_lock lock(mutex);
                    handedOver.wait(lock, [&] { return handed || done; });
                    if (!handed)
                        return;
                    copy = std::move(handed);
                    handed.reset();
                }
                const size_t n = copy->size();
                for (size_t i = 0; i + 1 < n; ++i)
                    wrong += (*copy)[i] == int64_t(i) ? 0 : 1;
                wrong += copy->back() == -int64_t(n) ? 0 : 1;
                ++checked;
                // `copy` goes here, on this thread, while the owner writes.
            }
        });
        for (size_t n = 1; n < 20'000; ++n) {
            owner.back() = int64_t(n - 1);
            owner.push_back(-int64_t(n + 1));
            if (n % 8 == 0) {
                std::lock_guard lock(mutex);
                handed = owner;
                handedOver.notify_one();
            }
        }
        {
            std::lock_guard lock(mutex);
            done = true;
            handedOver.notify_one();
        }
        reader.join();
        QVERIFY(checked > 0);
        QCOMPARE(wrong, size_t(0));
        QCOMPARE(owner.size(), size_t(20'000));
    }

    void twoThreadsCopyOneColumnAtOnce()
    {
        // Copying reads the column (and marks it shared): safe from several threads at once.
        const Column<int64_t, 6> column = [] {
            Column<int64_t, 6> c;
            for (int64_t i = 0; i < 10'000; ++i)
                c.push_back(i);
            return c;
        }();
        const auto copyAndGrow = [&column](int64_t *last) {
            for (int round = 0; round < 200; ++round) {
                Column<int64_t, 6> copy = column;
                copy.back() = -1;
                copy.push_back(round);
                *last = copy[9'999] + copy.back();
            }
        };
        int64_t a = 0;
        int64_t b = 0;
        std::thread one(copyAndGrow, &a);
        std::thread two(copyAndGrow, &b);
        one.join();
        two.join();
        QCOMPARE(a, 198);
        QCOMPARE(b, 198);
        QCOMPARE(column.back(), 9'999);
    }
};

QTEST_APPLESS_MAIN(TestColumn)
#include "tst_column.moc"
