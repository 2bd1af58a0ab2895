// SPDX-License-Identifier: MIT
#include "engine/capture/threadcapture.h"

#include "engine/capture/cpuclockcapture.h"
#include "engine/capture/perfcapture.h"

#include <string>

namespace corescope {

std::string_view captureMethodName(CaptureMethod method)
{
    switch (method) {
    case CaptureMethod::Auto:
        return "auto";
    case CaptureMethod::Perf:
        return "perf";
    case CaptureMethod::CpuClock:
        return "cpuclock";
    }
    return "auto";
}

Result<CaptureMethod> parseCaptureMethod(std::string_view name)
{
    for (auto method : {CaptureMethod::Auto, CaptureMethod::Perf, CaptureMethod::CpuClock}) {
        if (captureMethodName(method) == name)
            return method;
    }
    return Error{"capture: unknown method '" + std::string(name)
                 + "' (expected auto, perf or cpuclock)"};
}

Result<std::unique_ptr<CaptureBackend>> CaptureBackend::create(CaptureMethod method,
                                                               const ClockCalibration &calibration)
{
    if (method != CaptureMethod::CpuClock) {
        if (auto status = PerfBackend::probe(); status.ok())
            return std::unique_ptr<CaptureBackend>(std::make_unique<PerfBackend>(calibration));
        else if (method == CaptureMethod::Perf)
            return Error{"capture: " + status.error()};
    }
    return std::unique_ptr<CaptureBackend>(std::make_unique<CpuClockBackend>(calibration));
}

} // namespace corescope
