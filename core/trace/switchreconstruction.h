// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace corescope {

class TraceBuilder;
struct OpenIntervals;

/// One stretch of a thread on a core, as the switch records put it there.
struct SwitchSlice
{
    TimeNs begin = 0;
    TimeNs end = 0; ///< equal to begin for a switch-out whose switch-in the records lack
    uint16_t core = 0;
    /// What the thread did once it left the core; nullopt: it ended, or the records end first.
    std::optional<ThreadState> after;
};

/// The one place where context-switch records become on-CPU slices and thread states. It takes
/// per-thread records (our own threads' perf or cpuclock capture: switch-in, switch-out with its
/// reason, or a whole slice), per-CPU records (ftrace's sched_switch, a kernel's per-CPU ring:
/// sorted per CPU only, naming the thread that left and the one that came), and the phases a
/// thread recorded itself (waiting for the GIL, a lock, I/O). Threads are the caller's indices:
/// whoever reads tids gives a reused tid a new index, so a thread here never outlives its tid.
///
/// The strip of a thread with recorded phases is its phases: a waiting phase keeps its state
/// even where the thread briefly woke on a core, and a phase of wanting to run is Running on a
/// core where a slice covers it and Runnable elsewhere (the thread's own record knows it wanted
/// to run, better than the kernel's switch-out reason). The strip of a thread without phases
/// comes from the switches alone: Running on each slice, and from a switch-out to the next
/// switch-in the state the switch-out gave. Where the records put a thread on two cores at once
/// (records lost), its strip follows the claim that began later, as TraceBuilder does for a
/// core claimed by two threads.
class SwitchReconstruction
{
public:
    /// A per-CPU record's thread that is no thread (the idle task, pid 0).
    static constexpr uint32_t kIdle = std::numeric_limits<uint32_t>::max();

    /// What a thread does after it left its core, from the state ftrace and the kernel print
    /// (sched_switch's prev_state), as the kinds table reads it: R runnable (preempted), D
    /// uninterruptible (I/O), anything else asleep; X or Z it exited (nullopt).
    [[nodiscard]] static std::optional<ThreadState> stateAfterSwitchOut(char prevState);
    /// The same from a perf record's preempted flag, for a thread that records no reason of its
    /// own to leave its core (another program's).
    [[nodiscard]] static ThreadState stateAfterSwitchOut(bool preempted)
    {
        return preempted ? ThreadState::Runnable : ThreadState::Blocked;
    }

    // Per-thread records, in time order per thread.
    /// `thread` came on `core`; a switch-in while on a core means its switch-out was lost, and
    /// that slice ends here.
    void switchIn(uint32_t thread, TimeNs time, uint16_t core);
    /// `thread` left its core; without a switch-in before it, only `after` is known.
    void switchOut(uint32_t thread, TimeNs time, std::optional<ThreadState> after);
    /// A whole slice at once (a switch-in and its switch-out).
    void addSlice(uint32_t thread, TimeNs begin, TimeNs end, uint16_t core,
                  std::optional<ThreadState> after);

    /// One per-CPU record: at `time` `prev` left `core` (in `after`) and `next` came on; either
    /// may be kIdle. Records of one CPU must come in time order (ties keep their order); those
    /// of different CPUs may interleave in any way. Before a CPU's first record nothing is
    /// known of it; a record whose `prev` is not the thread the CPU last took in means records
    /// were lost: the thread it took in leaves here, asleep as far as anyone knows.
    void coreSwitch(uint16_t core, TimeNs time, uint32_t prev, uint32_t next,
                    std::optional<ThreadState> after);

    /// A stretch of the thread's life with a recorded reason to be, or not be, on a core;
    /// ThreadState::Running means "wants to run". Phases come in order and do not overlap.
    void addPhase(uint32_t thread, TimeNs begin, TimeNs end, ThreadState state);

    /// A stretch of a thread's time and what it was doing then.
    struct StateInterval
    {
        TimeNs begin;
        TimeNs end;
        ThreadState state;
    };
    /// As the records come: from `time` the thread waits for something another source knows of
    /// (the GIL library: ThreadState::GilWait), until endKnownWait(). Off its core within the
    /// wait it shows the wait's state instead of what its switch-out said; on a core (woken to
    /// look) it is Running as the slices say. Give the wait before the switch records after
    /// `time`: the stretch off the core it covers is made when the next switch-in comes.
    void beginKnownWait(uint32_t thread, TimeNs time, ThreadState state);
    /// The wait begun last ends at `time`.
    void endKnownWait(uint32_t thread, TimeNs time);

    /// Ends what is still on a core at `end` and puts each thread's slices in order. Call once,
    /// after the last record.
    void finish(TimeNs end);

    /// Threads seen so far (the highest index plus one).
    [[nodiscard]] size_t threadCount() const { return m_threads.size(); }
    /// The thread's slices, sorted by begin (after finish()).
    [[nodiscard]] std::span<const SwitchSlice> slicesOf(uint32_t thread) const;
    /// The thread's slices onto the builder's cores as its thread `as`, `shift` earlier. Slices
    /// go as the records claimed them: the builder gives a core claimed twice to one thread.
    void addSlicesTo(TraceBuilder &builder, uint32_t thread, uint32_t as, TimeNs shift = 0) const;
    /// The thread's state strip (see the class comment) as the builder's thread `as`.
    void addStatesTo(TraceBuilder &builder, uint32_t thread, uint32_t as, TimeNs shift = 0) const;
    /// Where the thread moved: a MarkerKind::Migration (new core, old core) at each slice that
    /// begins on another core than the thread's slice before it. Only slices that held a core
    /// count: a switch-out whose switch-in the records lack names no core the thread was on.
    void addMigrationsTo(TraceBuilder &builder, uint32_t thread, uint32_t as,
                         TimeNs shift = 0) const;
    /// All the records tell of a thread: its slices, its migrations and its state strip.
    void addThreadTo(TraceBuilder &builder, uint32_t thread, uint32_t as, TimeNs shift = 0) const;

    // As the records come, for a caller whose per-thread records arrive in time order and who
    // knows no phases (a recording, live and once it ended): what the records so far make final
    // goes to a builder at once, and is forgotten here, so each call costs what arrived since
    // the last one. A slice that begins before the end of the thread's slice given before it
    // (records were lost) is cut to begin there: the earlier claim holds, as it was given.

    /// Whether the thread is on a core: switched in and not out yet.
    [[nodiscard]] bool onCore(uint32_t thread) const;
    /// The thread's slices that ended since the last call, with their migrations and its strip
    /// up to the end of the last of them, to the builder as its thread `as`.
    void addFinishedTo(TraceBuilder &builder, uint32_t thread, uint32_t as, TimeNs shift = 0);
    /// What the thread's next records will close, as if they came at `now`: for a snapshot of
    /// a recording in progress. On a core: the slice it is on; off one: the state its last
    /// switch-out gave, since it left.
    void addOpenTo(OpenIntervals &open, uint32_t thread, uint32_t as, TimeNs shift,
                   TimeNs now) const;
    /// Once the records end: the state the thread's last switch-out gave, from then to `until`
    /// (its exit, or the end of the records), which no switch-in closes. Call after the last
    /// addFinishedTo.
    void addLastStateTo(TraceBuilder &builder, uint32_t thread, uint32_t as, TimeNs until,
                        TimeNs shift = 0) const;

private:
    /// How far addFinishedTo has gone along a thread.
    struct Given
    {
        std::optional<SwitchSlice> last; ///< the last slice it gave a builder
        std::optional<uint16_t> core;    ///< the core of the last that held one
    };
    struct PerThread
    {
        std::vector<SwitchSlice> slices;
        std::vector<StateInterval> phases;
        std::optional<SwitchSlice> open; ///< switched in, not out yet
        Given given;
        /// beginKnownWait's, in order; the last may be open (ends at the largest TimeNs). Those
        /// that end before the thread's last slice given are done with and go.
        std::deque<StateInterval> knownWaits;
    };
    struct CoreRecord
    {
        TimeNs time;
        uint32_t prev;
        uint32_t next;
        std::optional<ThreadState> after;
    };

    PerThread &of(uint32_t thread);
    /// The slice after what `given` says was given, as addFinishedTo gives it, with the stretch
    /// off the core before it (in the state its switch-out gave, or `waits`').
    template <typename Sink>
    static void addNext(Sink &sink, Given &given, const std::deque<StateInterval> &waits,
                        SwitchSlice s, uint32_t as, TimeNs shift);
    /// The stretch [from, to) off the core in `state`, but where `waits` cover it in theirs.
    template <typename Sink>
    static void addOffCore(Sink &sink, uint32_t as, TimeNs from, TimeNs to, ThreadState state,
                           const std::deque<StateInterval> &waits, TimeNs shift);
    void replayCore(uint16_t core, std::vector<CoreRecord> &records, TimeNs end);
    /// Slices of one thread that overlap, cut so that the later claim holds.
    [[nodiscard]] static std::vector<SwitchSlice> oneCoreAtATime(std::span<const SwitchSlice>);

    std::vector<PerThread> m_threads;
    std::vector<std::vector<CoreRecord>> m_cores;
};

} // namespace corescope
