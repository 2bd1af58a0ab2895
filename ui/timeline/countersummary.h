// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/levelofdetail.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace corescope {

/// A counter track made ready for drawing as a step chart at any zoom: at most one item per
/// pixel column, a value that holds across columns as one item, a crowded column as the lowest
/// and highest value it holds. Columns are found by binary search over the times, and a column's
/// extremes come from a pyramid of block minima and maxima built once (about 2 bytes per value),
/// so a query costs O(pixels × log n) whatever the number of values. The track's columns are
/// copied, which shares their chunks: the summary outlives nothing it reads.
class CounterSummary
{
public:
    /// The values of a stretch of the track.
    struct Extremes
    {
        double low = 0;
        double high = 0;
    };
    /// One drawable piece: a value (count 1, low == high) from its begin to its end, or the
    /// `count` values that hold in one crowded pixel column.
    struct Item
    {
        TimeNs begin = 0; ///< not before the window's begin
        TimeNs end = 0;   ///< not clipped to the window
        double low = 0;
        double high = 0;
        uint32_t count = 0;
        [[nodiscard]] bool single() const { return count == 1; }
    };

    CounterSummary() = default;
    /// `until`: where the last value stops holding (the run's extent). A damaged track (more
    /// times than values, or fewer) is left empty.
    CounterSummary(const CounterTrack &track, TimeNs until);

    [[nodiscard]] size_t size() const { return m_time.size(); }
    /// The lowest and highest value of the whole track (0 and 0 when it has none).
    [[nodiscard]] Extremes extremes() const { return m_all; }
    /// The lowest and highest of the values holding in [from, to); none where none holds.
    [[nodiscard]] std::optional<Extremes> extremes(TimeNs from, TimeNs to) const;
    /// The value that holds at `time`: its index, by binary search; none before the first.
    [[nodiscard]] std::optional<size_t> indexAt(TimeNs time) const;
    [[nodiscard]] TimeNs timeOf(size_t index) const { return m_time[index]; }
    [[nodiscard]] double valueOf(size_t index) const { return m_value[index]; }
    /// Where the value at `index` stops holding: the next value's time, or `until`.
    [[nodiscard]] TimeNs endOf(size_t index) const;

    /// The items of `window`, in time order: at most window.pixels of them. `out` is cleared.
    void query(const LodWindow &window, std::vector<Item> &out) const;

    /// Values per block of the pyramid's lowest level.
    static constexpr size_t kBlock = 16;

private:
    /// The extremes of the values at [first, last).
    [[nodiscard]] Extremes extremesOf(size_t first, size_t last) const;

    Column<TimeNs> m_time;
    Column<double> m_value;
    TimeNs m_until = 0;
    Extremes m_all;
    /// Level 0: the extremes of each kBlock values; level k + 1: of pairs of level k's.
    std::vector<std::vector<Extremes>> m_levels;
};

} // namespace corescope
