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

    void appendingToACopyCopiesNothing_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("a partly filled last chunk") << 100;
        QTest::newRow("a full last chunk") << 96;
        QTest::newRow("one short chunk") << 5;
    }

    void appendingToACopyCopiesNothing()
    {
        // The copy appends into the free rest of the last chunk they share, which the original
        // does not read.
        QFETCH(int, size);
        const Small original = counting(size_t(size));
        Small copy = original;
        for (int i = 0; i < 10; ++i)
            copy.push_back(-i);
        QCOMPARE(valuesOf(original), valuesOf(counting(size_t(size))));
        QCOMPARE(sharedChunks(copy, original), chunksOf(original).size());
        for (size_t i = 0; i < size_t(size); ++i)
            QCOMPARE(copy[i], int64_t(i));
        QCOMPARE(copy.back(), -9);
        QCOMPARE(copy.size(), size_t(size + 10));
    }

    void theFirstToAppendTakesTheSharedRest()
    {
        Small original = counting(40);
        const auto chunks = chunksOf(original);
        Small first = original;
        Small second = original;
        first.push_back(-1);    // takes the rest of the third chunk
        second.push_back(-2);   // finds it taken: copies the chunk
        original.push_back(-3); // so does the original
        QCOMPARE(chunksOf(first), chunks);
        QCOMPARE(sharedChunks(second, first), size_t(2));
        QCOMPARE(sharedChunks(original, first), size_t(2));
        QCOMPARE(first.back(), -1);
        QCOMPARE(second.back(), -2);
        QCOMPARE(original.back(), -3);
        for (const Small *column : {&first, &second, &original})
            QCOMPARE(valuesOf(*column).front(), 0);
        QCOMPARE(second[39], 39);
        QCOMPARE(original[39], 39);
        // The one that took it appends in place, and can change what it appended.
        const auto before = chunksOf(first);
        first.push_back(-4);
        first.edit(40) = -5;
        QCOMPARE(chunksOf(first), before);
        QCOMPARE(first[40], -5);
        QCOMPARE(second[40], -2);
    }

    void aColumnThatGoesHandsBackWhatItTook()
    {
        // A snapshot's copy per update: each one appends in place in turn.
        const Small original = counting(40);
        for (int round = 0; round < 3; ++round) {
            Small next = original;
            next.push_back(round);
            QCOMPARE(sharedChunks(next, original), size_t(3));
            QCOMPARE(next.back(), round);
        }
        QCOMPARE(valuesOf(original), valuesOf(counting(40)));
    }

    void aCopyOfTheOneAppendingCanGoOn()
    {
        // A live view hands out the trace so far and goes on with a copy of it.
        Small shown = counting(40);
        for (int update = 0; update < 5; ++update) {
            Small next = shown;
            next.push_back(40 + update);
            QCOMPARE(sharedChunks(next, shown), chunksOf(shown).size());
            QCOMPARE(shown.size(), size_t(40 + update));
            shown = std::move(next);
        }
        QCOMPARE(valuesOf(shown), valuesOf(counting(45)));
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

    void copiesDoNotShareSpareChunks()
    {
        // Room that reserve() made beyond the last value is not shared: both fill it their way.
        Small original;
        original.reserve(64);
        for (int64_t i = 0; i < 16; ++i) // one whole chunk, then three spare ones
            original.push_back(i);
        Small copy = original;
        for (int64_t i = 16; i < 50; ++i) {
            original.push_back(i);
            copy.push_back(-i);
        }
        QCOMPARE(valuesOf(original), valuesOf(counting(50)));
        for (size_t i = 16; i < 50; ++i)
            QCOMPARE(copy[i], -int64_t(i));
        QCOMPARE(copy[15], 15);
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

    void snapshotsShareAllButWhatChanged()
    {
        Small growing = counting(100);
        const Small first = growing;
        QCOMPARE(Small::sharedPrefix(first, growing), size_t(100));
        growing.push_back(100); // in place: the copy's values are not touched
        QCOMPARE(Small::sharedPrefix(first, growing), size_t(100));
        growing.edit(90) = -1; // copies the chunk of 80–95 and the one after
        QCOMPARE(Small::sharedPrefix(first, growing), size_t(80));
        QCOMPARE(Small::sharedPrefix(growing, first), size_t(80));
        QCOMPARE(Small::sharedPrefix(counting(100), counting(100)), size_t(0)); // alike, not shared
        QCOMPARE(Small::sharedPrefix(Small(), first), size_t(0));
    }

    void matchesVectorsThroughRandomChanges()
    {
        // A few columns, copied from one another, each pushed, popped, edited, appended to and
        // reserved at random and checked against a std::vector of its own: no write in place
        // may show in another column.
        Random random;
        std::vector<Small> columns(4);
        std::vector<std::vector<int64_t>> models(columns.size());
        for (int64_t step = 0; step < 200'000; ++step) {
            const size_t c = random.below(uint32_t(columns.size()));
            Small &column = columns[c];
            std::vector<int64_t> &model = models[c];
            const uint32_t what = random.below(100);
            if (what < 50) {
                column.push_back(step);
                model.push_back(step);
            } else if (what < 60 && !model.empty()) {
                column.pop_back();
                model.pop_back();
            } else if (what < 70 && !model.empty()) {
                const auto back = uint32_t(std::min<size_t>(model.size(), 40));
                const size_t i = model.size() - 1 - random.below(back);
                column.edit(i) = -step;
                model[i] = -step;
            } else if (what < 74) {
                const size_t from = random.below(uint32_t(columns.size()));
                column = columns[from];
                model = models[from];
            } else if (what < 76) {
                column.reserve(model.size() + random.below(100));
            } else if (what < 77) {
                const std::vector<int64_t> more(random.below(40), step);
                column.append(more);
                model.insert(model.end(), more.begin(), more.end());
            } else if (what < 78) {
                const Small passing = column; // a copy that goes at once
                QCOMPARE(passing.size(), model.size());
            }
            QCOMPARE(column.size(), model.size());
            if (step % 97 == 0) {
                for (size_t k = 0; k < columns.size(); ++k) {
                    QCOMPARE(valuesOf(columns[k]), models[k]);
                    // What two columns are said to share they hold alike.
                    for (size_t j = 0; j < k; ++j) {
                        const size_t shared = Small::sharedPrefix(columns[j], columns[k]);
                        QVERIFY(std::equal(models[j].begin(), models[j].begin() + ptrdiff_t(shared),
                                           models[k].begin()));
                    }
                }
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

    void aCopyReadOnAnotherThreadStaysAsItWas_data()
    {
        QTest::addColumn<bool>("handOverTheOriginal");
        QTest::newRow("the original goes on") << false;
        QTest::newRow("a copy goes on") << true;
    }

    void aCopyReadOnAnotherThreadStaysAsItWas()
    {
        // The owner appends and keeps changing its last value (an interval still open); now and
        // then it hands a copy (or itself, going on with a copy) to a reader thread, which checks
        // it and lets go of it while the owner writes on, into chunks they share. Every column
        // handed over holds 0, 1, … n - 2 and then -n.
        QFETCH(bool, handOverTheOriginal);
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
                if (handOverTheOriginal) {
                    Live next = owner;
                    handed = std::move(owner);
                    owner = std::move(next);
                } else {
                    handed = owner;
                }
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
        // Copying reads the column (and says who may append to its last chunk): safe from several
        // threads at once, and at most one copy at a time appends in place.
        const Column<int64_t, 6> column = [] {
            Column<int64_t, 6> c;
            for (int64_t i = 0; i < 10'000; ++i)
                c.push_back(i);
            return c;
        }();
        const auto copyAndGrow = [&column](size_t *wrong) {
            for (int64_t round = 0; round < 300; ++round) {
                Column<int64_t, 6> copy = column;
                for (int64_t i = 0; i < 20; ++i)
                    copy.push_back(round * 100 + i);
                for (int64_t i = 0; i < 20; ++i)
                    *wrong += copy[size_t(10'000 + i)] == round * 100 + i ? 0 : 1;
                *wrong += copy[9'999] == 9'999 ? 0 : 1;
            }
        };
        size_t a = 0;
        size_t b = 0;
        std::thread one(copyAndGrow, &a);
        std::thread two(copyAndGrow, &b);
        one.join();
        two.join();
        QCOMPARE(a, size_t(0));
        QCOMPARE(b, size_t(0));
        QCOMPARE(column.size(), size_t(10'000));
        QCOMPARE(column.back(), 9'999);
    }
};

QTEST_APPLESS_MAIN(TestColumn)
#include "tst_column.moc"
