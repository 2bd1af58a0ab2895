// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace corescope {

/// What a recorded event says happened. Appending kinds keeps old traces readable.
enum class EventKind : uint8_t {
    RunBegin,       ///< arg2: worker count
    RunEnd,         ///< flags: kCancelled
    ThreadBegin,    ///< a recorded thread starts
    ThreadEnd,      ///< arg: the thread's CPU time in ns as the kernel counts it
    TaskBegin,      ///< arg2: task index
    TaskEnd,        ///< arg: result, arg2: task index
    OnCpu,          ///< ticks: begin, arg: end ticks, core: where it ran; flags: kPreempted
    GilWait,        ///< the thread starts waiting for the interpreter lock
    GilAcquire,     ///< arg: tid of the previous holder (0 if none)
    GilRelease,     ///< flags: kForced when a drop request made the holder let go
    GilDropRequest, ///< a waiter asked the holder to drop the lock
    LockWait,       ///< arg: lock id
    LockAcquire,    ///< arg: lock id, arg2: tid of the previous holder
    LockRelease,    ///< arg: lock id
    IoBegin,        ///< arg2: IoKind, arg: what it waits for (IoKind::Child: the child's pid)
    IoEnd,          ///< arg2: IoKind, arg: as its IoBegin
    ChildSpawn,     ///< arg: child pid, arg2: child index (recorded by the parent); first in
                    ///< the log of a program a task started, which its parent writes
    ChildReady,     ///< arg2: child index (recorded by the child once it can work); a
                    ///< program's exec
    ChildExit,      ///< arg: child pid, arg2: wait status (recorded by the parent); flags:
                    ///< kUnrecorded
    Migration,      ///< core: new core, arg: previous core
    Idle,           ///< a worker waits for work (arg2: 0 begins, 1 ends)
    MainWork,       ///< the model's thread computes amid its workers (arg2: 0 begins, 1 ends)
    QueueWait,   ///< blocks on a full (arg2 0: a put) or empty (arg2 1: a get) queue, arg: its id
    QueuePut,    ///< arg: item number | tid of the get that made room << 32, arg2: queueDepth()
    QueueGet,    ///< arg: item number, arg2: queueDepth()
    TaskSubmit,  ///< a pool's task enters its queue (arg2: task index): it gets a lane
    TaskResume,  ///< the event loop resumes task arg2
    TaskSuspend, ///< the running task suspends: arg2 task | AwaitKind << 24, arg: a timer's
                 ///< deadline (CLOCK_MONOTONIC ns)
    Count
};

/// A QueuePut's or QueueGet's arg2: the queue's id (below 256) and the depth it left (below 2^24).
[[nodiscard]] constexpr uint32_t queueDepth(uint32_t queueId, uint32_t depth)
{
    return depth | queueId << 24;
}
[[nodiscard]] constexpr uint32_t queueIdOf(uint32_t arg2)
{
    return arg2 >> 24;
}
[[nodiscard]] constexpr uint32_t depthOf(uint32_t arg2)
{
    return arg2 & 0xFF'FFFF;
}

/// What a thread waits for in an I/O span.
enum class IoKind : uint8_t {
    Sleep,
    File,
    Network,
    Other,
    Child ///< a child process's exit (subprocess.run)
};

namespace EventFlag {
inline constexpr uint8_t kPreempted = 1; ///< OnCpu: the slice ended because the kernel preempted it
inline constexpr uint8_t kForced = 2;    ///< GilRelease: given up on a drop request
inline constexpr uint8_t kCancelled = 4; ///< RunEnd: the run was cancelled
/// ChildExit of a program: the kernel would not record its switches, so its cores are unknown.
inline constexpr uint8_t kUnrecorded = 8;
} // namespace EventFlag

/// One fixed-size record in a thread's event log. pid and tid live in the log's header.
struct Event
{
    uint64_t ticks = 0;
    uint64_t arg = 0;
    uint32_t arg2 = 0;
    uint16_t core = 0;
    EventKind kind = EventKind::RunBegin;
    uint8_t flags = 0;
};
static_assert(sizeof(Event) == 24, "events are fixed-size records");

/// Stable lowercase name of an event kind, for dumps and messages.
[[nodiscard]] std::string_view eventKindName(EventKind kind);
/// Stable lowercase name of an I/O kind.
[[nodiscard]] std::string_view ioKindName(IoKind kind);

} // namespace corescope
