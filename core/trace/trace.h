// SPDX-License-Identifier: MIT
#pragma once

#include "trace/column.h"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corescope {

/// Times in a Trace are nanoseconds since the run began.
using TimeNs = int64_t;

/// What a thread is doing at a moment, as its state lane shows it.
enum class ThreadState : uint8_t {
    Running,  ///< on a core
    Runnable, ///< wants a core, but none is free
    GilWait,  ///< waiting for the interpreter lock
    LockWait, ///< waiting for a lock
    Io,       ///< blocked in a system call that waits (I/O, a timer)
    Sleeping, ///< idle: waiting for work or for other workers
    Starting, ///< a child process that is being started
    Blocked,  ///< off its core, not preempted, for a reason not recorded (another program's thread)
    QueueWait,   ///< blocked on a queue (a put into a full one, a get from an empty one), or a
                 ///< pool's task waiting in its queue for a worker
    Awaiting,    ///< a task suspended on an await (a timer, a socket, another thread's result)
    Ready,       ///< a task that could go on, waiting for its busy event loop to resume it
    TaskRunning, ///< a task running on the thread that hosts it (its event loop, a pool worker)
    Count
};
/// Stable names; trace/kinds.h holds the whole row of each kind.
[[nodiscard]] std::string_view threadStateName(ThreadState state);

/// What a span on a thread's lane stands for.
enum class SpanKind : uint8_t {
    Task,
    GilHold,
    LockHold,
    Startup,
    Named, ///< a slice imported from another tool; its name is Trace::spanNames()[task]
    Count
};
[[nodiscard]] std::string_view spanKindName(SpanKind kind);

/// Instants worth an arrow or a tick on the timeline.
enum class MarkerKind : uint8_t {
    GilHandoff,
    GilDropRequest,
    LockHandoff,
    Migration,
    ChildExit,
    QueueHandoff, ///< an item put into a queue by one thread was got by another
    Count
};
[[nodiscard]] std::string_view markerKindName(MarkerKind kind);

/// What a counter track counts.
enum class CounterKind : uint8_t {
    QueueDepth, ///< items in a queue
    ReadyTasks, ///< an event loop's tasks that are ready to run
    Imported,   ///< a counter from another tool's trace
    Count
};

/// What a thread or task waited for: the kind of a Trace::waitObjects() row.
enum class WaitObjectKind : uint8_t {
    Gil,
    Lock,
    Queue,
    Timer,
    Socket,
    File,   ///< a file read or written by a worker thread on the task's behalf
    Child,  ///< a child process
    Thread, ///< another thread's result (a future an executor completes)
    Loop,   ///< the event loop, busy with another task
    Count
};

/// What a core's time went to, as core lanes, legends and reports tell it apart.
enum class CoreTime : uint8_t {
    ThisRun,       ///< a thread of the run
    OtherPrograms, ///< another program, or the kernel
    Idle,
    Count
};

/// How a thread came to be in the run.
enum class ThreadRole : uint8_t {
    Engine,
    Worker,
    ChildProcess,
    Task, ///< a task of an event loop or a pool: a lane of its own, not an OS thread (tid 0)
    Count
};
[[nodiscard]] std::string_view threadRoleName(ThreadRole role);

/// A thread index that names no thread (a wait nobody ended, such as a timer's).
inline constexpr uint32_t kNoThread = UINT32_MAX;

struct ThreadInfo
{
    int32_t pid = 0;
    int32_t tid = 0;
    std::string name;
    ThreadRole role = ThreadRole::Worker;
    TimeNs begin = 0;
    TimeNs end = 0;
    int64_t kernelCpuNs = -1; ///< CPU time the kernel counted for it, -1 when unknown
};

/// On-CPU intervals of one core, sorted by begin and non-overlapping (columns, for binary search).
struct CoreSlices
{
    Column<TimeNs> begin;
    Column<TimeNs> end;
    Column<uint32_t> thread; ///< index into Trace::threads()
    [[nodiscard]] size_t size() const { return begin.size(); }
};

/// The state strip of one thread: intervals sorted by begin; consecutive as recorded, but an
/// imported trace's may overlap (the builder sorts them and trims nothing).
struct ThreadStates
{
    Column<TimeNs> begin;
    Column<TimeNs> end;
    Column<ThreadState> state;
    Column<uint16_t> core; ///< for Running: the core
    [[nodiscard]] size_t size() const { return begin.size(); }
};

/// How many leading rows two snapshots of a lane are known to share without reading them
/// (Column::sharedPrefix of every column): what a figure carried on from the earlier snapshot
/// need not read again.
[[nodiscard]] size_t sharedRows(const CoreSlices &a, const CoreSlices &b);
[[nodiscard]] size_t sharedRows(const ThreadStates &a, const ThreadStates &b);

/// Spans of one thread (tasks, lock holds, start-up), sorted by begin; they may nest.
struct ThreadSpans
{
    Column<TimeNs> begin;
    Column<TimeNs> end;
    Column<SpanKind> kind;
    Column<uint32_t> task;   ///< Task: task index; Named: index into Trace::spanNames()
    Column<uint64_t> result; ///< Task: its result
    [[nodiscard]] size_t size() const { return begin.size(); }
};

struct Marker
{
    TimeNs time = 0;
    MarkerKind kind = MarkerKind::GilHandoff;
    uint32_t thread = 0;      ///< where it happens
    uint32_t otherThread = 0; ///< hand-offs: the thread it came from (or the same)
    uint16_t core = 0;        ///< migrations: the new core
    uint16_t fromCore = 0;    ///< migrations: the old core
    /// Hand-offs across time: how long what was passed was on its way (a queue item, from the put
    /// on otherThread to the get on thread); 0 for one handed over at once (the GIL).
    TimeNs transit = 0;
    [[nodiscard]] TimeNs sentAt() const { return time - transit; }
};

/// Something a wait was for: the GIL, a lock, a queue, a timer, a socket, a child process…
struct WaitObject
{
    WaitObjectKind kind = WaitObjectKind::Lock;
    std::string name; ///< which one, as the run calls it ("lock 1", "queue", "child 4711")
    bool operator==(const WaitObject &) const = default;
};

/// The causes of one thread's (or task's) waits where the run knows them: sorted by begin and
/// non-overlapping, each within a waiting state of the thread's strip (a strip may split one
/// wait into several states: a thread still on its core as it starts to wait).
struct ThreadWaits
{
    Column<TimeNs> begin;
    Column<TimeNs> end;
    Column<uint32_t> object;  ///< index into Trace::waitObjects()
    Column<uint32_t> endedBy; ///< the thread that ended the wait (put the item, released the
                              ///< lock, resumed the task), or kNoThread when none did or unknown
    [[nodiscard]] size_t size() const { return begin.size(); }
};

/// How long one core was busy with anything at all (this run, other programs, the kernel) in
/// each interval at which the kernel's idle accounting was sampled.
struct CoreBusySamples
{
    Column<TimeNs> begin;
    Column<TimeNs> end;
    Column<TimeNs> busy; ///< ns of [begin, end) the core was not idle
    [[nodiscard]] size_t size() const { return begin.size(); }
};

/// A value that changes over time (a queue's depth): each value holds from its time to the next.
struct CounterTrack
{
    std::string name; ///< "queue depth"
    CounterKind kind = CounterKind::Imported;
    int32_t pid = 0; ///< the process it belongs to
    Column<TimeNs> time;
    Column<double> value;
    [[nodiscard]] size_t size() const { return time.size(); }
};

/// Where a capture put two threads on one core at once, and the builder gave the core to one.
struct CoreConflicts
{
    uint64_t count = 0; ///< slices that began while another thread held the core
    TimeNs longest = 0; ///< the longest such stretch
    TimeNs total = 0;   ///< time two threads claimed at once, given to one of them
};

/// The model a recorded program's run names in its metadata (an engine run names its own): it
/// has no tasks and no results, but the program's exit (params "exit").
inline constexpr std::string_view kRecordedModel = "recorded";

/// Facts about the run that are not events.
struct TraceMetadata
{
    std::string title; ///< e.g. "factorize · threads · 4 workers"
    std::string workload;
    std::string model;
    uint32_t workers = 0;
    uint32_t tasks = 0;
    std::map<std::string, std::string> params;
    std::string captureMethod; ///< "perf", "cpuclock", or an importer's description
    int64_t capturePrecisionNs = 0;
    std::string clock; ///< "tsc" or "monotonic"
    /// CLOCK_MONOTONIC at the run's time 0, so that another recording of the same moments (a
    /// kernel trace, `perf sched`) can be laid beside it; 0 when not known (an imported trace).
    int64_t monotonicOriginNs = 0;
    uint32_t machineCores = 0;
    std::string cpuModel;
    std::string kernel;
    std::string appVersion;
    int64_t startedUnixMs = 0;
    TimeNs wallNs = 0;
    bool cancelled = false;
    uint64_t droppedEvents = 0;
    bool resultsOk = false;
    uint32_t tasksDone = 0;
    std::vector<std::string> problems;
    /// Where each core's busy time came from, besides the run's own slices (what shows other
    /// programs' time on the cores): "cpuidle" (the kernel's idle residency per CPU), "procstat"
    /// (its idle jiffies), or empty when not sampled; every busySampleIntervalNs.
    std::string busySampling;
    int64_t busySampleIntervalNs = 0;
    /// The cores the run's threads were allowed on (their CPU affinity); empty: not known.
    std::vector<uint16_t> allowedCores;
    /// CoreScope's own CPU time while it recorded another program (its process, not the
    /// program's): time the program saw as another program's; -1 for anything but a recording.
    int64_t recorderCpuNs = -1;
    /// A snapshot of a run still going on, which a live view shows about ten times a second:
    /// figures that read the whole run wait for its end. Not saved.
    bool live = false;

    /// Whether CoreScope made the run (an engine run names its model, a recorded program
    /// kRecordedModel). Another tool's trace holds no tasks or results of ours, and its wall
    /// time only where the file states one: those figures are not recorded, never zero.
    [[nodiscard]] bool fromCoreScope() const { return !model.empty(); }
    /// Whether the run's wall time is known (another tool's file may not state it).
    [[nodiscard]] bool wallKnown() const { return fromCoreScope() || wallNs > 0; }
};

/// What reports print for a figure the trace does not hold.
inline constexpr std::string_view kNotRecorded = "not recorded";

/// One run, built once and never changed: threads, per-core slices, per-thread states and spans,
/// and markers, each sorted by time. A copy shares the columns' chunks, so it costs
/// O(threads + cores + events / Column::kChunkSize): a live view's snapshots are copies.
class Trace
{
public:
    [[nodiscard]] const TraceMetadata &metadata() const { return m_metadata; }
    [[nodiscard]] const std::vector<ThreadInfo> &threads() const { return m_threads; }
    [[nodiscard]] size_t coreCount() const { return m_cores.size(); }
    [[nodiscard]] const CoreSlices &slicesOnCore(size_t core) const { return m_cores[core]; }
    [[nodiscard]] const ThreadStates &statesOf(size_t thread) const { return m_states[thread]; }
    [[nodiscard]] const ThreadSpans &spansOf(size_t thread) const { return m_spans[thread]; }
    [[nodiscard]] const Column<Marker> &markers() const { return m_markers; }
    /// Known causes of a thread's waits (empty where the run recorded none).
    [[nodiscard]] const ThreadWaits &waitsOf(size_t thread) const { return m_waits[thread]; }
    /// What the waits were for, indexed by ThreadWaits::object.
    [[nodiscard]] const std::vector<WaitObject> &waitObjects() const { return m_waitObjects; }
    [[nodiscard]] const std::vector<CounterTrack> &counters() const { return m_counters; }
    /// The core's sampled busy time (empty where the run did not sample it).
    [[nodiscard]] const CoreBusySamples &busySamplesOf(size_t core) const;
    /// Names of SpanKind::Named spans (slices imported from other tools).
    [[nodiscard]] const std::vector<std::string> &spanNames() const { return m_spanNames; }
    /// On-CPU slices over all cores.
    [[nodiscard]] size_t sliceCount() const;
    /// State intervals and spans over all threads.
    [[nodiscard]] size_t stateCount() const;
    [[nodiscard]] size_t spanCount() const;
    /// Known wait causes over all threads, and values over all counter tracks.
    [[nodiscard]] size_t waitCount() const;
    [[nodiscard]] size_t counterValueCount() const;
    /// Slices, states, spans, markers, wait causes and counter values together: what "events"
    /// means in sizes and speeds.
    [[nodiscard]] size_t eventCount() const;
    [[nodiscard]] TimeNs duration() const { return m_metadata.wallNs; }
    /// Where the run's last event ends: the latest of its wall time and the end of every thread,
    /// slice, state, span and marker (an imported trace may not know its wall time, and a
    /// thread may outlast it). What a view of the whole run spans.
    [[nodiscard]] TimeNs extent() const { return m_extent; }
    /// Where the run's first event begins: the earliest of 0 (the run's start) and the beginning
    /// of every thread, slice, state, span and marker (an imported trace may hold events before
    /// its zero). With extent(), the one rule for the time the whole run covers.
    [[nodiscard]] TimeNs earliest() const { return m_earliest; }
    /// extent() - earliest(): how long the whole run covers.
    [[nodiscard]] TimeNs span() const { return m_extent - m_earliest; }
    /// What the builder resolved to keep each core's slices non-overlapping (none, usually).
    [[nodiscard]] const CoreConflicts &coreConflicts() const { return m_coreConflicts; }

private:
    friend class TraceBuilder;
    TraceMetadata m_metadata;
    std::vector<ThreadInfo> m_threads;
    std::vector<CoreSlices> m_cores;
    std::vector<ThreadStates> m_states;
    std::vector<ThreadSpans> m_spans;
    Column<Marker> m_markers;
    std::vector<ThreadWaits> m_waits;
    std::vector<WaitObject> m_waitObjects;
    std::vector<CounterTrack> m_counters;
    std::vector<CoreBusySamples> m_busy; ///< per core; may be shorter than m_cores
    std::vector<std::string> m_spanNames;
    CoreConflicts m_coreConflicts;
    TimeNs m_extent = 0;   ///< computed once by TraceBuilder::build()
    TimeNs m_earliest = 0; ///< computed once by TraceBuilder::build()
};

/// Whether `a` and `b` are snapshots of one growing trace: some lane's first events are shared
/// (sharedRows), so figures of one can be carried on to the other.
[[nodiscard]] bool sharesEvents(const Trace &a, const Trace &b);

/// The runs as pointers, for the functions that take a span of `const Trace *` (the runs of a
/// file are held by value, the window's by shared pointer; both are written by one code path).
[[nodiscard]] std::vector<const Trace *> traceRefs(std::span<const Trace> runs);
[[nodiscard]] std::vector<const Trace *>
traceRefs(std::span<const std::shared_ptr<const Trace>> runs);

} // namespace corescope
