// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace corescope {

/// The visible stretch of a lane: a time range drawn across a number of pixel columns.
struct LodWindow
{
    TimeNs begin = 0;
    TimeNs end = 0;
    int pixels = 0;
    [[nodiscard]] bool valid() const { return end > begin && pixels > 0; }
    [[nodiscard]] double nsPerPixel() const { return double(end - begin) / double(pixels); }
};

/// One drawable piece of a lane: one event (count == 1) or the events of one or more neighbouring
/// pixel columns merged into a single bar whose colour is the key that holds most of its time.
struct LodItem
{
    TimeNs begin = 0; ///< not clipped to the window
    TimeNs end = 0;
    TimeNs busy = 0;  ///< time the merged events cover (estimated from samples in crowded columns)
    uint32_t key = 0; ///< slices: thread; states: ThreadState; spans: SpanKind
    uint32_t count = 0;        ///< events merged into this item
    uint32_t index = kNoIndex; ///< the first event's index in its columns, when known

    /// index of an item summarised from pre-aggregated buckets, which name no event.
    static constexpr uint32_t kNoIndex = UINT32_MAX;
    /// Steps in which coverage is drawn; neighbouring columns merge only within one step.
    static constexpr int kCoverageLevels = 8;

    /// Whether the item is one event, and index names it.
    [[nodiscard]] bool single() const { return count == 1 && index != kNoIndex; }
    /// How much of the item's extent its events cover, from 0 to 1 (1 for a single event).
    [[nodiscard]] double coverage() const
    {
        return end > begin ? std::min(1.0, double(busy) / double(end - begin)) : 1.0;
    }
    /// coverage() in kCoverageLevels steps; 1 at least, so that a busy column never vanishes.
    [[nodiscard]] int coverageLevel() const
    {
        return std::clamp(int(coverage() * kCoverageLevels + 0.5), 1, kCoverageLevels);
    }
};

/// Level-of-detail queries over a lane's time-sorted columns. Each returns at most
/// 2 × window.pixels + 2 items for any zoom, in time order, and the events themselves once every
/// event is at least a pixel wide. Cost: O(pixels × log n) — binary and galloping searches over
/// the sorted columns plus a fixed number of samples per crowded column, never a scan of all
/// events. `out` is cleared and refilled so that a caller can keep its capacity between frames.
namespace lod {

/// Events in a column beyond which the column's colour and busy time come from this many samples.
inline constexpr size_t kSamples = 8;

/// A core's on-CPU slices; key = thread index.
void coreSlices(const CoreSlices &slices, const LodWindow &window, std::vector<LodItem> &out);
/// A thread's state strip; key = ThreadState.
void threadStates(const ThreadStates &states, const LodWindow &window, std::vector<LodItem> &out);
/// The spans listed in `subset` (indices into `spans`, sorted, not overlapping one another, as
/// spansOfKind() returns them); key = SpanKind.
void threadSpans(const ThreadSpans &spans, std::span<const uint32_t> subset,
                 const LodWindow &window, std::vector<LodItem> &out);

/// Indices of the spans of one kind, in time order. Spans of different kinds nest, spans of one
/// kind follow one another, so each kind is queried on its own.
[[nodiscard]] std::vector<uint32_t> spansOfKind(const ThreadSpans &spans, SpanKind kind);

/// Spans of one kind at one nesting depth: in time order and not overlapping one another, so a
/// layer can be queried with threadSpans().
struct SpanLayer
{
    SpanKind kind = SpanKind::Task;
    uint32_t depth = 0;
    std::vector<uint32_t> spans;
};
/// A thread's spans split into layers by kind, then depth (imported slices nest within their own
/// kind), in one pass.
[[nodiscard]] std::vector<SpanLayer> spanLayers(const ThreadSpans &spans);

/// Hit-testing: the event whose interval holds `time`, by binary search.
[[nodiscard]] std::optional<size_t> sliceAt(const CoreSlices &slices, TimeNs time);
[[nodiscard]] std::optional<size_t> stateAt(const ThreadStates &states, TimeNs time);
/// The span of `subset` holding `time`, as an index into the ThreadSpans.
[[nodiscard]] std::optional<uint32_t> spanAt(const ThreadSpans &spans,
                                             std::span<const uint32_t> subset, TimeNs time);
/// Index of the first event that begins at or after `time` (the count when none does).
[[nodiscard]] size_t firstBeginningAtOrAfter(const Column<TimeNs> &begins, TimeNs time);

} // namespace lod
} // namespace corescope
