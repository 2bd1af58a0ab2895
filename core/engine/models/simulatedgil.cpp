// SPDX-License-Identifier: MIT
#include "engine/models/simulatedgil.h"

#include "engine/runcontrol.h"
#include "engine/taskcontext.h"

namespace corescope {

SimulatedGil::SimulatedGil(RunControl &control, std::chrono::nanoseconds switchInterval,
                           GilClock &clock)
    : m_control(control)
    , m_interval(switchInterval)
    , m_clock(clock)
{
}

bool SimulatedGil::dropRequested() const
{
    return m_control.attention.load(std::memory_order_relaxed);
}

void SimulatedGil::acquire(TaskContext &ctx)
{
    EventLog &log = ctx.log();
    std::unique_lock lock(m_mutex);
    if (m_locked) {
        log.record(EventKind::GilWait);
        ctx.capture().pause();
        ++m_waiters;
        while (m_locked) {
            const uint64_t switches = m_switches;
            const bool timedOut = m_clock.waitUntil(lock, m_released, m_clock.now() + m_interval)
                                  == std::cv_status::timeout;
            // A whole interval passed and nobody else got the lock in between: ask for it.
            if (timedOut && m_locked && m_switches == switches && !dropRequested()) {
                m_control.attention.store(true, std::memory_order_relaxed);
                log.record(EventKind::GilDropRequest, uint64_t(m_holder));
            }
        }
        --m_waiters;
        ctx.capture().resume();
    }
    const int previous = m_holder;
    m_locked = true;
    m_holder = log.tid();
    ++m_switches;
    m_control.attention.store(false, std::memory_order_relaxed);
    log.record(EventKind::GilAcquire, uint64_t(previous));
    m_switched.notify_all();
}

void SimulatedGil::release(TaskContext &ctx, bool forced)
{
    std::unique_lock lock(m_mutex);
    ctx.log().record(EventKind::GilRelease, 0, 0, forced ? EventFlag::kForced : 0);
    m_locked = false;
    const uint64_t switches = m_switches;
    m_released.notify_one();
    // Like CPython's FORCE_SWITCHING: a forced holder waits until a waiter has really taken the
    // lock, or it would win it straight back and starve the waiter.
    if (forced && m_waiters > 0) {
        ctx.capture().pause();
        const GilClock::TimePoint deadline = m_clock.now() + 10 * m_interval;
        while (m_switches == switches && !ctx.cancelled()) {
            if (m_clock.waitUntil(lock, m_switched, deadline) == std::cv_status::timeout)
                break;
        }
        ctx.capture().resume();
    }
}

void SimulatedGil::releaseIfHeld(TaskContext &ctx)
{
    bool held = false;
    {
        std::lock_guard lock(m_mutex);
        held = m_locked && m_holder == ctx.log().tid();
    }
    if (held)
        release(ctx, false);
}

} // namespace corescope
