// SPDX-License-Identifier: MIT
#pragma once

#include "trace/hugepages.h"

#include <algorithm>
#include <atomic>
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
/// kChunkSize values, each held by a shared pointer. A copy shares the chunks (it costs
/// O(size / kChunkSize)), so a snapshot of a column that is still being appended to shares every
/// chunk, and the column pays later for the one chunk it changes, not for all of them.
///
/// Copy on write: a column writes in place only into the chunks it made itself since it was last
/// copied; a write anywhere else first copies the chunks from there to the end, which for the
/// writes a trace makes (appends, and its last interval while it is open) is the last chunk alone.
/// This does not ask shared_ptr::use_count(), which synchronises with nothing: a copy let go of
/// on another thread just before would race with the write.
///
/// Threads: a Column that several threads can reach is read-only for all of them (reading and
/// copying it are safe); only the thread that holds a copy of its own changes that copy.
template <typename T, unsigned kChunkBits = 13>
class Column
{
    static_assert(std::is_trivially_copyable_v<T>, "a column holds plain values");
    using Chunk = std::shared_ptr<T[]>;
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
    /// store and a comparison where push_back() also checks whom the chunk belongs to. While an
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
    /// Shares `other`'s chunks; from now on, neither writes into them in place.
    Column(const Column &other)
        : m_chunks(other.m_chunks.begin(), other.m_chunks.begin() + other.usedChunks())
        , m_size(other.m_size)
        , m_firstCapacity(m_chunks.empty() ? 0 : other.m_firstCapacity)
        , m_firstOwned(m_chunks.size())
    {
        other.m_firstOwned.store(m_chunks.size(), std::memory_order_relaxed);
    }
    Column(Column &&other) noexcept
        : m_chunks(std::move(other.m_chunks))
        , m_size(std::exchange(other.m_size, 0))
        , m_firstCapacity(std::exchange(other.m_firstCapacity, 0))
        , m_firstOwned(other.m_firstOwned.exchange(0, std::memory_order_relaxed))
    {
        other.m_chunks.clear();
    }
    Column &operator=(const Column &other)
    {
        if (this != &other)
            *this = Column(other);
        return *this;
    }
    Column &operator=(Column &&other) noexcept
    {
        if (this != &other) {
            m_chunks = std::move(other.m_chunks);
            other.m_chunks.clear();
            m_size = std::exchange(other.m_size, 0);
            m_firstCapacity = std::exchange(other.m_firstCapacity, 0);
            m_firstOwned.store(other.m_firstOwned.exchange(0, std::memory_order_relaxed),
                               std::memory_order_relaxed);
        }
        return *this;
    }
    ~Column() = default;

    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    /// Values it holds room for, in chunks shared or not.
    [[nodiscard]] size_t capacity() const
    {
        return m_chunks.empty() ? 0 : m_firstCapacity + ((m_chunks.size() - 1) << kChunkBits);
    }
    [[nodiscard]] const T &operator[](size_t i) const
    {
        return m_chunks[i >> kChunkBits][i & kMask];
    }
    [[nodiscard]] const T &front() const { return (*this)[0]; }
    [[nodiscard]] const T &back() const { return (*this)[m_size - 1]; }
    [[nodiscard]] const_iterator begin() const { return {m_chunks.data(), 0}; }
    [[nodiscard]] const_iterator end() const { return {m_chunks.data(), m_size}; }
    [[nodiscard]] const_iterator cbegin() const { return begin(); }
    [[nodiscard]] const_iterator cend() const { return end(); }

    /// Calls `f(std::span<const T>)` for each chunk in order, for loops over every value that
    /// should run over plain arrays.
    template <typename F>
    void forEachChunk(F &&f) const
    {
        for (size_t c = 0, at = 0; at < m_size; ++c, at += kChunkSize)
            f(std::span<const T>(m_chunks[c].get(), std::min(kChunkSize, m_size - at)));
    }

    /// The value at `i`, to change. Every chunk from i's to the end that may be shared is copied
    /// first, so that changing a value near the end (an interval still open) costs a chunk at most.
    [[nodiscard]] T &edit(size_t i)
    {
        const size_t c = i >> kChunkBits;
        if (c < m_firstOwned.load(std::memory_order_relaxed)) [[unlikely]]
            ownFrom(c);
        return m_chunks[c][i & kMask];
    }
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
        const size_t c = m_size >> kChunkBits;
        // An emptied chunk that is shared goes, so that every spare chunk is one's own.
        if ((m_size & kMask) == 0 && c < m_firstOwned.load(std::memory_order_relaxed)) {
            m_chunks.erase(m_chunks.begin() + difference_type(c));
            m_firstOwned.store(c, std::memory_order_relaxed);
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
        if (n <= kChunkSize) {
            replaceFirstChunk(n);
            return;
        }
        if (!m_chunks.empty() && m_firstCapacity < kChunkSize)
            replaceFirstChunk(kChunkSize);
        const size_t count = ((n + kMask) >> kChunkBits) - m_chunks.size();
        const Chunk block = std::make_shared_for_overwrite<T[]>(count << kChunkBits);
        claimHugePages(block.get(), (count << kChunkBits) * sizeof(T));
        m_chunks.reserve(m_chunks.size() + count);
        for (size_t c = 0; c < count; ++c)
            m_chunks.emplace_back(block, block.get() + (c << kChunkBits)); // sharing its count
        m_firstCapacity = kChunkSize;
    }
    /// Lets go of every chunk.
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
        m_firstCapacity = 0;
        m_firstOwned.store(0, std::memory_order_relaxed);
    }

    friend bool operator==(const Column &a, const Column &b)
    {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
    }

private:
    /// The first chunk starts small and doubles up to kChunkSize, so that a short column (a
    /// thread with a few events) takes no more than a std::vector would.
    static constexpr size_t kFirstCapacity = std::min<size_t>(16, kChunkSize);

    [[nodiscard]] size_t usedChunks() const { return (m_size + kMask) >> kChunkBits; }
    [[nodiscard]] size_t capacityOf(size_t c) const
    {
        return c == 0 ? m_firstCapacity : kChunkSize;
    }

    /// The room after the last value to the end of its chunk, the column's own to write: made,
    /// grown or copied first where it is not.
    std::span<T> room()
    {
        const size_t c = m_size >> kChunkBits;
        const size_t at = m_size & kMask;
        if (c < m_firstOwned.load(std::memory_order_relaxed) || c >= m_chunks.size()
            || at >= capacityOf(c)) [[unlikely]]
            makeRoom(c, at);
        return {m_chunks[c].get() + at, capacityOf(c) - at};
    }

    void makeRoom(size_t c, size_t at)
    {
        if (c < m_firstOwned.load(std::memory_order_relaxed))
            ownFrom(c);
        if (c > 0 && c == m_chunks.size())
            m_chunks.push_back(std::make_shared_for_overwrite<T[]>(kChunkSize));
        else if (c == 0 && (m_chunks.empty() || at >= m_firstCapacity))
            replaceFirstChunk(std::min(kChunkSize, std::max(kFirstCapacity, 2 * m_firstCapacity)));
    }

    /// Copies the chunks from `c` on that may be shared. Chunks beyond the used ones are spare
    /// ones that reserve() or pop_back() left, and they are never shared.
    void ownFrom(size_t c)
    {
        const size_t shared = std::min(m_firstOwned.load(std::memory_order_relaxed), usedChunks());
        for (size_t k = c; k < shared; ++k)
            m_chunks[k] = copyOf(k, capacityOf(k));
        m_firstOwned.store(c, std::memory_order_relaxed);
    }

    /// The first chunk, while the others are spare ones, moved into one of `capacity` of its own.
    void replaceFirstChunk(size_t capacity)
    {
        if (m_chunks.empty())
            m_chunks.push_back(std::make_shared_for_overwrite<T[]>(capacity));
        else
            m_chunks[0] = copyOf(0, capacity);
        m_firstCapacity = capacity;
        m_firstOwned.store(0, std::memory_order_relaxed);
    }

    /// Chunk `c`'s values in a new chunk of `capacity`.
    [[nodiscard]] Chunk copyOf(size_t c, size_t capacity) const
    {
        Chunk copy = std::make_shared_for_overwrite<T[]>(capacity);
        const size_t first = c << kChunkBits;
        const size_t count = m_size > first ? std::min(m_size - first, capacity) : 0;
        std::memcpy(copy.get(), m_chunks[c].get(), count * sizeof(T));
        return copy;
    }

    std::vector<Chunk> m_chunks; ///< the chunks in use, then spare ones that reserve() made
    size_t m_size = 0;
    size_t m_firstCapacity = 0; ///< kChunkSize once there is more than one chunk
    /// Chunks from this index on were made by this column since it was last copied, and no other
    /// holds them. Atomic because copying a column that other threads read marks it too.
    mutable std::atomic<size_t> m_firstOwned = 0;
};

} // namespace corescope
