// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/levelofdetail.h"

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
    /// A core's slices; key = thread.
    [[nodiscard]] static LaneSummary ofSlices(const CoreSlices &slices);
    /// A thread's states; key = ThreadState.
    [[nodiscard]] static LaneSummary ofStates(const ThreadStates &states);

    [[nodiscard]] bool empty() const { return m_levels.empty(); }
    /// Whether `window` is coarse enough to be answered from the summary.
    [[nodiscard]] bool covers(const LodWindow &window) const;
    /// Like lod::coreSlices() for a covered window: at most window.pixels items, each spanning
    /// whole pixel columns, with index == LodItem::kNoIndex.
    void query(const LodWindow &window, std::vector<LodItem> &out) const;
    /// Width of the finest buckets.
    [[nodiscard]] TimeNs bucketWidth() const { return m_width; }
    [[nodiscard]] size_t memoryBytes() const;

    /// One bucket: how much of it is covered, and by which key most.
    struct Bucket
    {
        float busy = 0;   ///< ns covered by events
        float weight = 0; ///< ns covered by `key`'s events
        uint32_t key = 0;
        uint32_t count = 0; ///< events that begin in the bucket
    };

private:
    template <typename Columns>
    static LaneSummary build(const Columns &columns);

    TimeNs m_origin = 0;
    TimeNs m_width = 0;
    std::vector<std::vector<Bucket>> m_levels; ///< [0]: finest; each next one half as long
};

} // namespace corescope
