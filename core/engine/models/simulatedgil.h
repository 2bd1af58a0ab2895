// SPDX-License-Identifier: MIT
#pragma once

#include "engine/models/gilclock.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace corescope {

class TaskContext;
struct RunControl;

/// An interpreter lock that behaves like CPython's since 3.2: one holder at a time; a thread that
/// has waited a whole switch interval without any hand-off asks the holder to drop the lock, and
/// the holder does so at its next checkpoint and waits until another thread has taken it. Nothing
/// else is promised: which waiter wins is up to the OS, as in CPython.
class SimulatedGil
{
public:
    /// `clock` times the switch interval; tests pass a fake one.
    SimulatedGil(RunControl &control, std::chrono::nanoseconds switchInterval,
                 GilClock &clock = GilClock::steady());

    /// Blocks until the calling worker holds the lock; records the wait and the hand-off.
    void acquire(TaskContext &ctx);
    /// Gives the lock up; `forced` when answering a drop request.
    void release(TaskContext &ctx, bool forced);
    /// Releases the lock if the calling worker holds it (a worker that is leaving).
    void releaseIfHeld(TaskContext &ctx);
    /// Whether a waiter has asked the holder to let go.
    [[nodiscard]] bool dropRequested() const;

private:
    RunControl &m_control; ///< its `attention` flag is the drop request
    const std::chrono::nanoseconds m_interval;
    GilClock &m_clock;
    std::mutex m_mutex;
    std::condition_variable m_released;
    std::condition_variable m_switched;
    bool m_locked = false;
    int m_holder = 0;
    int m_waiters = 0;
    uint64_t m_switches = 0;
};

} // namespace corescope
