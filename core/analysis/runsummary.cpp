// SPDX-License-Identifier: MIT
#include "analysis/runsummary.h"

namespace corescope {

RunSummary RunSummary::of(const Trace &trace)
{
    RunSummary summary;
    summary.wall = trace.duration();
    summary.slices = trace.sliceCount();
    summary.threads.resize(trace.threads().size());
    for (size_t t = 0; t < summary.threads.size(); ++t) {
        Thread &thread = summary.threads[t];
        thread.thread = uint32_t(t);
        const ThreadStates &states = trace.statesOf(t);
        for (size_t i = 0; i < states.size(); ++i)
            thread.inState[size_t(states.state[i])] += states.end[i] - states.begin[i];
    }
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        const CoreSlices &slices = trace.slicesOnCore(c);
        Core core{uint16_t(c), 0};
        for (size_t i = 0; i < slices.size(); ++i) {
            const TimeNs length = slices.end[i] - slices.begin[i];
            core.busy += length;
            summary.threads[slices.thread[i]].onCpu += length;
        }
        summary.cpu += core.busy;
        summary.cores.push_back(core);
    }
    return summary;
}

TimeNs RunSummary::in(ThreadState state) const
{
    TimeNs total = 0;
    for (const Thread &thread : threads)
        total += thread.in(state);
    return total;
}

} // namespace corescope
