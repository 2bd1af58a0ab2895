// SPDX-License-Identifier: MIT
#pragma once

#include "engine/eventlog.h"

#include <cstdint>

namespace corescope {

/// Turns one thread's switch-ins and switch-outs, as the kernel reports them in time order, into
/// OnCpu events in a log: a slice from each switch-in to the switch-out after it, on the core of
/// the switch-out, flagged when the kernel preempted the thread.
class OnCpuSlicer
{
public:
    explicit OnCpuSlicer(EventLog &log)
        : m_log(log)
    {
    }

    void switchedIn(uint64_t ticks, uint16_t core)
    {
        m_running = true;
        m_since = ticks;
        m_core = core;
    }

    void switchedOut(uint64_t ticks, uint16_t core, bool preempted)
    {
        if (m_running && ticks > m_since)
            m_log.append(Event{m_since, ticks, 0, core, EventKind::OnCpu,
                               preempted ? EventFlag::kPreempted : uint8_t(0)});
        m_running = false;
    }

    [[nodiscard]] bool running() const { return m_running; }

    /// The thread stops being recorded at `ticks` (it ended, or its capture did).
    void close(uint64_t ticks)
    {
        if (m_running && ticks > m_since)
            m_log.append(Event{m_since, ticks, 0, m_core, EventKind::OnCpu, 0});
        m_running = false;
    }

private:
    EventLog &m_log;
    uint64_t m_since = 0;
    uint16_t m_core = 0;
    bool m_running = false;
};

} // namespace corescope
