// SPDX-License-Identifier: MIT
#include "engine/clock.h"

#include <fstream>
#include <mutex>
#include <string>

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

ClockCalibration measure()
{
    ClockCalibration c;
#ifdef CORESCOPE_HAS_TSC
    if (cpuHasInvariantTsc()) {
        // Two (ticks, ns) pairs 10 ms apart: the rate's error stays near 1e-5.
        const auto pair = [] {
            const uint64_t before = __rdtsc();
            const int64_t ns = monotonicNs();
            const uint64_t after = __rdtsc();
            return std::pair{before + (after - before) / 2, ns};
        };
        const auto [t0, n0] = pair();
        while (monotonicNs() - n0 < 10'000'000) {
        }
        const auto [t1, n1] = pair();
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
