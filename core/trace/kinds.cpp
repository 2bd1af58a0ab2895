// SPDX-License-Identifier: MIT
#include "trace/kinds.h"

#include <algorithm>

namespace corescope {
namespace {

using S = ThreadState;
constexpr std::array<ThreadStateKind, size_t(S::Count)> kThreadStates = {{
    // state, name, JSON key, legend, phrase, column, awaited, waiting, idle
    {S::Running,
     "running",
     "on_cpu_s",
     "running (thread's colour)",
     "running",
     {},
     {},
     false,
     false},
    {S::Runnable, "runnable", "runnable_s", "runnable, no free core",
     "runnable: waiting for a free core", "runnable", "a core", true, false},
    {S::GilWait, "gil-wait", "gil_wait_s", "waiting for the GIL", "waiting for the GIL", "GIL wait",
     "the GIL", true, false},
    {S::LockWait, "lock-wait", "lock_wait_s", "waiting for a lock", "waiting for a lock",
     "lock wait", "a lock", true, false},
    {S::Io, "io", "io_wait_s", "blocked in I/O", "blocked in I/O or a timer", "I/O", "I/O", true,
     false},
    {S::Sleeping, "sleeping", "sleeping_s", "sleeping", "sleeping: no work", {}, {}, false, true},
    {S::Starting,
     "starting",
     "starting_s",
     "process start-up",
     "starting: process start-up",
     {},
     {},
     false,
     false},
    {S::Blocked, "blocked", "blocked_s", "blocked (reason not recorded)",
     "blocked: asleep, in I/O or on a lock; the kernel did not say which", "blocked", {}, true,
     false},
}};

using K = SpanKind;
constexpr std::array<SpanKindInfo, size_t(K::Count)> kSpanKinds = {{
    {K::Task, "task", "task", "running a task"},
    {K::GilHold, "gil-hold", "holds the GIL", "holding the GIL"},
    {K::LockHold, "lock-hold", "holds a lock", "holding a lock"},
    // Not in the legend: it looks and reads as the Starting state, which is listed; its phrase
    // keeps the words on the bar and in the tooltip.
    {K::Startup, "startup", {}, "process start-up"},
    {K::Named, "named", {}, "a slice from another tool"},
}};

using M = MarkerKind;
constexpr std::array<MarkerKindInfo, size_t(M::Count)> kMarkerKinds = {{
    {M::GilHandoff, "gil-handoff", "GIL hand-off", "the GIL passed to this thread"},
    {M::GilDropRequest, "gil-drop-request", "GIL drop request",
     "a waiting thread asked the GIL holder to let go"},
    {M::LockHandoff, "lock-handoff", "lock hand-off", "the lock passed to this thread"},
    {M::Migration, "migration", "migration", "the thread moved to another core"},
    {M::ChildExit, "child-exit", "child exit", "a child process ended"},
}};

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

} // namespace corescope
