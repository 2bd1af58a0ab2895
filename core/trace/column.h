// SPDX-License-Identifier: MIT
#pragma once

#include "trace/hugepages.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace corescope {

/// A column of a Trace: plain values, read like a std::vector, stored in fixed chunks of
/// kChunkSize values, each held by a shared pointer. A copy shares the list of chunks, and so
/// the chunks, in O(1); the list and the chunks are copied on write, so a snapshot of a column
/// that is still being appended to costs the column only what it changes afterwards.
///
/// Copy on write: a column writes in place into the chunks it made itself since it was last
/// copied, and into the free rest of a last chunk that it shares where it is the first of the
/// columns holding that chunk to append there (a small claim shared by them says which); so
/// appending after a snapshot copies no values. Any other write copies the chunks from its own to
/// the end first, which for the writes a trace makes (its last interval while it is open) is the
/// last chunk alone; a change to the list of chunks (one more chunk, or a copied one) copies the
/// list, O(size / kChunkSize) pointers. None of this asks shared_ptr::use_count(), which
/// synchronises with nothing: a copy let go of on another thread just before would race with the
/// write.
///
/// Threads: a Column that several threads can reach is read-only for all of them (reading and
/// copying it are safe); only the thread that holds a copy of its own changes that copy.
template <typename T, unsigned kChunkBits = 13>
class Column
{
    static_assert(std::is_trivially_copyable_v<T>, "a column holds plain values");
    using Chunk = std::shared_ptr<T[]>;
    using Chunks = std::vector<Chunk>;
    static constexpr size_t kMask = (size_t(1) << kChunkBits) - 1;

public:
    using value_type = T;
    using size_type = size_t;
    using difference_type = std::ptrdiff_t;
    using const_reference = const T &;
    static constexpr size_t kChunkSize = size_t(1) << kChunkBits;

    /// Random access by index, so that std::lower_bound, std::is_sorted and the like work.
    class const_iterator
    {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T *;
        using reference = const T &;

        const_iterator() = default;
        reference operator*() const { return m_chunks[m_index >> kChunkBits][m_index & kMask]; }
        pointer operator->() const { return &**this; }
        reference operator[](difference_type n) const { return *(*this + n); }
        const_iterator &operator++() { return ++m_index, *this; }
        const_iterator &operator--() { return --m_index, *this; }
        const_iterator operator++(int) { return {m_chunks, m_index++}; }
        const_iterator operator--(int) { return {m_chunks, m_index--}; }
        const_iterator &operator+=(difference_type n) { return m_index += size_t(n), *this; }
        const_iterator &operator-=(difference_type n) { return m_index -= size_t(n), *this; }
        friend const_iterator operator+(const_iterator i, difference_type n) { return i += n; }
        friend const_iterator operator+(difference_type n, const_iterator i) { return i += n; }
        friend const_iterator operator-(const_iterator i, difference_type n) { return i -= n; }
        friend difference_type operator-(const const_iterator &a, const const_iterator &b)
        {
            return difference_type(a.m_index) - difference_type(b.m_index);
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b)
        {
            return a.m_index == b.m_index;
        }
        friend std::strong_ordering operator<=>(const const_iterator &a, const const_iterator &b)
        {
            return a.m_index <=> b.m_index;
        }

    private:
        friend class Column;
        const_iterator(const Chunk *chunks, size_t index)
            : m_chunks(chunks)
            , m_index(index)
        {
        }
        const Chunk *m_chunks = nullptr;
        size_t m_index = 0;
    };
    using iterator = const_iterator;

    /// Appends in place, a chunk at a time, for code that fills millions of rows: push() is a
    /// store and a comparison where push_back() also checks whose the chunk is. While an
    /// Appender lives, its column is changed and copied only through it.
    class Appender
    {
    public:
        explicit Appender(Column &column)
            : m_column(column)
        {
        }
        void push(T value)
        {
            if (m_at == m_end) [[unlikely]] {
                const std::span<T> room = m_column.room();
                m_at = room.data();
                m_end = m_at + room.size();
            }
            *m_at++ = value;
            ++m_column.m_size;
        }

    private:
        Column &m_column;
        T *m_at = nullptr;
        T *m_end = nullptr;
    };

    Column() = default;
    Column(std::initializer_list<T> values) { append(std::span(values.begin(), values.size())); }
    /// Copies the values into chunks of the column's own (O(n), unlike a copy of a Column).
    Column(const std::vector<T> &values) { append(std::span(values)); }
    /// Shares `other`'s chunks. The free rest of a last chunk they now share goes to whichever
    /// of them appends there first; neither writes in place into the rest of them.
    Column(const Column &other)
        : m_spine(other.m_spine)
        , m_chunks(other.m_chunks)
        , m_size(other.m_size)
        , m_firstCapacity(other.m_firstCapacity)
        , m_tail(other.claimsLastChunk() ? other.m_tail : nullptr)
        , m_tailChunk(other.m_tailChunk)
        , m_writableFrom(usedChunks() << kChunkBits)
    {
        other.m_ownsSpine.store(false, kRelaxed);
        const size_t from = other.m_writableFrom.exchange(usedChunks() << kChunkBits, kRelaxed);
        if (m_tail && from <= m_size) // `other` could append there: now the first to do so may
            m_tail->store(m_size, std::memory_order_release);
    }
    Column(Column &&other) noexcept { take(other); }
    Column &operator=(const Column &other)
    {
        if (this != &other)
            *this = Column(other);
        return *this;
    }
    Column &operator=(Column &&other) noexcept
    {
        if (this != &other) {
            releaseTail();
            take(other);
        }
        return *this;
    }
    ~Column() { releaseTail(); }

    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    /// Values it holds room for before it needs another chunk.
    [[nodiscard]] size_t capacity() const
    {
        const size_t chunks = m_ownsSpine.load(kRelaxed) ? chunkCount() : usedChunks();
        return chunks == 0 ? 0 : m_firstCapacity + ((chunks - 1) << kChunkBits);
    }
    [[nodiscard]] const T &operator[](size_t i) const
    {
        return m_chunks[i >> kChunkBits][i & kMask];
    }
    [[nodiscard]] const T &front() const { return (*this)[0]; }
    [[nodiscard]] const T &back() const { return (*this)[m_size - 1]; }
    [[nodiscard]] const_iterator begin() const { return {m_chunks, 0}; }
    [[nodiscard]] const_iterator end() const { return {m_chunks, m_size}; }
    [[nodiscard]] const_iterator cbegin() const { return begin(); }
    [[nodiscard]] const_iterator cend() const { return end(); }

    /// The values in chunk `c` (those from index c × kChunkSize on, kChunkSize but in the
    /// last), for loops that should run over plain arrays; columns of one size chunk alike.
    [[nodiscard]] std::span<const T> chunk(size_t c) const
    {
        return {m_chunks[c].get(), std::min(kChunkSize, m_size - (c << kChunkBits))};
    }
    /// Calls `f(std::span<const T>)` for each chunk in order.
    template <typename F>
    void forEachChunk(F &&f) const
    {
        for (size_t c = 0; c < usedChunks(); ++c)
            f(chunk(c));
    }

    /// The value at `i`, to change. Every chunk from i's to the end that may be shared is copied
    /// first, so that changing a value near the end (an interval still open) costs a chunk at most.
    [[nodiscard]] T &edit(size_t i)
    {
        if (i < writableFrom()) [[unlikely]]
            ownFrom(i >> kChunkBits);
        return m_chunks[i >> kChunkBits][i & kMask];
    }
    /// The last value, to change: like edit(), so read a column you change through a const
    /// reference, or reading its last value copies a shared chunk.
    [[nodiscard]] T &back() { return edit(m_size - 1); }
    void push_back(const T &value) { emplace_back(value); }
    /// Like push_back(), and returns the new last value.
    template <typename... Args>
    T &emplace_back(Args &&...args)
    {
        const T value(std::forward<Args>(args)...); // before its chunk may be copied away
        T &slot = room()[0];
        slot = value;
        ++m_size;
        return slot;
    }
    void pop_back()
    {
        --m_size;
        // An emptied chunk that is not all this column's goes, so that every spare chunk is.
        if ((m_size & kMask) == 0 && m_size < writableFrom()) {
            releaseTail();
            const size_t c = m_size >> kChunkBits;
            changeChunks([c](Chunks &chunks) {
                if (c < chunks.size()) // not left behind already with the other spare ones
                    chunks.erase(chunks.begin() + difference_type(c));
            });
            m_writableFrom.store(m_size, kRelaxed);
        }
    }
    /// Appends `values` a chunk at a time.
    void append(std::span<const T> values)
    {
        while (!values.empty()) {
            const std::span<T> free = room();
            const size_t n = std::min(values.size(), free.size());
            std::memcpy(free.data(), values.data(), n * sizeof(T));
            m_size += n;
            values = values.subspan(n);
        }
    }
    /// Makes room for `n` values in all. Whole new chunks are one block of memory, backed by huge
    /// pages where it is large and supplied by the kernel now: a loaded column is one allocation.
    void reserve(size_t n)
    {
        if (n <= capacity())
            return;
        if (n <= kChunkSize) { // a power of two, so that appends after a sort find room
            replaceFirstChunk(std::bit_ceil(n));
            return;
        }
        if (chunkCount() > 0 && m_firstCapacity < kChunkSize)
            replaceFirstChunk(kChunkSize);
        changeChunks([n](Chunks &chunks) {
            const size_t count = ((n + kMask) >> kChunkBits) - chunks.size();
            const Chunk block = std::make_shared_for_overwrite<T[]>(count << kChunkBits);
            claimHugePages(block.get(), (count << kChunkBits) * sizeof(T));
            chunks.reserve(chunks.size() + count);
            for (size_t c = 0; c < count; ++c)
                chunks.emplace_back(block, block.get() + (c << kChunkBits)); // sharing its count
        });
        m_firstCapacity = kChunkSize;
    }
    /// Lets go of every chunk.
    void clear()
    {
        releaseTail();
        m_spine.reset();
        m_chunks = nullptr;
        m_size = 0;
        m_firstCapacity = 0;
        m_writableFrom.store(0, kRelaxed);
        m_ownsSpine.store(false, kRelaxed);
    }

    friend bool operator==(const Column &a, const Column &b)
    {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
    }

    /// How many leading values `a` and `b` are known to hold alike without reading one: those
    /// below both sizes in the chunks they share (no column writes in place below the size of a
    /// column it shares a chunk with). Two snapshots of one growing column share all but their
    /// last chunk or so, so a figure over the earlier one needs only the rest of the later one
    /// read. O(size / kChunkSize).
    [[nodiscard]] static size_t sharedPrefix(const Column &a, const Column &b)
    {
        const size_t both = std::min(a.m_size, b.m_size);
        size_t shared = 0;
        for (size_t c = 0; shared < both && a.m_chunks[c].get() == b.m_chunks[c].get(); ++c)
            shared = std::min(both, endOf(c));
        return shared;
    }

private:
    /// The first slot of a chunk that no column holding it reads or writes, or the chunk's end
    /// while one of them has taken the rest.
    using Claim = std::atomic<size_t>;
    static constexpr auto kRelaxed = std::memory_order_relaxed;
    /// The first chunk starts small and doubles up to kChunkSize, so that a short column (a
    /// thread with a few events) takes no more than a std::vector would.
    static constexpr size_t kFirstCapacity = std::min<size_t>(16, kChunkSize);

    [[nodiscard]] size_t usedChunks() const { return (m_size + kMask) >> kChunkBits; }
    [[nodiscard]] size_t chunkCount() const { return m_spine ? m_spine->size() : 0; }
    [[nodiscard]] size_t capacityOf(size_t c) const
    {
        return c == 0 ? m_firstCapacity : kChunkSize;
    }
    [[nodiscard]] static size_t endOf(size_t c) { return (c + 1) << kChunkBits; }
    [[nodiscard]] size_t writableFrom() const { return m_writableFrom.load(kRelaxed); }
    /// Whether m_tail is the claim on the chunk the column ends inside.
    [[nodiscard]] bool claimsLastChunk() const
    {
        return m_tail && (m_size & kMask) != 0 && m_tailChunk == m_size >> kChunkBits;
    }

    /// The room after the last value to the end of its chunk, the column's own to write: made,
    /// grown, claimed or copied first where it is not.
    std::span<T> room()
    {
        const size_t c = m_size >> kChunkBits;
        const size_t at = m_size & kMask;
        if (at == 0 || m_size < writableFrom() || at >= capacityOf(c)) [[unlikely]]
            makeRoom(c, at);
        return {m_chunks[c].get() + at, capacityOf(c) - at};
    }

    void makeRoom(size_t c, size_t at)
    {
        if (m_size < writableFrom() && !claimTail())
            ownFrom(c);
        if (at == 0) // a chunk from its start: copies keep the spare chunks they share
            changeChunks([](Chunks &) {});
        if (c == 0 && (chunkCount() == 0 || at >= m_firstCapacity))
            replaceFirstChunk(std::min(kChunkSize, std::max(kFirstCapacity, 2 * m_firstCapacity)));
        else if (c == chunkCount())
            changeChunks([](Chunks &chunks) {
                chunks.push_back(std::make_shared_for_overwrite<T[]>(kChunkSize));
            });
        if (at == 0)
            startTail(c);
    }

    /// Takes the free rest of the shared chunk the column ends inside, if no other has yet.
    bool claimTail()
    {
        size_t expected = m_size;
        if (!claimsLastChunk()
            || !m_tail->compare_exchange_strong(expected, endOf(m_tailChunk),
                                                std::memory_order_acq_rel))
            return false;
        m_writableFrom.store(m_size, kRelaxed);
        return true;
    }

    /// Hands back the rest of the last chunk, where the column took it, as it lets go of it.
    void releaseTail()
    {
        const size_t from = writableFrom();
        if (m_tail && (from & kMask) != 0 && from >> kChunkBits == m_tailChunk) {
            size_t taken = endOf(m_tailChunk);
            m_tail->compare_exchange_strong(taken, from, std::memory_order_acq_rel);
        }
        m_tail.reset();
    }

    /// A new claim for chunk `c`, the column's alone.
    void startTail(size_t c)
    {
        m_tail = std::make_shared<Claim>(endOf(c));
        m_tailChunk = c;
    }

    /// Changes the list of chunks, once it is this column's alone: while copies share it, it is
    /// copied first, without the spare chunks, which they may use.
    template <typename Change>
    void changeChunks(Change change)
    {
        if (!m_ownsSpine.load(kRelaxed)) {
            auto own = std::make_shared<Chunks>();
            if (m_spine)
                own->assign(m_spine->begin(), m_spine->begin() + difference_type(usedChunks()));
            m_spine = std::move(own);
            m_ownsSpine.store(true, kRelaxed);
        }
        change(*m_spine);
        m_chunks = m_spine->data();
    }

    /// Copies the chunks from `c` on that hold values not the column's to write.
    void ownFrom(size_t c)
    {
        releaseTail();
        const size_t shared = std::min(usedChunks(), (writableFrom() + kMask) >> kChunkBits);
        changeChunks([&](Chunks &chunks) {
            for (size_t k = c; k < shared; ++k)
                chunks[k] = copyOf(chunks[k], k, capacityOf(k));
        });
        m_writableFrom.store(c << kChunkBits, kRelaxed);
        if ((m_size & kMask) != 0)
            startTail(m_size >> kChunkBits);
    }

    /// The first chunk, while the others are spare ones, moved into one of `capacity` of its own.
    void replaceFirstChunk(size_t capacity)
    {
        releaseTail();
        changeChunks([&](Chunks &chunks) {
            if (chunks.empty())
                chunks.push_back(std::make_shared_for_overwrite<T[]>(capacity));
            else
                chunks[0] = copyOf(chunks[0], 0, capacity);
        });
        m_firstCapacity = capacity;
        m_writableFrom.store(0, kRelaxed);
        startTail(0);
    }

    /// Chunk `c`, `from`, copied into a new chunk of `capacity`.
    [[nodiscard]] Chunk copyOf(const Chunk &from, size_t c, size_t capacity) const
    {
        Chunk copy = std::make_shared_for_overwrite<T[]>(capacity);
        const size_t first = c << kChunkBits;
        const size_t count = m_size > first ? std::min(m_size - first, capacity) : 0;
        std::memcpy(copy.get(), from.get(), count * sizeof(T));
        return copy;
    }

    /// Moves `other` into this (empty or let go of) column.
    void take(Column &other) noexcept
    {
        m_spine = std::move(other.m_spine);
        m_chunks = std::exchange(other.m_chunks, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_firstCapacity = std::exchange(other.m_firstCapacity, 0);
        m_tail = std::move(other.m_tail);
        m_tailChunk = other.m_tailChunk;
        m_writableFrom.store(other.m_writableFrom.exchange(0, kRelaxed), kRelaxed);
        m_ownsSpine.store(other.m_ownsSpine.exchange(false, kRelaxed), kRelaxed);
    }

    /// The chunks in use, then spare ones that reserve() made; shared by copies until one of
    /// them changes it.
    std::shared_ptr<Chunks> m_spine;
    const Chunk *m_chunks = nullptr; ///< m_spine's, for reading
    size_t m_size = 0;
    size_t m_firstCapacity = 0;    ///< kChunkSize once there is more than one chunk
    std::shared_ptr<Claim> m_tail; ///< on chunk m_tailChunk, shared by the columns holding it
    size_t m_tailChunk = 0;
    /// Values from this index on are the column's to write in place: the chunks it made since it
    /// was last copied, or the rest of a shared last chunk that it claimed. Atomic, like
    /// m_ownsSpine, because copying a column that other threads read changes it too.
    mutable std::atomic<size_t> m_writableFrom = 0;
    mutable std::atomic<bool> m_ownsSpine = false; ///< no copy shares m_spine
};

} // namespace corescope
