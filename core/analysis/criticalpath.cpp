// SPDX-License-Identifier: MIT
#include "analysis/criticalpath.h"

#include "trace/duration.h"
#include "trace/kinds.h"

#include <algorithm>
#include <cstdio>

namespace corescope {
namespace {

bool runs(ThreadState state)
{
    return state == ThreadState::Running || state == ThreadState::TaskRunning;
}

/// Where the path ends: the end of the run's last task, or else of its last state.
std::pair<uint32_t, TimeNs> lastEnd(const TraceIndex &index)
{
    const Trace &trace = index.trace();
    std::pair<uint32_t, TimeNs> last{kNoThread, 0};
    for (uint32_t thread = 0; thread < trace.threads().size(); ++thread) {
        const auto tasks = index.spans(thread, SpanKind::Task);
        if (!tasks.empty() && trace.spansOf(thread).end[tasks.back()] > last.second)
            last = {thread, trace.spansOf(thread).end[tasks.back()]};
    }
    if (last.first != kNoThread)
        return last;
    for (uint32_t thread = 0; thread < trace.threads().size(); ++thread) {
        const ThreadStates &states = trace.statesOf(thread);
        if (states.size() > 0 && states.end[states.size() - 1] > last.second)
            last = {thread, states.end[states.size() - 1]};
    }
    return last;
}

/// When `waker` did what ended a wait of `thread` at `end`: let go of the GIL or the lock,
/// exited, or put the item `thread` got; else `end` itself.
TimeNs releasedAt(const TraceIndex &index, WaitObjectKind kind, uint32_t thread, uint32_t waker,
                  TimeNs end)
{
    const Trace &trace = index.trace();
    const auto lastHoldEnd = [&](SpanKind hold) {
        const auto rows = index.spans(waker, hold);
        const ThreadSpans &spans = trace.spansOf(waker);
        const auto after = std::upper_bound(rows.begin(), rows.end(), end,
                                            [&](TimeNs t, uint32_t r) { return t < spans.end[r]; });
        return after == rows.begin() ? end : spans.end[*std::prev(after)];
    };
    switch (kind) {
    case WaitObjectKind::Gil:
        return lastHoldEnd(SpanKind::GilHold);
    case WaitObjectKind::Lock:
        return lastHoldEnd(SpanKind::LockHold);
    case WaitObjectKind::Child:
        return std::min(end, trace.threads()[waker].end);
    case WaitObjectKind::Queue: {
        // The hand-off of the item got at `end`, among those at that instant.
        const auto rows = index.markers(MarkerKind::QueueHandoff);
        const Column<Marker> &markers = trace.markers();
        for (auto row = std::lower_bound(rows.begin(), rows.end(), end,
                                         [&](uint32_t r, TimeNs t) { return markers[r].time < t; });
             row != rows.end() && markers[*row].time == end; ++row) {
            if (markers[*row].thread == thread && markers[*row].otherThread == waker)
                return markers[*row].sentAt();
        }
        return end;
    }
    default:
        return end;
    }
}

} // namespace

CriticalPath CriticalPath::of(const TraceIndex &index)
{
    const Trace &trace = index.trace();
    CriticalPath path;
    auto [thread, t] = lastEnd(index);
    if (thread == kNoThread)
        return path;
    uint32_t engine = kNoThread;
    for (uint32_t i = 0; i < trace.threads().size() && engine == kNoThread; ++i)
        if (trace.threads()[i].role == ThreadRole::Engine)
            engine = i;
    const auto add = [&](uint32_t lane, TimeNs begin, TimeNs end, ThreadState state) {
        if (end <= begin)
            return;
        if (!path.m_segments.empty() && path.m_segments.back().thread == lane
            && path.m_segments.back().state == state && path.m_segments.back().begin == end)
            path.m_segments.back().begin = begin;
        else
            path.m_segments.push_back({lane, begin, end, state});
    };
    // Each step moves back in time or across to another lane at the same instant, and never
    // across twice at one instant: the walk ends.
    TimeNs crossedAt = -1;
    const TimeNs earliest = trace.earliest();
    while (t > earliest) {
        const auto row = index.stateAt(thread, t - 1);
        if (!row) {
            const ThreadStates &states = trace.statesOf(thread);
            const auto before = std::upper_bound(states.end.begin(), states.end.end(), t - 1);
            if (before != states.end.begin()) { // a gap in the strip: not known
                const TimeNs from = *std::prev(before);
                add(thread, from, t, ThreadState::Blocked);
                t = from;
                continue;
            }
            if (engine == kNoThread || engine == thread || crossedAt == t)
                break;
            thread = engine, crossedAt = t; // before it began: whoever started it
            continue;
        }
        const ThreadStates &states = trace.statesOf(thread);
        const ThreadState state = states.state[*row];
        const TimeNs begin = std::max(states.begin[*row], earliest);
        if (!runs(state) && crossedAt != t) {
            if (const auto wait = index.waitAt(thread, t - 1)) {
                const ThreadWaits &waits = trace.waitsOf(thread);
                const uint32_t waker = waits.endedBy[*wait];
                const uint32_t object = waits.object[*wait];
                if (waker != thread && waker < trace.threads().size()
                    && object < trace.waitObjects().size()) {
                    const TimeNs released =
                        std::clamp(releasedAt(index, trace.waitObjects()[object].kind, thread,
                                              waker, waits.end[*wait]),
                                   std::max(begin, waits.begin[*wait]), t);
                    add(thread, released, t, state);
                    thread = waker, t = released, crossedAt = released;
                    continue;
                }
            }
        }
        add(thread, begin, t, state);
        t = begin;
    }
    std::reverse(path.m_segments.begin(), path.m_segments.end());
    for (const PathSegment &segment : path.m_segments)
        path.m_byState[size_t(segment.state)] += segment.end - segment.begin;
    return path;
}

TimeNs CriticalPath::unshortenable() const
{
    return length() - timeIn(ThreadState::Runnable);
}

SerialShare SerialShare::of(const Trace &trace)
{
    // +1/-1 where a thread could make progress on a core (running or runnable; under a GIL,
    // only while it holds it), and where one runs.
    struct Edge
    {
        TimeNs time;
        int wanting;
        int running;
    };
    std::vector<Edge> edges;
    const auto add = [&](TimeNs begin, TimeNs end, int wanting, int running) {
        edges.push_back({begin, wanting, running});
        edges.push_back({end, -wanting, -running});
    };
    for (uint32_t thread = 0; thread < trace.threads().size(); ++thread) {
        if (trace.threads()[thread].role == ThreadRole::Task)
            continue;
        const ThreadSpans &spans = trace.spansOf(thread);
        std::vector<std::pair<TimeNs, TimeNs>> holds; // its GIL holds, in order, apart
        for (size_t i = 0; i < spans.size(); ++i) {
            if (spans.kind[i] == SpanKind::GilHold) {
                add(spans.begin[i], spans.end[i], 1, 0);
                holds.emplace_back(spans.begin[i], spans.end[i]);
            }
        }
        const bool underGil = !holds.empty();
        const ThreadStates &states = trace.statesOf(thread);
        size_t hold = 0; // the thread's first GIL hold that may reach into the state
        for (size_t i = 0; i < states.size(); ++i) {
            const bool running = runs(states.state[i]);
            if (!underGil) {
                if (running || states.state[i] == ThreadState::Runnable)
                    add(states.begin[i], states.end[i], 1, running);
                continue;
            }
            if (!running)
                continue;
            add(states.begin[i], states.end[i], 0, 1);
            // Under a GIL its holds say when it could go on; running without one (native code
            // that let go of it) it goes on beside the holder too.
            TimeNs from = states.begin[i];
            const TimeNs to = states.end[i];
            while (hold < holds.size() && holds[hold].second <= from)
                ++hold;
            for (size_t h = hold; h < holds.size() && holds[h].first < to; ++h) {
                if (holds[h].first > from)
                    add(from, holds[h].first, 1, 0);
                from = std::max(from, holds[h].second);
            }
            if (from < to)
                add(from, to, 1, 0);
        }
    }
    std::sort(edges.begin(), edges.end(),
              [](const Edge &a, const Edge &b) { return a.time < b.time; });
    SerialShare share;
    int wanting = 0;
    int running = 0;
    for (size_t i = 0; i + 1 < edges.size(); ++i) {
        wanting += edges[i].wanting;
        running += edges[i].running;
        const TimeNs length = edges[i + 1].time - edges[i].time;
        share.cpu += length * running;
        if (wanting <= 1)
            share.serial += length * running;
    }
    return share;
}

namespace {

std::string percentOf(TimeNs part, TimeNs whole)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f %%", 100.0 * double(part) / double(whole));
    return buffer;
}

} // namespace

std::string describe(const CriticalPath &path, const SerialShare &serial)
{
    if (path.segments().empty())
        return "critical path: none (the run has no states)\n";
    std::vector<uint32_t> lanes;
    for (const PathSegment &segment : path.segments())
        lanes.push_back(segment.thread);
    std::sort(lanes.begin(), lanes.end());
    const auto laneCount = size_t(std::unique(lanes.begin(), lanes.end()) - lanes.begin());
    std::string out = "critical path: " + formatDuration(path.begin()) + " → "
                      + formatDuration(path.end()) + " (" + formatDuration(path.length()) + "), "
                      + std::to_string(path.segments().size()) + " stretches on "
                      + std::to_string(laneCount) + (laneCount == 1 ? " lane\n" : " lanes\n");
    for (const ThreadStateKind &kind : threadStateKinds()) {
        const TimeNs time = path.timeIn(kind.state);
        if (time > 0)
            out += "  " + std::string(kind.why) + ": " + formatDuration(time) + " ("
                   + percentOf(time, path.length()) + ")\n";
    }
    out += "  no added core could shorten " + percentOf(path.unshortenable(), path.length())
           + " of it\n";
    if (serial.cpu > 0)
        out += "serial fraction read off the trace: " + percentOf(serial.serial, serial.cpu)
               + " of the run's " + formatDuration(serial.cpu)
               + " on cores had no other thread of the run that could make progress beside it\n";
    else
        out += "serial fraction: not known (the run's threads spent no time on cores)\n";
    return out;
}

} // namespace corescope
