// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <ctime>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define CORESCOPE_HAS_TSC 1
#endif

namespace corescope {

/// Nanoseconds on CLOCK_MONOTONIC, the one time base of every process in a run.
inline int64_t monotonicNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Maps the fast clock's raw ticks to CLOCK_MONOTONIC nanoseconds. Child processes adopt their
/// parent's calibration, so every event of a run lands on one time axis.
struct ClockCalibration
{
    uint64_t tickOrigin = 0;
    int64_t nsOrigin = 0;
    double nsPerTick = 1.0;
    bool usesTsc = false;

    [[nodiscard]] int64_t toNs(uint64_t ticks) const noexcept
    {
        return nsOrigin + int64_t(double(int64_t(ticks - tickOrigin)) * nsPerTick);
    }
    [[nodiscard]] uint64_t toTicks(int64_t ns) const noexcept
    {
        return tickOrigin + uint64_t(int64_t(double(ns - nsOrigin) / nsPerTick));
    }

    /// The same rate with its origin moved to this moment. Each run anchors its own copy: the
    /// rate's error (about 0.3 ppm measured here, plus NTP's slewing of CLOCK_MONOTONIC) would
    /// otherwise build up over a GUI session of hours into a millisecond between TSC-stamped
    /// events and the kernel's context-switch records, which are on CLOCK_MONOTONIC.
    [[nodiscard]] ClockCalibration anchoredNow() const;
};

/// The recorder's clock: the invariant TSC where the CPU has one (a few ns a read), otherwise
/// CLOCK_MONOTONIC. Events store raw ticks; ClockCalibration turns them into nanoseconds.
class Clock
{
public:
    [[nodiscard]] static uint64_t now() noexcept
    {
#ifdef CORESCOPE_HAS_TSC
        if (s_usesTsc.load(std::memory_order_relaxed))
            return __rdtsc();
#endif
        return uint64_t(monotonicNs());
    }

    /// The process's calibration, measured once on first use (about 20 ms); call it before now().
    [[nodiscard]] static const ClockCalibration &calibration();
    /// Makes this process use another's calibration (child processes call this first).
    static void adopt(const ClockCalibration &calibration);

private:
    static inline std::atomic<bool> s_usesTsc{false};
};

} // namespace corescope
