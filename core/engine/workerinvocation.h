// SPDX-License-Identifier: MIT
#pragma once

#include "engine/capture/threadcapture.h"
#include "engine/clock.h"
#include "result.h"

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace corescope {

/// The command line between the processes model and corescope-worker, written and parsed in this
/// one place. The child receives its shared memory as fds 3 (RunControl), 4 (its event log) and
/// 5 (the cancel eventfd).
struct WorkerInvocation
{
    static constexpr int kControlFd = 3;
    static constexpr int kLogFd = 4;
    static constexpr int kCancelFd = 5;

    uint32_t index = 0;
    pid_t parent = 0;
    std::string workload;
    std::map<std::string, std::string> params;
    CaptureMethod capture = CaptureMethod::CpuClock;
    ClockCalibration calibration;
    size_t controlBytes = 0;
    size_t logBytes = 0;

    [[nodiscard]] std::vector<std::string> toArguments() const;
    /// Parses what toArguments() wrote; the message names the option that is wrong.
    [[nodiscard]] static Result<WorkerInvocation> parse(const std::vector<std::string> &arguments);
};

} // namespace corescope
