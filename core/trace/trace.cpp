// SPDX-License-Identifier: MIT
#include "trace/trace.h"

#include <algorithm>
#include <array>

namespace corescope {

size_t sharedRows(const CoreSlices &a, const CoreSlices &b)
{
    return std::min({Column<TimeNs>::sharedPrefix(a.begin, b.begin),
                     Column<TimeNs>::sharedPrefix(a.end, b.end),
                     Column<uint32_t>::sharedPrefix(a.thread, b.thread)});
}

size_t sharedRows(const ThreadStates &a, const ThreadStates &b)
{
    return std::min({Column<TimeNs>::sharedPrefix(a.begin, b.begin),
                     Column<TimeNs>::sharedPrefix(a.end, b.end),
                     Column<ThreadState>::sharedPrefix(a.state, b.state),
                     Column<uint16_t>::sharedPrefix(a.core, b.core)});
}

bool sharesEvents(const Trace &a, const Trace &b)
{
    for (size_t c = 0; c < std::min(a.coreCount(), b.coreCount()); ++c) {
        if (sharedRows(a.slicesOnCore(c), b.slicesOnCore(c)) > 0)
            return true;
    }
    for (size_t t = 0; t < std::min(a.threads().size(), b.threads().size()); ++t) {
        if (sharedRows(a.statesOf(t), b.statesOf(t)) > 0)
            return true;
    }
    return false;
}

namespace {

template <size_t N>
std::string_view nameAt(const std::array<std::string_view, N> &names, size_t index)
{
    return index < names.size() ? names[index] : std::string_view("unknown");
}

} // namespace

std::string_view threadRoleName(ThreadRole role)
{
    static constexpr std::array<std::string_view, size_t(ThreadRole::Count)> kNames = {
        "engine", "worker", "child-process", "task"};
    return nameAt(kNames, size_t(role));
}

size_t Trace::sliceCount() const
{
    size_t total = 0;
    for (const auto &core : m_cores)
        total += core.size();
    return total;
}

size_t Trace::stateCount() const
{
    size_t total = 0;
    for (const auto &states : m_states)
        total += states.size();
    return total;
}

size_t Trace::spanCount() const
{
    size_t total = 0;
    for (const auto &spans : m_spans)
        total += spans.size();
    return total;
}

size_t Trace::waitCount() const
{
    size_t total = 0;
    for (const auto &waits : m_waits)
        total += waits.size();
    return total;
}

size_t Trace::counterValueCount() const
{
    size_t total = 0;
    for (const auto &counter : m_counters)
        total += counter.size();
    return total;
}

size_t Trace::eventCount() const
{
    return sliceCount() + stateCount() + spanCount() + m_markers.size() + waitCount()
           + counterValueCount();
}

std::vector<const Trace *> traceRefs(std::span<const Trace> runs)
{
    std::vector<const Trace *> refs;
    refs.reserve(runs.size());
    for (const Trace &run : runs)
        refs.push_back(&run);
    return refs;
}

std::vector<const Trace *> traceRefs(std::span<const std::shared_ptr<const Trace>> runs)
{
    std::vector<const Trace *> refs;
    refs.reserve(runs.size());
    for (const auto &run : runs)
        refs.push_back(run.get());
    return refs;
}

const CoreBusySamples &Trace::busySamplesOf(size_t core) const
{
    static const CoreBusySamples kNone;
    return core < m_busy.size() ? m_busy[core] : kNone;
}

} // namespace corescope
