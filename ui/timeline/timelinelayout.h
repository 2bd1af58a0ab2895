// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace corescope {

/// Which lanes each run gets below its header.
enum class LaneMode : uint8_t {
    Cores,   ///< one lane per core: what ran where
    Threads, ///< one lane per thread or process: its state strip with its task spans above;
             ///< then a lane per task of a loop or pool, after its process's threads
    Both,    ///< cores, then threads
};

/// One row of the timeline, in content coordinates (0 = top of the first row).
struct TimelineLane
{
    enum class Kind : uint8_t {
        RunHeader,
        Core,
        Thread,
        Task,   ///< a thread of role Task: its state strip alone
        Counter ///< a counter track, under the run's other lanes in every mode
    };
    Kind kind = Kind::Core;
    int run = 0;
    uint32_t index = 0; ///< the core, the thread or task (index into the run's threads), or the
                        ///< counter (into its counters)
    int top = 0;
    int height = 0;
    [[nodiscard]] int bottom() const { return top + height; }
};

/// The rows of the runs shown: for each run a header, then its core lanes and/or thread lanes,
/// then its counters. Also decides each thread's place and colour slot: the engine's main thread
/// first (slot 0), then workers and child processes in the order they started (slots 1, 2, …),
/// so worker k looks the same in every run; a process's tasks follow its threads and take no
/// slot (0), so tasks never shift the workers' colours. Cheap to rebuild (proportional to
/// lanes, not events).
class TimelineLayout
{
public:
    struct Heights
    {
        int header = 24;
        int core = 26;
        int thread = 30;
        int task = 22;
        int counter = 30;
    };

    void setRuns(const std::vector<std::shared_ptr<const Trace>> &runs);
    /// Stacks the rows. Lanes (not headers) stretch by the same factor to fill `available`
    /// pixels, within [minStretch, maxStretch]; content taller than `available` scrolls.
    void build(LaneMode mode, const Heights &heights, int available, double minStretch,
               double maxStretch);

    [[nodiscard]] const std::vector<TimelineLane> &lanes() const { return m_lanes; }
    [[nodiscard]] int contentHeight() const { return m_contentHeight; }
    [[nodiscard]] int runCount() const { return int(m_threadOrder.size()); }
    /// The row at content y, by binary search.
    [[nodiscard]] std::optional<size_t> laneAt(int y) const;
    /// The thread's (or task's) lane, if threads are shown.
    [[nodiscard]] std::optional<size_t> laneOfThread(int run, uint32_t thread) const;
    /// Threads of a run in the order their lanes appear.
    [[nodiscard]] std::span<const uint32_t> threadOrder(int run) const;
    /// Colour slot of a thread (see TimelinePalette).
    [[nodiscard]] uint32_t colourSlot(int run, uint32_t thread) const;
    /// The highest slot any thread of any run has.
    [[nodiscard]] uint32_t maxColourSlot() const { return m_maxSlot; }

private:
    std::vector<std::vector<uint32_t>> m_threadOrder;
    std::vector<std::vector<uint32_t>> m_slotOf;
    std::vector<size_t> m_coresOf;
    std::vector<size_t> m_countersOf;
    std::vector<std::vector<bool>> m_isTask; ///< per run, per thread
    std::vector<TimelineLane> m_lanes;
    std::vector<std::vector<int32_t>> m_threadLane; ///< per run: lane index per thread, or -1
    int m_contentHeight = 0;
    uint32_t m_maxSlot = 0;
};

} // namespace corescope
