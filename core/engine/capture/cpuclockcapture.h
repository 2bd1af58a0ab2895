// SPDX-License-Identifier: MIT
#pragma once

#include "engine/capture/threadcapture.h"

namespace corescope {

/// The privilege-free capture: at each poll the thread compares its CPU clock with the wall
/// clock and reads its core. Where wall time ran on but CPU time did not, the thread was off its
/// core; where the core changed, it migrated. Edges are as precise as the poll interval.
class CpuClockBackend final : public CaptureBackend
{
public:
    static constexpr int64_t kPollIntervalNs = 100'000;

    using CaptureBackend::CaptureBackend;

    [[nodiscard]] CaptureMethod method() const override { return CaptureMethod::CpuClock; }
    [[nodiscard]] int64_t precisionNs() const override { return kPollIntervalNs; }
    [[nodiscard]] std::unique_ptr<ThreadCapture> startThread(EventLog &log) const override;
};

/// The calling thread's CPU time in nanoseconds, as the kernel counts it.
[[nodiscard]] int64_t threadCpuNs();
/// The calling process's (all its threads', not its children's).
[[nodiscard]] int64_t processCpuNs();

} // namespace corescope
