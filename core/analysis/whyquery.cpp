// SPDX-License-Identifier: MIT
#include "analysis/whyquery.h"

#include "trace/duration.h"
#include "trace/kinds.h"

#include <algorithm>
#include <charconv>

namespace corescope {
namespace {

/// A whole number in the run's parameters (the GIL's switch interval, a queue's maxsize).
double parameter(const TraceMetadata &metadata, const char *name)
{
    const auto found = metadata.params.find(name);
    if (found == metadata.params.end())
        return 0;
    double value = 0;
    const std::string &text = found->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && value > 0 ? value : 0;
}

/// A queue's depth counter is named after the queue ("queue 1" → "queue 1 depth").
bool countsDepthOf(const CounterTrack &track, const WaitObject &queue)
{
    return track.kind == CounterKind::QueueDepth && track.name.starts_with(queue.name)
           && track.name.size() > queue.name.size() && track.name[queue.name.size()] == ' ';
}

} // namespace

WhyQuery::WhyQuery(const TraceIndex &index)
    : m_index(index)
    , m_trace(index.trace())
    , m_switchInterval(TimeNs(parameter(m_trace.metadata(), "switch_interval_ms") * 1e6))
    , m_queueCapacity(uint32_t(parameter(m_trace.metadata(), "maxsize")))
{
}

std::vector<LaneCause> WhyQuery::at(TimeNs time) const
{
    std::vector<LaneCause> causes;
    causes.reserve(m_trace.threads().size());
    for (uint32_t thread = 0; thread < m_trace.threads().size(); ++thread)
        causes.push_back(of(thread, time));
    return causes;
}

LaneCause WhyQuery::of(uint32_t thread, TimeNs time) const
{
    LaneCause cause;
    cause.thread = thread;
    if (thread >= m_trace.threads().size())
        return cause;
    const ThreadStates &states = m_trace.statesOf(thread);
    const auto row = m_index.stateAt(thread, time);
    if (!row) {
        const bool started = states.size() > 0 && states.begin[0] <= time;
        cause.life = started ? LaneCause::Life::Finished : LaneCause::Life::NotStarted;
        // Between two states of a strip with a gap: what it last was is not known.
        if (started && states.end[states.size() - 1] > time)
            cause.life = LaneCause::Life::Alive, cause.state = ThreadState::Blocked;
        return cause;
    }
    cause.life = LaneCause::Life::Alive;
    cause.state = states.state[*row];
    cause.core = states.core[*row];
    // A state goes on across rows that only change core (a migration).
    size_t first = *row;
    while (first > 0 && states.state[first - 1] == cause.state
           && states.end[first - 1] == states.begin[first] && *row - first < 64)
        --first;
    cause.since = states.begin[first];
    cause.task = taskAt(thread, time);
    cause.holdsGil = m_index.spanAt(thread, SpanKind::GilHold, time).has_value();
    cause.holdsLock = m_index.spanAt(thread, SpanKind::LockHold, time).has_value();
    if (kindOf(cause.state).waiting || cause.state == ThreadState::Io)
        addWait(cause, time);
    if (cause.state == ThreadState::Runnable)
        addCores(cause, time);
    if (cause.state == ThreadState::TaskRunning) {
        // The thread that started or resumed it ended its last wait, before now.
        const ThreadWaits &waits = m_trace.waitsOf(thread);
        const auto after = std::upper_bound(waits.end.begin(), waits.end.end(), time);
        if (after != waits.end.begin())
            cause.holder = waits.endedBy[size_t(after - waits.end.begin()) - 1];
    }
    return cause;
}

std::optional<uint32_t> WhyQuery::taskAt(uint32_t thread, TimeNs time) const
{
    const auto span = m_index.spanAt(thread, SpanKind::Task, time);
    if (!span)
        return std::nullopt;
    return m_trace.spansOf(thread).task[*span];
}

void WhyQuery::addWait(LaneCause &cause, TimeNs time) const
{
    const auto wait = m_index.waitAt(cause.thread, time);
    std::optional<WaitObjectKind> kind;
    if (wait) {
        const ThreadWaits &waits = m_trace.waitsOf(cause.thread);
        cause.waitObject = waits.object[*wait];
        cause.since = std::min(cause.since, waits.begin[*wait]);
        if (*cause.waitObject < m_trace.waitObjects().size())
            kind = m_trace.waitObjects()[*cause.waitObject].kind;
        // A timer's deadline is known from the moment it is set.
        if (kind == WaitObjectKind::Timer)
            cause.due = waits.end[*wait];
        // The loop that will resume a ready task is known before it does.
        if (kind == WaitObjectKind::Loop && waits.endedBy[*wait] < m_trace.threads().size()) {
            cause.holder = waits.endedBy[*wait];
            if (const auto state = m_index.stateAt(cause.holder, time))
                cause.holderState = m_trace.statesOf(cause.holder).state[*state];
            cause.holderTask = taskAt(cause.holder, time);
        }
    }
    if (cause.state == ThreadState::GilWait || kind == WaitObjectKind::Gil) {
        addHolder(cause, SpanKind::GilHold, time);
        addDropRequest(cause, time);
    } else if (cause.state == ThreadState::LockWait || kind == WaitObjectKind::Lock) {
        addHolder(cause, SpanKind::LockHold, time);
    } else if (kind == WaitObjectKind::Queue) {
        addQueue(cause, time);
    }
}

void WhyQuery::addHolder(LaneCause &cause, SpanKind hold, TimeNs time) const
{
    // The GIL is one per process; a lock's id is not in its holds, so any holder of a lock.
    const int32_t pid = m_trace.threads()[cause.thread].pid;
    for (uint32_t other = 0; other < m_trace.threads().size(); ++other) {
        if (other == cause.thread || m_trace.threads()[other].pid != pid)
            continue;
        const auto span = m_index.spanAt(other, hold, time);
        if (!span)
            continue;
        cause.holder = other;
        cause.holderSince = m_trace.spansOf(other).begin[*span];
        if (const auto state = m_index.stateAt(other, time))
            cause.holderState = m_trace.statesOf(other).state[*state];
        cause.holderTask = taskAt(other, time);
        return;
    }
}

void WhyQuery::addDropRequest(LaneCause &cause, TimeNs time) const
{
    cause.switchInterval = m_switchInterval;
    if (cause.holder == kNoThread)
        return;
    // The latest request of the holder's process at or before now, if the holder has held the
    // GIL since (each process has a GIL of its own).
    const auto rows = m_index.markers(MarkerKind::GilDropRequest);
    const Column<Marker> &markers = m_trace.markers();
    const int32_t pid = m_trace.threads()[cause.holder].pid;
    auto row = std::upper_bound(rows.begin(), rows.end(), time,
                                [&](TimeNs t, uint32_t r) { return t < markers[r].time; });
    while (row != rows.begin()) {
        const Marker &request = markers[*--row];
        if (request.time < cause.holderSince)
            return;
        if (request.thread < m_trace.threads().size()
            && m_trace.threads()[request.thread].pid == pid) {
            cause.dropRequestedAt = request.time;
            return;
        }
    }
}

void WhyQuery::addCores(LaneCause &cause, TimeNs time) const
{
    const auto &allowed = m_trace.metadata().allowedCores;
    const auto add = [&](uint16_t core) {
        CoreHolder holder{core, kNoThread};
        if (const auto slice = m_index.sliceAt(core, time))
            holder.thread = m_trace.slicesOnCore(core).thread[*slice];
        cause.cores.push_back(holder);
    };
    if (allowed.empty()) {
        for (size_t core = 0; core < m_trace.coreCount(); ++core)
            add(uint16_t(core));
    } else {
        for (const uint16_t core : allowed) {
            if (core < m_trace.coreCount())
                add(core);
        }
    }
}

void WhyQuery::addQueue(LaneCause &cause, TimeNs time) const
{
    const WaitObject &queue = m_trace.waitObjects()[*cause.waitObject];
    const auto &counters = m_trace.counters();
    for (uint32_t counter = 0; counter < counters.size(); ++counter) {
        if (countsDepthOf(counters[counter], queue)) {
            cause.queueDepth = m_index.counterAt(counter, time);
            cause.queueCapacity = m_queueCapacity;
            return;
        }
    }
}

std::string laneName(const Trace &trace, uint32_t thread)
{
    if (thread >= trace.threads().size())
        return "thread " + std::to_string(thread);
    const ThreadInfo &info = trace.threads()[thread];
    if (!info.name.empty())
        return info.name;
    return info.role == ThreadRole::Task ? "task" : "tid " + std::to_string(info.tid);
}

namespace {

std::string coreHolderText(const Trace &trace, const CoreHolder &holder)
{
    const std::string who = holder.thread == kNoThread ? "another program or the kernel"
                                                       : laneName(trace, holder.thread);
    return who + " on core " + std::to_string(holder.core);
}

std::string countText(double value)
{
    return std::to_string(int64_t(value));
}

/// What a waiting lane waits for and who has it: the words after the state's head.
std::string waitText(const Trace &trace, const LaneCause &c)
{
    std::string out;
    const auto holderText = [&] {
        std::string held =
            "held by " + laneName(trace, c.holder) + " since " + formatDuration(c.holderSince);
        if (c.holderState == ThreadState::Runnable)
            held += ", itself runnable: preempted while holding it";
        else if (c.holderState && *c.holderState != ThreadState::Running)
            held += ", itself " + std::string(kindOf(*c.holderState).why);
        return held;
    };
    const WaitObject *object = c.waitObject && *c.waitObject < trace.waitObjects().size()
                                   ? &trace.waitObjects()[*c.waitObject]
                                   : nullptr;
    switch (c.state) {
    case ThreadState::GilWait:
        out = c.holder == kNoThread ? "nobody holds it now: about to get it" : holderText();
        if (c.dropRequestedAt) {
            out += ", drop requested at " + formatDuration(*c.dropRequestedAt);
            if (c.switchInterval > 0)
                out += " after the " + formatDuration(c.switchInterval) + " switch interval";
        } else if (c.switchInterval > 0 && c.holder != kNoThread) {
            out +=
                ", no drop request yet (switch interval " + formatDuration(c.switchInterval) + ")";
        }
        return out;
    case ThreadState::LockWait:
        return c.holder == kNoThread ? "nobody holds it now: about to get it" : holderText();
    case ThreadState::QueueWait: {
        out = object ? object->name : "the queue";
        if (c.queueDepth) {
            if (*c.queueDepth <= 0)
                out += " is empty";
            else if (c.queueCapacity > 0 && *c.queueDepth >= c.queueCapacity)
                out += " is full (" + countText(*c.queueDepth) + " of "
                       + std::to_string(c.queueCapacity) + ")";
            else
                out += " holds " + countText(*c.queueDepth);
        } else if (object && object->name == "the pool's queue") {
            out += ", until a worker is free";
        }
        return out;
    }
    case ThreadState::Ready:
        if (c.holder == kNoThread)
            return "the loop is busy";
        out = laneName(trace, c.holder);
        if (c.holderTask)
            return out + " is running task " + std::to_string(*c.holderTask);
        if (c.holderState)
            return out + " is " + std::string(kindOf(*c.holderState).why);
        return out + " is busy";
    default:
        break;
    }
    if (!object)
        return {};
    out = std::string(kindOf(object->kind).phrase);
    if (!object->name.empty() && object->name != kindOf(object->kind).name)
        out = object->name;
    if (c.due)
        out += ", due at " + formatDuration(*c.due);
    return out;
}

} // namespace

std::string causeSentence(const Trace &trace, const LaneCause &c, TimeNs now)
{
    switch (c.life) {
    case LaneCause::Life::NotStarted:
        return "not started yet";
    case LaneCause::Life::Finished:
        return "finished";
    case LaneCause::Life::Alive:
        break;
    }
    std::string out(kindOf(c.state).why);
    std::string detail;
    switch (c.state) {
    case ThreadState::Running:
        detail = "on core " + std::to_string(c.core);
        if (c.task)
            detail += ", task " + std::to_string(*c.task);
        break;
    case ThreadState::TaskRunning:
        if (c.holder != kNoThread)
            detail = laneName(trace, c.holder);
        break;
    case ThreadState::Runnable: {
        // Every core it may use is held, by the run's threads or by something else: had one been
        // free, the kernel would have run it there.
        std::string who;
        for (const CoreHolder &holder : c.cores)
            who += (who.empty() ? "" : ", ") + coreHolderText(trace, holder);
        if (!c.cores.empty())
            detail =
                (c.cores.size() == 2   ? std::string("both cores busy")
                 : c.cores.size() == 1 ? std::string("its core is busy")
                                       : "all " + std::to_string(c.cores.size()) + " cores busy")
                + " (" + who + ")";
        break;
    }
    default:
        detail = waitText(trace, c);
        break;
    }
    const char *holding = c.holdsGil ? "holding the GIL" : c.holdsLock ? "holding a lock" : nullptr;
    if (holding && c.state != ThreadState::GilWait && c.state != ThreadState::LockWait)
        detail += (detail.empty() ? "" : ", ") + std::string(holding);
    if (!detail.empty())
        out += " — " + detail;
    return out + ", " + formatDuration(now - c.since);
}

} // namespace corescope
