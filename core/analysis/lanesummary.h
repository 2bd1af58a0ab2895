// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/levelofdetail.h"
#include "trace/column.h"

#include <cstddef>
#include <span>
#include <vector>

namespace corescope {

/// A lane's events pre-aggregated into time buckets at doubling widths (a mip-map of the lane),
/// built once in O(n). A window whose pixels each span two or more of the finest buckets is then
/// drawn from the level whose buckets are about half a pixel wide, in O(pixels) and from a few
/// kilobytes, whatever the number of events — where galloping through the events themselves
/// would touch fresh memory in every column. Finer windows go to the lod:: queries, which then
/// meet only a few events per column.
class LaneSummary
{
public:
    /// Below this many events a lane is cheap to query directly and gets no summary.
    static constexpr size_t kMinEvents = size_t(1) << 15;
    /// Events per finest bucket on average: memory is about 2 × 16 / kEventsPerBucket bytes per
    /// event, and direct queries only run where columns hold fewer than twice this many events.
    static constexpr size_t kEventsPerBucket = 16;

    LaneSummary() = default;
    /// A core's slices; key = thread. `width`: of the finest buckets, 0 for the one that puts
    /// about kEventsPerBucket events in each.
    [[nodiscard]] static LaneSummary ofSlices(const CoreSlices &slices, TimeNs width = 0);
    /// A thread's states; key = ThreadState.
    [[nodiscard]] static LaneSummary ofStates(const ThreadStates &states, TimeNs width = 0);
    /// The summary of `slices`, a later snapshot of the lane `earlier` summarised: only the
    /// buckets from the first event the two do not share (Column::sharedPrefix) on are made
    /// again, so a live view's update costs what changed. Equal to ofSlices(slices,
    /// ofEarlier.bucketWidth()); made anew, as ofSlices(slices), where the earlier summary
    /// cannot be carried on (events that overlap, or buckets that no longer suit the lane's
    /// density: a quarter or four times kEventsPerBucket events a bucket).
    [[nodiscard]] static LaneSummary ofSlices(const CoreSlices &slices, const CoreSlices &earlier,
                                              const LaneSummary &ofEarlier);
    /// Likewise for a thread's states.
    [[nodiscard]] static LaneSummary
    ofStates(const ThreadStates &states, const ThreadStates &earlier, const LaneSummary &ofEarlier);

    [[nodiscard]] bool empty() const { return m_levels.empty(); }
    /// Whether `window` is coarse enough to be answered from the summary.
    [[nodiscard]] bool covers(const LodWindow &window) const;
    /// Like lod::coreSlices() for a covered window: at most window.pixels items, each spanning
    /// whole pixel columns, with index == LodItem::kNoIndex.
    void query(const LodWindow &window, std::vector<LodItem> &out) const;
    /// Width of the finest buckets.
    [[nodiscard]] TimeNs bucketWidth() const { return m_width; }
    [[nodiscard]] size_t memoryBytes() const;
    /// Same buckets at every level (for tests).
    friend bool operator==(const LaneSummary &a, const LaneSummary &b);

    /// One bucket: how much of it is covered, and by which key most.
    struct Bucket
    {
        float busy = 0;   ///< ns covered by events
        float weight = 0; ///< ns covered by `key`'s events
        uint32_t key = 0;
        uint32_t count = 0; ///< events that begin in the bucket
        friend bool operator==(const Bucket &, const Bucket &) = default;
    };

private:
    template <typename Columns>
    static LaneSummary build(const Columns &columns, TimeNs width = 0);
    template <typename Columns>
    /// `columns` summarised from `ofEarlier`, whose events were the same as their first `same`.
    static LaneSummary carriedOn(const Columns &columns, size_t same, const LaneSummary &ofEarlier);
    /// Whether buckets of m_width still suit `events` events up to `last`.
    [[nodiscard]] bool suits(size_t events, TimeNs last) const;
    /// Makes the finest buckets from `bucket` to `buckets` again from the events from `event` on
    /// (the first that reaches into that bucket), and the coarser levels above them. Returns
    /// whether those events are disjoint (each in order and within itself).
    template <typename Columns>
    bool fillFrom(const Columns &columns, size_t event, size_t bucket, size_t buckets);

    TimeNs m_origin = 0;
    TimeNs m_width = 0;
    /// [0]: finest; each next one half as long. Columns, so that a copy shares them and a summary
    /// carried on copies only the chunks it changes.
    std::vector<Column<Bucket>> m_levels;
    /// The events follow one another without overlapping (a recording's always do), so that the
    /// buckets before a point in time depend on the events before it alone.
    bool m_disjoint = false;
};

} // namespace corescope
