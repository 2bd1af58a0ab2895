// SPDX-License-Identifier: MIT
#include "trace/switchreconstruction.h"

#include "trace/kinds.h"
#include "trace/tracebuilder.h"

#include <algorithm>

namespace corescope {

std::optional<ThreadState> SwitchReconstruction::stateAfterSwitchOut(char prevState)
{
    if (prevState == 'X' || prevState == 'Z')
        return std::nullopt; // it exited
    return threadStateOfPrevState(prevState);
}

SwitchReconstruction::PerThread &SwitchReconstruction::of(uint32_t thread)
{
    if (thread >= m_threads.size())
        m_threads.resize(size_t(thread) + 1);
    return m_threads[thread];
}

void SwitchReconstruction::switchIn(uint32_t thread, TimeNs time, uint16_t core)
{
    PerThread &t = of(thread);
    if (t.open) // its switch-out was lost: as far as anyone knows it ran until now
        t.slices.push_back({t.open->begin, std::max(t.open->begin, time), t.open->core, {}});
    t.open = SwitchSlice{time, time, core, {}};
}

void SwitchReconstruction::switchOut(uint32_t thread, TimeNs time, std::optional<ThreadState> after)
{
    PerThread &t = of(thread);
    if (t.open) {
        t.slices.push_back({t.open->begin, std::max(t.open->begin, time), t.open->core, after});
        t.open.reset();
    } else {
        t.slices.push_back({time, time, 0, after});
    }
}

void SwitchReconstruction::addSlice(uint32_t thread, TimeNs begin, TimeNs end, uint16_t core,
                                    std::optional<ThreadState> after)
{
    of(thread).slices.push_back({begin, std::max(begin, end), core, after});
}

void SwitchReconstruction::coreSwitch(uint16_t core, TimeNs time, uint32_t prev, uint32_t next,
                                      std::optional<ThreadState> after)
{
    if (core >= m_cores.size())
        m_cores.resize(size_t(core) + 1);
    m_cores[core].push_back({time, prev, next, after});
}

void SwitchReconstruction::addPhase(uint32_t thread, TimeNs begin, TimeNs end, ThreadState state)
{
    if (end > begin)
        of(thread).phases.push_back({begin, end, state});
}

void SwitchReconstruction::replayCore(uint16_t core, std::vector<CoreRecord> &records, TimeNs end)
{
    std::stable_sort(records.begin(), records.end(),
                     [](const CoreRecord &a, const CoreRecord &b) { return a.time < b.time; });
    bool known = false; // nothing is known of a CPU before its first record
    uint32_t current = kIdle;
    TimeNs since = 0;
    for (const CoreRecord &r : records) {
        const bool leaves = known && current != kIdle;
        if (leaves) {
            // A prev other than the thread this CPU took in means records were lost; that
            // thread left by now, why is not known.
            of(current).slices.push_back(
                {since, r.time, core, r.prev == current ? r.after : ThreadState::Sleeping});
        }
        if (r.prev != kIdle && !(leaves && r.prev == current))
            of(r.prev).slices.push_back({r.time, r.time, core, r.after});
        current = r.next;
        since = r.time;
        known = true;
    }
    if (known && current != kIdle && end > since)
        of(current).slices.push_back({since, end, core, {}});
    records.clear();
    records.shrink_to_fit();
}

void SwitchReconstruction::finish(TimeNs end)
{
    for (size_t c = 0; c < m_cores.size(); ++c)
        replayCore(uint16_t(c), m_cores[c], end);
    for (PerThread &t : m_threads) {
        if (t.open) {
            t.slices.push_back({t.open->begin, std::max(t.open->begin, end), t.open->core, {}});
            t.open.reset();
        }
        // By begin; a switch-out without its switch-in before a slice that begins with it.
        std::stable_sort(t.slices.begin(), t.slices.end(),
                         [](const SwitchSlice &a, const SwitchSlice &b) {
                             return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
                         });
    }
}

std::span<const SwitchSlice> SwitchReconstruction::slicesOf(uint32_t thread) const
{
    if (thread >= m_threads.size())
        return {};
    return m_threads[thread].slices;
}

void SwitchReconstruction::addSlicesTo(TraceBuilder &builder, uint32_t thread, uint32_t as,
                                       TimeNs shift) const
{
    for (const SwitchSlice &s : slicesOf(thread))
        builder.addSlice(s.core, s.begin - shift, s.end - shift, as);
}

std::vector<SwitchSlice> SwitchReconstruction::oneCoreAtATime(std::span<const SwitchSlice> slices)
{
    // The claims begun and not over yet; the latest holds the thread, one it interrupted
    // resumes after it should it last longer.
    std::vector<SwitchSlice> held;
    std::vector<SwitchSlice> out;
    TimeNs now = std::numeric_limits<TimeNs>::min();
    const auto runUntil = [&](TimeNs until) {
        while (!held.empty() && now < until) {
            const SwitchSlice top = held.back();
            if (top.end > now) {
                const TimeNs to = std::min(top.end, until);
                out.push_back({now, to, top.core, to == top.end ? top.after : std::nullopt});
                now = to;
            }
            if (top.end <= now)
                held.pop_back();
        }
        now = std::max(now, until);
    };
    for (const SwitchSlice &s : slices) {
        runUntil(s.begin);
        if (s.end > s.begin)
            held.push_back(s);
        else if (held.empty()) // a switch-out on its own, while no claim holds the thread
            out.push_back(s);
    }
    runUntil(std::numeric_limits<TimeNs>::max());
    return out;
}

void SwitchReconstruction::addMigrationsTo(TraceBuilder &builder, uint32_t thread, uint32_t as,
                                           TimeNs shift) const
{
    const SwitchSlice *previous = nullptr;
    for (const SwitchSlice &s : slicesOf(thread)) {
        if (s.end == s.begin)
            continue;
        if (previous && s.core != previous->core)
            builder.addMarker(
                {s.begin - shift, MarkerKind::Migration, as, as, s.core, previous->core});
        previous = &s;
    }
}

void SwitchReconstruction::addThreadTo(TraceBuilder &builder, uint32_t thread, uint32_t as,
                                       TimeNs shift) const
{
    addSlicesTo(builder, thread, as, shift);
    addMigrationsTo(builder, thread, as, shift);
    addStatesTo(builder, thread, as, shift);
}

void SwitchReconstruction::beginKnownWait(uint32_t thread, TimeNs time, ThreadState state)
{
    of(thread).knownWaits.push_back({time, std::numeric_limits<TimeNs>::max(), state});
}

void SwitchReconstruction::endKnownWait(uint32_t thread, TimeNs time)
{
    std::deque<StateInterval> &waits = of(thread).knownWaits;
    if (!waits.empty() && waits.back().end == std::numeric_limits<TimeNs>::max())
        waits.back().end = std::max(waits.back().begin, time);
}

template <typename Sink>
void SwitchReconstruction::addOffCore(Sink &sink, uint32_t as, TimeNs from, TimeNs to,
                                      ThreadState state, const std::deque<StateInterval> &waits,
                                      TimeNs shift)
{
    TimeNs at = from;
    for (const StateInterval &w : waits) {
        if (w.begin >= to)
            break;
        if (w.end <= at)
            continue;
        if (w.begin > at)
            sink.addState(as, at - shift, w.begin - shift, state);
        at = std::max(at, w.begin);
        const TimeNs until = std::min(w.end, to);
        sink.addState(as, at - shift, until - shift, w.state);
        at = until;
    }
    if (to > at)
        sink.addState(as, at - shift, to - shift, state);
}

void SwitchReconstruction::addStatesTo(TraceBuilder &builder, uint32_t thread, uint32_t as,
                                       TimeNs shift) const
{
    if (thread >= m_threads.size())
        return;
    const PerThread &t = m_threads[thread];
    bool overlaps = false;
    for (size_t i = 1; i < t.slices.size() && !overlaps; ++i)
        overlaps = t.slices[i].begin < t.slices[i - 1].end;
    // The usual case: the records never put the thread on two cores at once.
    std::vector<SwitchSlice> resolved;
    if (overlaps)
        resolved = oneCoreAtATime(t.slices);
    const std::span<const SwitchSlice> slices = overlaps ? resolved : t.slices;
    const auto add = [&](TimeNs begin, TimeNs end, ThreadState state, uint16_t core = 0) {
        builder.addState(as, begin - shift, end - shift, state, core);
    };
    if (t.phases.empty()) {
        for (size_t i = 0; i < slices.size(); ++i) {
            const SwitchSlice &s = slices[i];
            add(s.begin, s.end, ThreadState::Running, s.core);
            if (i + 1 < slices.size() && s.after)
                add(s.end, slices[i + 1].begin, *s.after);
        }
        return;
    }
    size_t first = 0;
    for (const StateInterval &phase : t.phases) {
        if (phase.state != ThreadState::Running) {
            add(phase.begin, phase.end, phase.state);
            continue;
        }
        while (first < slices.size() && slices[first].end <= phase.begin)
            ++first;
        TimeNs at = phase.begin;
        for (size_t k = first; k < slices.size() && slices[k].begin < phase.end; ++k) {
            const TimeNs from = std::max(slices[k].begin, phase.begin);
            const TimeNs to = std::min(slices[k].end, phase.end);
            if (from > at)
                add(at, from, ThreadState::Runnable);
            if (to > from)
                add(from, to, ThreadState::Running, slices[k].core);
            at = std::max(at, to);
        }
        if (phase.end > at)
            add(at, phase.end, ThreadState::Runnable);
    }
}

bool SwitchReconstruction::onCore(uint32_t thread) const
{
    return thread < m_threads.size() && m_threads[thread].open.has_value();
}

template <typename Sink>
void SwitchReconstruction::addNext(Sink &sink, Given &given, const std::deque<StateInterval> &waits,
                                   SwitchSlice s, uint32_t as, TimeNs shift)
{
    if (given.last) {
        s.begin = std::max(s.begin, given.last->end);
        s.end = std::max(s.end, s.begin);
        if (given.last->after)
            addOffCore(sink, as, given.last->end, s.begin, *given.last->after, waits, shift);
    }
    if (s.end > s.begin) {
        if (given.core && *given.core != s.core)
            sink.addMarker({s.begin - shift, MarkerKind::Migration, as, as, s.core, *given.core});
        sink.addSlice(s.core, s.begin - shift, s.end - shift, as);
        sink.addState(as, s.begin - shift, s.end - shift, ThreadState::Running, s.core);
        given.core = s.core;
    }
    given.last = s;
}

void SwitchReconstruction::addFinishedTo(TraceBuilder &builder, uint32_t thread, uint32_t as,
                                         TimeNs shift)
{
    if (thread >= m_threads.size())
        return;
    PerThread &t = m_threads[thread];
    for (const SwitchSlice &s : t.slices) {
        // Wholly within the slice given before it: a claim the earlier one outlasts.
        if (t.given.last && s.end < t.given.last->end)
            continue;
        addNext(builder, t.given, t.knownWaits, s, as, shift);
    }
    t.slices.clear();
    while (!t.knownWaits.empty() && t.given.last && t.knownWaits.front().end <= t.given.last->end)
        t.knownWaits.pop_front();
}

void SwitchReconstruction::addOpenTo(OpenIntervals &open, uint32_t thread, uint32_t as,
                                     TimeNs shift, TimeNs now) const
{
    if (thread >= m_threads.size())
        return;
    const PerThread &t = m_threads[thread];
    if (!t.open) {
        const std::optional<SwitchSlice> &last = t.given.last;
        if (last && last->after && now > last->end)
            addOffCore(open, as, last->end, now, *last->after, t.knownWaits, shift);
        return;
    }
    Given given = t.given; // a look ahead: what is given stays as it is
    addNext(open, given, t.knownWaits,
            {t.open->begin, std::max(t.open->begin, now), t.open->core, std::nullopt}, as, shift);
}

void SwitchReconstruction::addLastStateTo(TraceBuilder &builder, uint32_t thread, uint32_t as,
                                          TimeNs until, TimeNs shift) const
{
    if (thread >= m_threads.size())
        return;
    const PerThread &t = m_threads[thread];
    const std::optional<SwitchSlice> &last = t.given.last;
    if (last && last->after && until > last->end)
        addOffCore(builder, as, last->end, until, *last->after, t.knownWaits, shift);
}

} // namespace corescope
