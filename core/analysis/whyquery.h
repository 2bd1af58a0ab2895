// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/traceindex.h"

#include <optional>
#include <string>
#include <vector>

namespace corescope {

/// Who had one core at an instant: a thread of the run, or something else (kNoThread: another
/// program or the kernel, which the trace does not name).
struct CoreHolder
{
    uint16_t core = 0;
    uint32_t thread = kNoThread;
};

/// Why one lane (a thread or a task) is where it is at one instant, from what the trace knows
/// at that instant only (never from how things turn out, so that predict mode gives nothing
/// away): its state and since when, what it waits for and who has that now.
struct LaneCause
{
    enum class Life : uint8_t {
        NotStarted, ///< before the lane's first event
        Alive,
        Finished, ///< after its last
    };
    uint32_t thread = 0;
    Life life = Life::NotStarted;
    ThreadState state = ThreadState::Sleeping; ///< while Alive
    /// When the state (or the wait it is part of) began; now - since is how long it has lasted.
    TimeNs since = 0;
    uint16_t core = 0;            ///< Running: where
    std::optional<uint32_t> task; ///< the task it runs
    bool holdsGil = false;        ///< a preempted holder is Runnable with the GIL
    bool holdsLock = false;
    std::optional<uint32_t> waitObject; ///< what it waits for (index into Trace::waitObjects())
    /// Who has what it waits for (the GIL's or a lock's holder, the thread that runs the loop
    /// it waits for), since when, in which state (a preempted holder is Runnable), and the task
    /// that holder runs.
    uint32_t holder = kNoThread;
    TimeNs holderSince = 0;
    std::optional<ThreadState> holderState;
    std::optional<uint32_t> holderTask;
    /// The GIL: when a waiter asked the holder to let go, and the switch interval after which
    /// waiters ask (from the run's parameters; 0 if not stated).
    std::optional<TimeNs> dropRequestedAt;
    TimeNs switchInterval = 0;
    /// Runnable: who had each core it may run on.
    std::vector<CoreHolder> cores;
    /// Waiting for a queue: its depth now, and its capacity where the run states it (0 if not).
    std::optional<double> queueDepth;
    uint32_t queueCapacity = 0;
    /// Awaiting a timer: when it is due (known from the moment it was set).
    std::optional<TimeNs> due;
};

/// "Why isn't this thread running?": the cause of every lane at an instant, in
/// O(threads × log events) per lane, from a TraceIndex built once.
class WhyQuery
{
public:
    explicit WhyQuery(const TraceIndex &index);

    /// Every lane of the run at `time`, in thread order.
    [[nodiscard]] std::vector<LaneCause> at(TimeNs time) const;
    /// One lane at `time`.
    [[nodiscard]] LaneCause of(uint32_t thread, TimeNs time) const;

private:
    void addWait(LaneCause &cause, TimeNs time) const;
    void addHolder(LaneCause &cause, SpanKind hold, TimeNs time) const;
    void addCores(LaneCause &cause, TimeNs time) const;
    void addQueue(LaneCause &cause, TimeNs time) const;
    void addDropRequest(LaneCause &cause, TimeNs time) const;
    [[nodiscard]] std::optional<uint32_t> taskAt(uint32_t thread, TimeNs time) const;

    const TraceIndex &m_index;
    const Trace &m_trace;
    TimeNs m_switchInterval = 0;
    uint32_t m_queueCapacity = 0;
};

/// A lane as people read it: its name, else "task" or "tid 4711".
[[nodiscard]] std::string laneName(const Trace &trace, uint32_t thread);

/// The cause in plain language, from the kinds table's phrases: "runnable — both cores busy
/// (thread-1 on core 0, thread-3 on core 1), 2.3 ms". `now`: the instant it was asked at.
[[nodiscard]] std::string causeSentence(const Trace &trace, const LaneCause &cause, TimeNs now);

} // namespace corescope
