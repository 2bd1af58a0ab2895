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
    };
    struct Thread
    {
        uint32_t thread = 0; ///< index into Trace::threads()
        TimeNs onCpu = 0;    ///< sum of its slices on every core
        std::array<TimeNs, size_t(ThreadState::Count)> inState{}; ///< time in each state
        [[nodiscard]] TimeNs in(ThreadState state) const { return inState[size_t(state)]; }
    };

    TimeNs wall = 0;
    TimeNs cpu = 0; ///< on-CPU time of every thread together
    size_t slices = 0;
    std::vector<Core> cores;
    std::vector<Thread> threads;

    /// Time every thread together spent in `state`.
    [[nodiscard]] TimeNs in(ThreadState state) const;
    [[nodiscard]] static RunSummary of(const Trace &trace);
};

} // namespace corescope
