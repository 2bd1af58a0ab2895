// SPDX-License-Identifier: MIT
#include "analysis/lanesummary.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace corescope {
namespace {

template <typename Key>
struct Columns
{
    const Column<TimeNs> &begins;
    const Column<TimeNs> &ends;
    const Column<Key> &keys;
    [[nodiscard]] size_t size() const { return begins.size(); }
    /// Calls f(begin, end, key) for each row from `from` on, a chunk's plain arrays at a time.
    template <typename F>
    void forEachFrom(size_t from, F &&f) const
    {
        constexpr size_t kChunk = Column<TimeNs>::kChunkSize;
        static_assert(Column<Key>::kChunkSize == kChunk);
        for (size_t c = from / kChunk; c * kChunk < size(); ++c) {
            const std::span<const TimeNs> b = begins.chunk(c);
            const std::span<const TimeNs> e = ends.chunk(c);
            const std::span<const Key> k = keys.chunk(c);
            for (size_t i = c * kChunk < from ? from - c * kChunk : 0; i < b.size(); ++i)
                f(b[i], e[i], k[i]);
        }
    }
};

/// Time per key within one bucket while it fills; a bucket rarely sees more than a few keys, and
/// keys beyond the first kSlots only add to the busy time.
class KeyTally
{
public:
    void add(uint32_t key, TimeNs time)
    {
        for (size_t s = 0; s < m_used; ++s) {
            if (m_keys[s] == key) {
                m_times[s] += time;
                return;
            }
        }
        if (m_used < kSlots) {
            m_keys[m_used] = key;
            m_times[m_used++] = time;
        }
    }
    void finish(LaneSummary::Bucket &bucket)
    {
        size_t best = 0;
        for (size_t s = 1; s < m_used; ++s) {
            if (m_times[s] > m_times[best])
                best = s;
        }
        if (m_used > 0) {
            bucket.key = m_keys[best];
            bucket.weight = float(m_times[best]);
        }
        m_used = 0;
    }

private:
    static constexpr size_t kSlots = 16;
    std::array<uint32_t, kSlots> m_keys{};
    std::array<TimeNs, kSlots> m_times{};
    size_t m_used = 0;
};

/// A parent bucket from its two halves. The dominant key of the pair is the heavier child's
/// (or both, when they agree): exact within a bucket, a close estimate above it.
LaneSummary::Bucket combine(const LaneSummary::Bucket &a, const LaneSummary::Bucket &b)
{
    LaneSummary::Bucket parent;
    parent.busy = a.busy + b.busy;
    parent.count = a.count + b.count;
    if (a.key == b.key) {
        parent.key = a.key;
        parent.weight = a.weight + b.weight;
    } else {
        const auto &heavier = a.weight >= b.weight ? a : b;
        parent.key = heavier.key;
        parent.weight = heavier.weight;
    }
    return parent;
}

/// Drops the values of `column` from index `size` on.
template <typename T>
void truncate(Column<T> &column, size_t size)
{
    while (column.size() > size)
        column.pop_back();
}

/// Whether each event ends no earlier than it begins and begins no earlier than the one before
/// it ended, from event `from` on (the one before it taken as checked).
template <typename ColumnsT>
bool disjointFrom(const ColumnsT &c, size_t from)
{
    for (size_t k = from; k < c.size(); ++k) {
        if (c.ends[k] < c.begins[k] || (k > 0 && c.begins[k] < c.ends[k - 1]))
            return false;
    }
    return true;
}

template <typename ColumnsT>
TimeNs lastEnd(const ColumnsT &c, TimeNs origin)
{
    TimeNs last = origin + 1;
    c.ends.forEachChunk([&last](std::span<const TimeNs> ends) {
        for (const TimeNs end : ends)
            last = std::max(last, end);
    });
    return last;
}

} // namespace

template <typename ColumnsT>
LaneSummary LaneSummary::build(const ColumnsT &c, TimeNs width)
{
    LaneSummary summary;
    const size_t n = c.size();
    if (n == 0)
        return summary;
    summary.m_origin = std::min<TimeNs>(0, c.begins[0]);
    const TimeNs span = lastEnd(c, summary.m_origin) - summary.m_origin;
    summary.m_width =
        width > 0 ? width
                  : std::max<TimeNs>(
                      1, TimeNs(std::ceil(double(span) * double(kEventsPerBucket) / double(n))));
    summary.m_levels.emplace_back();
    summary.m_disjoint =
        summary.fillFrom(c, 0, 0, size_t((span + summary.m_width - 1) / summary.m_width));
    return summary;
}

template <typename ColumnsT>
bool LaneSummary::fillFrom(const ColumnsT &c, size_t event, size_t bucket, size_t buckets)
{
    const TimeNs origin = m_origin;
    const TimeNs width = m_width;
    std::vector<Bucket> tail(buckets - bucket);
    // Events arrive sorted, so buckets fill left to right: one tally serves the bucket that is
    // still open, and buckets that one event spans entirely are its own.
    KeyTally tally;
    size_t open = bucket;
    bool disjoint = true;
    TimeNs previousEnd = event > 0 ? c.ends[event - 1] : std::numeric_limits<TimeNs>::min();
    c.forEachFrom(event, [&](const TimeNs begin, const TimeNs end, const auto eventKey) {
        disjoint = disjoint && end >= begin && begin >= previousEnd;
        previousEnd = end;
        if (end <= begin)
            return;
        const auto key = uint32_t(eventKey);
        const size_t first = size_t((begin - origin) / width);
        const size_t last = std::min(buckets - 1, size_t((end - 1 - origin) / width));
        if (first >= bucket)
            ++tail[first - bucket].count;
        for (size_t x = std::max(first, bucket); x <= last; ++x) {
            const TimeNs bucketBegin = origin + TimeNs(x) * width;
            const TimeNs overlap =
                std::min(end, bucketBegin + width) - std::max(begin, bucketBegin);
            Bucket &b = tail[x - bucket];
            if (x > open) {
                tally.finish(tail[open - bucket]);
                open = x;
            }
            b.busy += float(overlap);
            if (x == open)
                tally.add(key, overlap);
            else if (b.key == key) // an overlapping capture reaching back
                b.weight += float(overlap);
        }
    });
    if (open < buckets)
        tally.finish(tail[open - bucket]);

    truncate(m_levels[0], bucket);
    m_levels[0].append(tail);
    // Each coarser level again from the parent of the first bucket made again on.
    size_t level = 1;
    for (size_t changed = bucket; m_levels[level - 1].size() > 1; ++level) {
        changed /= 2;
        if (level == m_levels.size())
            m_levels.emplace_back();
        const Column<Bucket> &child = m_levels[level - 1];
        Column<Bucket> &parent = m_levels[level];
        truncate(parent, std::min(changed, parent.size()));
        Column<Bucket>::Appender append(parent);
        for (size_t x = parent.size(); x < (child.size() + 1) / 2; ++x)
            append.push(2 * x + 1 < child.size() ? combine(child[2 * x], child[2 * x + 1])
                                                 : child[2 * x]);
    }
    m_levels.resize(level);
    return disjoint;
}

bool LaneSummary::suits(size_t events, TimeNs last) const
{
    const auto buckets = double((last - m_origin + m_width - 1) / m_width);
    const double perBucket = double(events) / std::max(1.0, buckets);
    return perBucket >= double(kEventsPerBucket) / 4 && perBucket <= double(kEventsPerBucket) * 4;
}

template <typename ColumnsT>
LaneSummary LaneSummary::carriedOn(const ColumnsT &c, size_t same, const LaneSummary &ofEarlier)
{
    // What the shared events put in the buckets before the first event that is not shared
    // stays; the rest is made again.
    if (same == 0 || ofEarlier.empty() || !ofEarlier.m_disjoint || !disjointFrom(c, same))
        return build(c);
    const TimeNs last = std::max(ofEarlier.m_origin + 1, c.ends[c.size() - 1]);
    if (!ofEarlier.suits(c.size(), last))
        return build(c);
    LaneSummary summary = ofEarlier; // shares its buckets' chunks
    const TimeNs origin = summary.m_origin;
    const TimeNs width = summary.m_width;
    const size_t buckets = size_t((last - origin + width - 1) / width);
    // Events not shared begin where the last shared one ended, or later.
    const size_t bucket =
        std::min(buckets, size_t(std::max<TimeNs>(0, c.ends[same - 1] - origin) / width));
    size_t event = same;
    while (event > 0 && c.ends[event - 1] > origin + TimeNs(bucket) * width)
        --event; // shared, but reaching into the buckets made again
    summary.fillFrom(c, event, bucket, buckets);
    return summary;
}

LaneSummary LaneSummary::ofSlices(const CoreSlices &slices, TimeNs width)
{
    return build(Columns<uint32_t>{slices.begin, slices.end, slices.thread}, width);
}

LaneSummary LaneSummary::ofStates(const ThreadStates &states, TimeNs width)
{
    return build(Columns<ThreadState>{states.begin, states.end, states.state}, width);
}

LaneSummary LaneSummary::ofSlices(const CoreSlices &slices, const CoreSlices &earlier,
                                  const LaneSummary &ofEarlier)
{
    return carriedOn(Columns<uint32_t>{slices.begin, slices.end, slices.thread},
                     sharedRows(slices, earlier), ofEarlier);
}

LaneSummary LaneSummary::ofStates(const ThreadStates &states, const ThreadStates &earlier,
                                  const LaneSummary &ofEarlier)
{
    return carriedOn(Columns<ThreadState>{states.begin, states.end, states.state},
                     sharedRows(states, earlier), ofEarlier);
}

bool LaneSummary::covers(const LodWindow &window) const
{
    return !empty() && window.valid() && window.nsPerPixel() >= 2.0 * double(m_width);
}

void LaneSummary::query(const LodWindow &window, std::vector<LodItem> &out) const
{
    out.clear();
    if (!covers(window))
        return;
    const double nsPerPixel = window.nsPerPixel();
    // The coarsest level whose buckets are at most half a pixel: 2 to 4 buckets per column.
    size_t level = 0;
    while (level + 1 < m_levels.size() && double(m_width << (level + 1)) * 2.0 <= nsPerPixel)
        ++level;
    const Column<Bucket> &buckets = m_levels[level];
    const double width = double(m_width << level);
    const double lastTime = double(m_origin) + width * double(buckets.size());

    struct Share
    {
        uint32_t key;
        double weight;
    };
    std::array<Share, 8> shares{};
    int64_t previousColumn = -2;
    for (int column = 0; column < window.pixels; ++column) {
        const double a = double(window.begin) + double(column) * nsPerPixel;
        const double b = a + nsPerPixel;
        if (b <= double(m_origin))
            continue;
        if (a >= lastTime)
            break;
        const auto firstBucket = size_t(std::max(0.0, std::floor((a - double(m_origin)) / width)));
        const size_t lastBucket =
            std::min(buckets.size() - 1,
                     size_t(std::max(0.0, std::ceil((b - double(m_origin)) / width) - 1)));
        double busy = 0;
        uint32_t count = 0;
        size_t used = 0;
        for (size_t x = firstBucket; x <= lastBucket; ++x) {
            const Bucket &bucket = buckets[x];
            if (bucket.busy <= 0)
                continue;
            const double bucketBegin = double(m_origin) + double(x) * width;
            const double fraction =
                (std::min(b, bucketBegin + width) - std::max(a, bucketBegin)) / width;
            busy += fraction * double(bucket.busy);
            if (bucketBegin >= a)
                count += bucket.count;
            size_t s = 0;
            while (s < used && shares[s].key != bucket.key)
                ++s;
            if (s == used && used < shares.size())
                shares[used++] = {bucket.key, 0.0};
            if (s < used)
                shares[s].weight += fraction * double(bucket.weight);
        }
        if (busy <= 0.0) {
            previousColumn = -2;
            continue;
        }
        size_t best = 0;
        for (size_t s = 1; s < used; ++s) {
            if (shares[s].weight > shares[best].weight)
                best = s;
        }
        LodItem item;
        item.begin = TimeNs(std::floor(a));
        item.end = TimeNs(std::ceil(b));
        item.busy = std::min(TimeNs(busy + 0.5), item.end - item.begin);
        item.key = shares[best].key;
        item.count = std::max<uint32_t>(count, 1);
        item.index = LodItem::kNoIndex;
        if (previousColumn == column - 1 && out.back().key == item.key
            && out.back().coverageLevel() == item.coverageLevel()) {
            out.back().end = item.end;
            out.back().busy = std::min(out.back().busy + item.busy, item.end - out.back().begin);
            out.back().count += item.count;
        } else {
            out.push_back(item);
        }
        previousColumn = column;
    }
}

size_t LaneSummary::memoryBytes() const
{
    size_t bytes = 0;
    for (const Column<Bucket> &level : m_levels)
        bytes += level.size() * sizeof(Bucket);
    return bytes;
}

bool operator==(const LaneSummary &a, const LaneSummary &b)
{
    return a.m_origin == b.m_origin && a.m_width == b.m_width && a.m_levels == b.m_levels;
}

} // namespace corescope
