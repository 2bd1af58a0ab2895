// SPDX-License-Identifier: MIT
#pragma once

#include "engine/clock.h"
#include "result.h"

#include <cstdint>
#include <memory>
#include <string_view>

namespace corescope {

class EventLog;

/// How on-CPU intervals are captured. Auto picks the best one this machine allows.
enum class CaptureMethod : uint8_t {
    Auto,
    Perf,
    CpuClock
};

[[nodiscard]] std::string_view captureMethodName(CaptureMethod method);
[[nodiscard]] Result<CaptureMethod> parseCaptureMethod(std::string_view name);

/// Records when one thread really ran, and on which core, as OnCpu events in its own log.
/// Lives on, and is called only by, the thread it watches.
class ThreadCapture
{
public:
    virtual ~ThreadCapture() = default;
    /// How often poll() wants to run while the thread works.
    [[nodiscard]] virtual int64_t pollIntervalNs() const = 0;
    /// Called from the thread's checkpoints when its poll interval has passed.
    virtual void poll() = 0;
    /// The thread is about to block (I/O, a lock, the GIL) / has just come back.
    virtual void pause() = 0;
    virtual void resume() = 0;
    /// The thread stops being recorded; closes what is open.
    virtual void finish() = 0;
};

/// Makes the ThreadCapture for each recorded thread of a run, in this process or a child.
class CaptureBackend
{
public:
    explicit CaptureBackend(const ClockCalibration &calibration)
        : m_calibration(calibration)
    {
    }
    virtual ~CaptureBackend() = default;
    CaptureBackend(const CaptureBackend &) = delete;
    CaptureBackend &operator=(const CaptureBackend &) = delete;

    /// The run's mapping between the recorder's ticks and CLOCK_MONOTONIC, which the captures
    /// use, the decoder reads the run's events with, and child processes adopt.
    [[nodiscard]] const ClockCalibration &calibration() const { return m_calibration; }
    [[nodiscard]] virtual CaptureMethod method() const = 0;
    /// How far a slice's edges may be from the truth, in nanoseconds.
    [[nodiscard]] virtual int64_t precisionNs() const = 0;
    /// Starts capturing the calling thread into `log` (its own log).
    [[nodiscard]] virtual std::unique_ptr<ThreadCapture> startThread(EventLog &log) const = 0;
    /// Threads that had to be captured by a less precise method than method() says.
    [[nodiscard]] virtual int fallbackThreads() const { return 0; }

    /// The backend for `method`; Auto prefers kernel context switches and falls back to
    /// CPU-clock sampling. Perf when the kernel refuses it is an error naming why.
    [[nodiscard]] static Result<std::unique_ptr<CaptureBackend>>
    create(CaptureMethod method, const ClockCalibration &calibration);

private:
    ClockCalibration m_calibration;
};

} // namespace corescope
