// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <string>
#include <vector>

namespace corescope {

/// What filled each core's time during a run: the run's own threads, other programs (or the
/// kernel), or nothing. Other programs are known exactly where a thread of the run was runnable
/// and allowed on a core that ran none of the run's threads: something else held that core (the
/// kernel would have given it the core) — unless the kernel's idle accounting, where the run
/// sampled it, says the core was idle then (the thread waited for the kernel to move it). Beyond
/// that they come from the idle accounting: what a core was busy with in a sample interval that
/// the run's slices and the exact intervals do not cover.
class CoreOccupancy
{
public:
    /// Other programs beyond a run's 10 % of a core make its speed-ups incomparable.
    static constexpr double kProblemShare = 0.10;

    struct Interval
    {
        TimeNs begin = 0;
        TimeNs end = 0;
        friend bool operator==(const Interval &, const Interval &) = default;
    };
    /// One sample interval's other programs beyond the exact intervals.
    struct SampledOthers
    {
        TimeNs begin = 0;
        TimeNs end = 0;
        TimeNs others = 0;
        /// others as a share of the interval's time that neither the run nor the exact
        /// intervals fill (what a lane shades), in [0, 1].
        float shareOfGaps = 0;
    };
    struct Core
    {
        TimeNs ours = 0;    ///< the run's own slices
        TimeNs exact = 0;   ///< other programs, inferred from the run's runnable threads
        TimeNs sampled = 0; ///< other programs beyond that, from the idle accounting
        /// The rest of the run's time: idle where sampled; elsewhere idle or other programs.
        TimeNs rest = 0;
        std::vector<Interval> exactIntervals; ///< sorted, disjoint
        std::vector<SampledOthers> samples;   ///< in time order
        [[nodiscard]] TimeNs others() const { return exact + sampled; }
    };

    /// The figures of `trace`; for a live snapshot, none yet (sampled() and inferred() false):
    /// they read the whole run, which a live view's ten updates a second cannot afford.
    [[nodiscard]] static CoreOccupancy of(const Trace &trace);

    [[nodiscard]] const std::vector<Core> &cores() const { return m_cores; }
    /// The run's time [0, wall) that the figures cover.
    [[nodiscard]] TimeNs wall() const { return m_wall; }
    /// Whether the idle accounting was sampled, so that `rest` is idle time.
    [[nodiscard]] bool sampled() const { return m_sampled; }
    /// Whether runnable threads could tell (the run knows which cores its threads may use).
    [[nodiscard]] bool inferred() const { return m_inferred; }
    /// Whether the figures wait for the run's end (a live snapshot).
    [[nodiscard]] bool pending() const { return m_pending; }
    /// One line per core that other programs took more than kProblemShare of: "core 1 was 38 %
    /// busy with other programs during the threads run".
    [[nodiscard]] std::vector<std::string> problems(const TraceMetadata &metadata) const;

private:
    std::vector<Core> m_cores;
    TimeNs m_wall = 0;
    bool m_sampled = false;
    bool m_inferred = false;
    bool m_pending = false;
};

/// Every problem of a run, as each report lists them: what the run recorded, then what its
/// figures show (other programs on the cores).
[[nodiscard]] std::vector<std::string> runProblems(const Trace &trace);
/// The same, with the run's occupancy worked out already.
[[nodiscard]] std::vector<std::string> runProblems(const Trace &trace,
                                                   const CoreOccupancy &occupancy);

} // namespace corescope
