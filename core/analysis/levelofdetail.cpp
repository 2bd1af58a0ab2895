// SPDX-License-Identifier: MIT
#include "analysis/levelofdetail.h"

#include <array>
#include <cmath>

namespace corescope::lod {
namespace {

/// The events of a lane as the query sees them: sorted by begin, not overlapping.
struct DirectColumns
{
    const Column<TimeNs> &begins;
    const Column<TimeNs> &ends;
    [[nodiscard]] size_t size() const { return begins.size(); }
    [[nodiscard]] TimeNs begin(size_t k) const { return begins[k]; }
    [[nodiscard]] TimeNs end(size_t k) const { return ends[k]; }
    [[nodiscard]] uint32_t index(size_t k) const { return uint32_t(k); }
};

struct SliceColumns : DirectColumns
{
    const Column<uint32_t> &threads;
    [[nodiscard]] uint32_t key(size_t k) const { return threads[k]; }
};

struct StateColumns : DirectColumns
{
    const Column<ThreadState> &states;
    [[nodiscard]] uint32_t key(size_t k) const { return uint32_t(states[k]); }
};

/// Spans of one kind, reached through their indices.
struct SpanColumns
{
    const ThreadSpans *spans;
    std::span<const uint32_t> subset;
    [[nodiscard]] size_t size() const { return subset.size(); }
    [[nodiscard]] TimeNs begin(size_t k) const { return spans->begin[subset[k]]; }
    [[nodiscard]] TimeNs end(size_t k) const { return spans->end[subset[k]]; }
    [[nodiscard]] uint32_t key(size_t k) const { return uint32_t(spans->kind[subset[k]]); }
    [[nodiscard]] uint32_t index(size_t k) const { return subset[k]; }
};

/// First k in [from, n) with begin(k) >= time, knowing that every k < from begins earlier.
/// Galloping (1, 2, 4, … ahead, then a binary search) costs O(log distance), so walking a lane
/// column by column stays proportional to the columns, not to the events skipped.
template <typename Columns>
size_t gallop(const Columns &c, size_t from, TimeNs time)
{
    const size_t n = c.size();
    size_t lo = from;
    size_t hi = from;
    size_t step = 1;
    while (hi < n && c.begin(hi) < time) {
        lo = hi + 1;
        hi = from + step;
        step <<= 1;
    }
    hi = std::min(hi, n);
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (c.begin(mid) < time)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

template <typename Columns>
size_t lowerBound(const Columns &c, TimeNs time)
{
    size_t lo = 0;
    size_t hi = c.size();
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (c.begin(mid) < time)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/// Index of the first event that ends after `time`. Events do not overlap, so at most the one
/// just before the first later begin can reach over `time`; a few more steps back tolerate
/// captures whose neighbouring intervals touch or overlap by a rounding error.
template <typename Columns>
size_t firstEndingAfter(const Columns &c, TimeNs time)
{
    size_t k = lowerBound(c, time);
    for (int steps = 0; k > 0 && steps < 4 && c.end(k - 1) > time; ++steps)
        --k;
    return k;
}

/// Sums the events [first, last) of one pixel column: busy time and the key holding most of it.
/// Crowded columns are judged from kSamples evenly spread events, so the cost per column is fixed.
template <typename Columns>
void summarise(const Columns &c, size_t first, size_t last, LodItem &item)
{
    const size_t count = last - first;
    const size_t samples = std::min(count, kSamples);
    std::array<uint32_t, kSamples> keys{};
    std::array<TimeNs, kSamples> weights{};
    size_t distinct = 0;
    TimeNs sampled = 0;
    for (size_t s = 0; s < samples; ++s) {
        const size_t k = samples == count ? first + s : first + (count - 1) * s / (samples - 1);
        const TimeNs duration = c.end(k) - c.begin(k);
        const uint32_t key = c.key(k);
        sampled += duration;
        size_t slot = 0;
        while (slot < distinct && keys[slot] != key)
            ++slot;
        if (slot == distinct) {
            keys[distinct++] = key;
            weights[slot] = 0;
        }
        weights[slot] += duration;
    }
    size_t best = 0;
    for (size_t slot = 1; slot < distinct; ++slot) {
        if (weights[slot] > weights[best])
            best = slot;
    }
    item.begin = c.begin(first);
    item.end = std::max(c.end(last - 1), item.begin);
    item.key = keys[best];
    item.count = uint32_t(count);
    item.index = c.index(first);
    const TimeNs busy =
        samples == count ? sampled : TimeNs(double(sampled) * double(count) / double(samples));
    item.busy = std::min(busy, item.end - item.begin);
}

template <typename Columns>
void query(const Columns &c, const LodWindow &window, std::vector<LodItem> &out)
{
    out.clear();
    if (!window.valid() || c.size() == 0)
        return;
    const double nsPerPixel = window.nsPerPixel();
    const size_t n = c.size();
    size_t k = firstEndingAfter(c, window.begin);
    // The last merged column, so that crowded neighbours with the same key become one bar.
    int64_t lastMergedColumn = -2;
    const auto isWide = [&](size_t i) { return double(c.end(i) - c.begin(i)) >= nsPerPixel; };
    // Coverage of whole columns: a column's events may end well before the column does.
    const auto levelOf = [&](const LodItem &item) {
        const double extent = std::max(double(item.end - item.begin), nsPerPixel);
        return std::clamp(int(double(item.busy) / extent * LodItem::kCoverageLevels + 0.5), 1,
                          LodItem::kCoverageLevels);
    };

    while (k < n && c.begin(k) < window.end) {
        if (isWide(k)) {
            out.push_back({c.begin(k), c.end(k), c.end(k) - c.begin(k), c.key(k), 1, c.index(k)});
            lastMergedColumn = -2;
            ++k;
            continue;
        }
        // A narrow event: everything that begins in its pixel column becomes one item.
        const TimeNs from = std::max(c.begin(k), window.begin);
        const auto column = int64_t(std::floor(double(from - window.begin) / nsPerPixel));
        const TimeNs columnEnd = window.begin + TimeNs(std::ceil(double(column + 1) * nsPerPixel));
        size_t last = gallop(c, k + 1, std::max(columnEnd, from + 1));
        // The column's last event may reach far beyond it: that one is drawn as itself.
        if (last - k > 1 && isWide(last - 1))
            --last;
        LodItem item;
        summarise(c, k, last, item);
        if (lastMergedColumn == column - 1 && out.back().key == item.key
            && levelOf(out.back()) == levelOf(item)) {
            LodItem &previous = out.back();
            previous.busy += item.busy;
            previous.count += item.count;
            previous.end = std::max(previous.end, item.end);
            previous.busy = std::min(previous.busy, previous.end - previous.begin);
        } else {
            out.push_back(item);
        }
        lastMergedColumn = column;
        k = last;
    }
}

template <typename Columns>
std::optional<size_t> positionAt(const Columns &c, TimeNs time)
{
    // The last event beginning at or before `time`, then a couple of earlier ones for overlaps.
    size_t k = lowerBound(c, time + 1);
    for (int steps = 0; k > 0 && steps < 4; ++steps, --k) {
        if (c.begin(k - 1) <= time && c.end(k - 1) > time)
            return k - 1;
    }
    return std::nullopt;
}

SliceColumns columnsOf(const CoreSlices &slices)
{
    return {{slices.begin, slices.end}, slices.thread};
}

StateColumns columnsOf(const ThreadStates &states)
{
    return {{states.begin, states.end}, states.state};
}

} // namespace

void coreSlices(const CoreSlices &slices, const LodWindow &window, std::vector<LodItem> &out)
{
    query(columnsOf(slices), window, out);
}

void threadStates(const ThreadStates &states, const LodWindow &window, std::vector<LodItem> &out)
{
    query(columnsOf(states), window, out);
}

void threadSpans(const ThreadSpans &spans, std::span<const uint32_t> subset,
                 const LodWindow &window, std::vector<LodItem> &out)
{
    query(SpanColumns{&spans, subset}, window, out);
}

std::vector<uint32_t> spansOfKind(const ThreadSpans &spans, SpanKind kind)
{
    std::vector<uint32_t> subset;
    for (size_t k = 0; k < spans.size(); ++k) {
        if (spans.kind[k] == kind)
            subset.push_back(uint32_t(k));
    }
    return subset;
}

std::vector<SpanLayer> spanLayers(const ThreadSpans &spans)
{
    std::vector<SpanLayer> layers;
    // Per kind, the ends of the spans still open at the current begin: the stack's height is the
    // depth of the next span. A span lands below every open one, so one layer never overlaps.
    std::vector<std::vector<TimeNs>> open(static_cast<size_t>(SpanKind::Count));
    const auto layerFor = [&](SpanKind kind, uint32_t depth) -> SpanLayer & {
        for (SpanLayer &layer : layers) {
            if (layer.kind == kind && layer.depth == depth)
                return layer;
        }
        layers.push_back({kind, depth, {}});
        return layers.back();
    };
    for (size_t k = 0; k < spans.size(); ++k) {
        const auto kind = size_t(spans.kind[k]) < open.size() ? spans.kind[k] : SpanKind::Task;
        auto &stack = open[size_t(kind)];
        while (!stack.empty() && stack.back() <= spans.begin[k])
            stack.pop_back();
        layerFor(kind, uint32_t(stack.size())).spans.push_back(uint32_t(k));
        stack.push_back(spans.end[k]);
    }
    std::sort(layers.begin(), layers.end(), [](const SpanLayer &a, const SpanLayer &b) {
        return a.kind != b.kind ? a.kind < b.kind : a.depth < b.depth;
    });
    return layers;
}

std::optional<size_t> sliceAt(const CoreSlices &slices, TimeNs time)
{
    return positionAt(columnsOf(slices), time);
}

std::optional<size_t> stateAt(const ThreadStates &states, TimeNs time)
{
    return positionAt(columnsOf(states), time);
}

std::optional<uint32_t> spanAt(const ThreadSpans &spans, std::span<const uint32_t> subset,
                               TimeNs time)
{
    const auto position = positionAt(SpanColumns{&spans, subset}, time);
    if (!position)
        return std::nullopt;
    return subset[*position];
}

size_t firstBeginningAtOrAfter(const Column<TimeNs> &begins, TimeNs time)
{
    return size_t(std::lower_bound(begins.begin(), begins.end(), time) - begins.begin());
}

} // namespace corescope::lod
