// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <array>
#include <vector>

namespace corescope {

/// The figures a run is judged by, each a sum over the trace's slices or states, so every number
/// the app prints can be traced back to intervals on the timeline.
struct RunSummary
{
    struct Core
    {
        uint16_t core = 0;
        TimeNs busy = 0; ///< sum of on-CPU slices on this core
        friend bool operator==(const Core &, const Core &) = default;
    };
    struct Thread
    {
        uint32_t thread = 0; ///< index into Trace::threads()
        TimeNs onCpu = 0;    ///< sum of its slices on every core
        std::array<TimeNs, size_t(ThreadState::Count)> inState{}; ///< time in each state
        [[nodiscard]] TimeNs in(ThreadState state) const { return inState[size_t(state)]; }
        friend bool operator==(const Thread &, const Thread &) = default;
    };

    TimeNs wall = 0;
    TimeNs cpu = 0; ///< on-CPU time of every thread together
    size_t slices = 0;
    std::vector<Core> cores;
    std::vector<Thread> threads;

    friend bool operator==(const RunSummary &, const RunSummary &) = default;

    /// Time every thread together spent in `state`.
    [[nodiscard]] TimeNs in(ThreadState state) const;
    [[nodiscard]] static RunSummary of(const Trace &trace);
    /// The summary of `trace`, a later snapshot of the growing trace `earlier`: the events the
    /// two share (Column::sharedPrefix) are not read again; `ofEarlier`'s sums lose what
    /// `earlier` holds after them and gain what `trace` does. Equal to of(trace), and as cheap
    /// as what changed, so a live view's update does not read the whole trace.
    [[nodiscard]] static RunSummary of(const Trace &trace, const Trace &earlier,
                                       const RunSummary &ofEarlier);
    /// The figures of `trace` up to `end` (a replay's playhead): its intervals cut there, its
    /// wall time the part of it before `end`.
    [[nodiscard]] static RunSummary until(const Trace &trace, TimeNs end);
    /// The same, carried on from `atFrom`, the figures up to `from`: only the intervals
    /// between the two instants are read (a binary search per lane finds them), so a replay
    /// that moves on a little costs a little, whatever the size of the trace.
    [[nodiscard]] static RunSummary until(const Trace &trace, TimeNs end, const RunSummary &atFrom,
                                          TimeNs from);
};

} // namespace corescope
