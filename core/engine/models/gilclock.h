// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace corescope {

/// The time and the timed waits SimulatedGil runs on: the steady clock, or a test's fake one, so
/// that a hand-off after the switch interval is tested without waiting for it, and exactly. Only
/// waits that block anyway go through it: an uncontended acquire never looks at the clock.
class GilClock
{
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    virtual ~GilClock() = default;
    [[nodiscard]] virtual TimePoint now() const { return std::chrono::steady_clock::now(); }
    /// Waits on `cv`, `lock` held, until it is notified (or wakes spuriously) or `deadline`
    /// passes, as condition_variable::wait_until does.
    virtual std::cv_status waitUntil(std::unique_lock<std::mutex> &lock,
                                     std::condition_variable &cv, TimePoint deadline)
    {
        return cv.wait_until(lock, deadline);
    }

    /// The real clock, shared by every run's GIL.
    [[nodiscard]] static GilClock &steady()
    {
        static GilClock clock;
        return clock;
    }
};

} // namespace corescope
