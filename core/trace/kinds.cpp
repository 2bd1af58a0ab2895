// SPDX-License-Identifier: MIT
#include "trace/kinds.h"

#include <algorithm>

namespace corescope {
namespace {

using S = ThreadState;
constexpr std::array<ThreadStateKind, size_t(S::Count)> kThreadStates = {{
    // state, name, JSON key, legend, phrase, why head, column, awaited, waiting, idle,
    // prev_state written, read from it, a column of every run's report
    {S::Running,
     "running",
     "on_cpu_s",
     "running (thread's colour)",
     "running",
     "running",
     {},
     {},
     false,
     false,
     'R',
     false,
     false},
    {S::Runnable, "runnable", "runnable_s", "runnable, no free core",
     "runnable: waiting for a free core", "runnable", "runnable", "a core", true, false, 'R', true,
     true},
    {S::GilWait, "gil-wait", "gil_wait_s", "waiting for the GIL", "waiting for the GIL",
     "waiting for the GIL", "GIL wait", "the GIL", true, false, 'S', false, true},
    {S::LockWait, "lock-wait", "lock_wait_s", "waiting for a lock", "waiting for a lock",
     "waiting for a lock", "lock wait", "a lock", true, false, 'S', false, true},
    {S::Io, "io", "io_wait_s", "blocked in I/O", "blocked in I/O or a timer",
     "blocked in I/O or a timer", "I/O", "I/O", true, false, 'D', true, true},
    {S::Sleeping,
     "sleeping",
     "sleeping_s",
     "sleeping",
     "sleeping: no work",
     "sleeping, no work",
     {},
     {},
     false,
     true,
     'S',
     true,
     false},
    {S::Starting,
     "starting",
     "starting_s",
     "process start-up",
     "starting: process start-up",
     "starting up",
     {},
     {},
     false,
     false,
     'S',
     false,
     false},
    {S::Blocked,
     "blocked",
     "blocked_s",
     "blocked (reason not recorded)",
     "blocked: asleep, in I/O or on a lock; the kernel did not say which",
     "blocked, the reason not recorded",
     "blocked",
     {},
     true,
     false,
     'S',
     false,
     true},
    {S::QueueWait,
     "queue-wait",
     "queue_wait_s",
     "waiting for the queue",
     "waiting for the queue (full for a put, empty for a get)",
     "waiting for the queue",
     "queue wait",
     {},
     true,
     false,
     'S',
     false,
     false},
    {S::Awaiting,
     "awaiting",
     "awaiting_s",
     "awaiting (a timer, a socket, a thread)",
     "awaiting: suspended until what it awaits is done",
     "awaiting",
     "awaiting",
     {},
     true,
     false,
     'S',
     false,
     false},
    {S::Ready,
     "ready",
     "loop_wait_s",
     "ready, the loop is busy",
     "ready: waiting for the busy event loop to resume it",
     "ready",
     "loop busy",
     {},
     true,
     false,
     'R',
     false,
     false},
    {S::TaskRunning,
     "task-running",
     "task_running_s",
     "task running on its thread",
     "running on its thread",
     "running on its thread",
     {},
     {},
     false,
     false,
     'R',
     false,
     false},
}};

using K = SpanKind;
constexpr std::array<SpanKindInfo, size_t(K::Count)> kSpanKinds = {{
    // kind, name, legend, phrase, Chrome category, Chrome name, drawn as a line
    {K::Task, "task", "task", "running a task", "task", {}, false},
    {K::GilHold, "gil-hold", "holds the GIL", "holding the GIL", "gil", "GIL held", true},
    {K::LockHold, "lock-hold", "holds a lock", "holding a lock", "lock", "lock held", true},
    // Not in the legend: it looks and reads as the Starting state, which is listed; its phrase
    // keeps the words on the bar and in the tooltip.
    {K::Startup, "startup", {}, "process start-up", "startup", "start-up", false},
    {K::Named, "named", {}, "a slice from another tool", "slice", {}, false},
}};

using M = MarkerKind;
constexpr std::array<MarkerKindInfo, size_t(M::Count)> kMarkerKinds = {{
    // kind, name, legend, phrase, what a hand-off passes
    {M::GilHandoff, "gil-handoff", "GIL hand-off", "the GIL passed to this thread", "GIL"},
    {M::GilDropRequest,
     "gil-drop-request",
     "GIL drop request",
     "a waiting thread asked the GIL holder to let go",
     {}},
    {M::LockHandoff, "lock-handoff", "lock hand-off", "the lock passed to this thread", "lock"},
    {M::Migration, "migration", "migration", "the thread moved to another core", {}},
    {M::ChildExit, "child-exit", "child exit", "a child process ended", {}},
    {M::QueueHandoff, "queue-handoff", "queue hand-off",
     "an item passed through the queue, from the put to this get", "item"},
}};

using C = CounterKind;
constexpr std::array<CounterKindInfo, size_t(C::Count)> kCounterKinds = {{
    // kind, name, legend, unit
    {C::QueueDepth, "queue-depth", "items in the queue", "items"},
    {C::ReadyTasks, "ready-tasks", "tasks ready to run on the loop", "tasks"},
    {C::Imported, "imported", "a counter from another tool", {}},
}};

using W = WaitObjectKind;
constexpr std::array<WaitObjectKindInfo, size_t(W::Count)> kWaitObjectKinds = {{
    // kind, name, phrase
    {W::Gil, "gil", "the GIL"},
    {W::Lock, "lock", "a lock"},
    {W::Queue, "queue", "a queue"},
    {W::Timer, "timer", "a timer"},
    {W::Socket, "socket", "a socket"},
    {W::File, "file", "a file, read or written on a worker thread"},
    {W::Child, "child", "a child process"},
    {W::Thread, "thread", "another thread's result"},
    {W::Loop, "loop", "the event loop"},
}};

using T = CoreTime;
constexpr std::array<CoreTimeKind, size_t(T::Count)> kCoreTimeKinds = {{
    // kind, name, legend, phrase
    {T::ThisRun, "this-run", "this run's threads", "running a thread of this run"},
    {T::OtherPrograms, "other-programs", "other programs",
     "running another program (or the kernel)"},
    {T::Idle, "idle", "idle core", "idle"},
}};

/// One row read from each letter an export writes, and one of them for S: a read is one lookup.
constexpr bool prevStatesReadBack()
{
    for (const ThreadStateKind &written : kThreadStates) {
        int readers = 0;
        for (const ThreadStateKind &row : kThreadStates)
            readers += row.readFromPrevState && row.prevState == written.prevState;
        if (readers != 1)
            return false;
    }
    return true;
}
static_assert(prevStatesReadBack());

template <typename Row, size_t N>
constexpr bool inEnumOrder(const std::array<Row, N> &rows, auto key)
{
    for (size_t i = 0; i < N; ++i) {
        if (size_t(key(rows[i])) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder(kThreadStates, [](const auto &r) { return r.state; }));
static_assert(inEnumOrder(kSpanKinds, [](const auto &r) { return r.kind; }));
static_assert(inEnumOrder(kMarkerKinds, [](const auto &r) { return r.kind; }));
static_assert(inEnumOrder(kCounterKinds, [](const auto &r) { return r.kind; }));
static_assert(inEnumOrder(kWaitObjectKinds, [](const auto &r) { return r.kind; }));
static_assert(inEnumOrder(kCoreTimeKinds, [](const auto &r) { return r.kind; }));

template <typename Row, size_t N>
auto named(const std::array<Row, N> &rows, std::string_view name, auto key)
    -> std::optional<decltype(key(rows[0]))>
{
    const auto it =
        std::find_if(rows.begin(), rows.end(), [&](const Row &r) { return r.name == name; });
    if (it == rows.end())
        return std::nullopt;
    return key(*it);
}

/// Out-of-range values come from damaged input: they read as the last row, never past the table.
template <typename Row, size_t N>
const Row &rowAt(const std::array<Row, N> &rows, size_t index)
{
    return rows[std::min(index, N - 1)];
}

} // namespace

std::span<const ThreadStateKind> threadStateKinds()
{
    return kThreadStates;
}
std::span<const SpanKindInfo> spanKinds()
{
    return kSpanKinds;
}
std::span<const MarkerKindInfo> markerKinds()
{
    return kMarkerKinds;
}
std::span<const CounterKindInfo> counterKinds()
{
    return kCounterKinds;
}
std::span<const WaitObjectKindInfo> waitObjectKinds()
{
    return kWaitObjectKinds;
}

std::span<const CoreTimeKind> coreTimeKinds()
{
    return kCoreTimeKinds;
}

const ThreadStateKind &kindOf(ThreadState state)
{
    return rowAt(kThreadStates, size_t(state));
}
const SpanKindInfo &kindOf(SpanKind kind)
{
    return rowAt(kSpanKinds, size_t(kind));
}
const MarkerKindInfo &kindOf(MarkerKind kind)
{
    return rowAt(kMarkerKinds, size_t(kind));
}
const CounterKindInfo &kindOf(CounterKind kind)
{
    return rowAt(kCounterKinds, size_t(kind));
}
const WaitObjectKindInfo &kindOf(WaitObjectKind kind)
{
    return rowAt(kWaitObjectKinds, size_t(kind));
}

const CoreTimeKind &kindOf(CoreTime kind)
{
    return rowAt(kCoreTimeKinds, size_t(kind));
}

std::string_view threadStateName(ThreadState state)
{
    return size_t(state) < kThreadStates.size() ? kindOf(state).name : "unknown";
}

std::string_view spanKindName(SpanKind kind)
{
    return size_t(kind) < kSpanKinds.size() ? kindOf(kind).name : "unknown";
}

std::string_view markerKindName(MarkerKind kind)
{
    return size_t(kind) < kMarkerKinds.size() ? kindOf(kind).name : "unknown";
}

std::optional<ThreadState> threadStateNamed(std::string_view name)
{
    return named(kThreadStates, name, [](const ThreadStateKind &r) { return r.state; });
}

std::optional<SpanKind> spanKindNamed(std::string_view name)
{
    return named(kSpanKinds, name, [](const SpanKindInfo &r) { return r.kind; });
}

std::optional<MarkerKind> markerKindNamed(std::string_view name)
{
    return named(kMarkerKinds, name, [](const MarkerKindInfo &r) { return r.kind; });
}

std::optional<CounterKind> counterKindNamed(std::string_view name)
{
    return named(kCounterKinds, name, [](const CounterKindInfo &r) { return r.kind; });
}

std::optional<WaitObjectKind> waitObjectKindNamed(std::string_view name)
{
    return named(kWaitObjectKinds, name, [](const WaitObjectKindInfo &r) { return r.kind; });
}

std::optional<SpanKind> spanKindOfChromeCategory(std::string_view category)
{
    const auto it = std::find_if(kSpanKinds.begin(), kSpanKinds.end(), [&](const SpanKindInfo &r) {
        return r.chromeCategory == category;
    });
    if (it == kSpanKinds.end())
        return std::nullopt;
    return it->kind;
}

ThreadState threadStateOfPrevState(char prevState)
{
    const auto readAs = [](char letter) {
        return std::find_if(
            kThreadStates.begin(), kThreadStates.end(),
            [&](const ThreadStateKind &r) { return r.readFromPrevState && r.prevState == letter; });
    };
    const auto it = readAs(prevState);
    return it != kThreadStates.end() ? it->state : readAs('S')->state;
}

} // namespace corescope
