// SPDX-License-Identifier: MIT
#include "engine/clock.h"

#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>

namespace corescope {
namespace {

// The TSC is a usable clock only when it ticks at one rate in every power state and on every core.
bool cpuHasInvariantTsc()
{
#ifdef CORESCOPE_HAS_TSC
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("flags", 0) == 0)
            return line.find(" constant_tsc") != std::string::npos
                   && line.find(" nonstop_tsc") != std::string::npos;
    }
#endif
    return false;
}

#ifdef CORESCOPE_HAS_TSC
/// One (ticks, ns) pair, the tightest of several readings: one slow clock_gettime (the first
/// call of a process faults in the vDSO) skews a pair by microseconds, and so a rate measured
/// over 20 ms by 1e-3, which the kernel's context-switch times (on CLOCK_MONOTONIC) would then
/// show as slices displaced by tens of microseconds.
std::pair<uint64_t, int64_t> tightPair()
{
    std::pair<uint64_t, int64_t> best{0, 0};
    uint64_t bestGap = UINT64_MAX;
    for (int i = 0; i < 32; ++i) {
        const uint64_t before = __rdtsc();
        const int64_t ns = monotonicNs();
        const uint64_t after = __rdtsc();
        if (after - before < bestGap) {
            bestGap = after - before;
            best = {before + (after - before) / 2, ns};
        }
    }
    return best;
}
#endif

ClockCalibration measure()
{
    ClockCalibration c;
#ifdef CORESCOPE_HAS_TSC
    if (cpuHasInvariantTsc()) {
        // Two pairs 20 ms apart.
        const auto [t0, n0] = tightPair();
        while (monotonicNs() - n0 < 20'000'000) {}
        const auto [t1, n1] = tightPair();
        c.tickOrigin = t0;
        c.nsOrigin = n0;
        c.nsPerTick = double(n1 - n0) / double(t1 - t0);
        c.usesTsc = true;
        return c;
    }
#endif
    return c; // ticks are nanoseconds already
}

std::once_flag s_once;
ClockCalibration s_calibration;

} // namespace

ClockCalibration ClockCalibration::anchoredNow() const
{
    ClockCalibration anchored = *this;
#ifdef CORESCOPE_HAS_TSC
    if (usesTsc)
        std::tie(anchored.tickOrigin, anchored.nsOrigin) = tightPair();
#endif
    return anchored; // without the TSC, ticks are CLOCK_MONOTONIC nanoseconds already
}

const ClockCalibration &Clock::calibration()
{
    std::call_once(s_once, [] {
        s_calibration = measure();
        s_usesTsc.store(s_calibration.usesTsc);
    });
    return s_calibration;
}

void Clock::adopt(const ClockCalibration &calibration)
{
    std::call_once(s_once, [&] {
        s_calibration = calibration;
        s_usesTsc.store(calibration.usesTsc);
    });
}

} // namespace corescope
