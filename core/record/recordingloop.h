// SPDX-License-Identifier: MIT
#pragma once

#include "record/programrecorder.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

namespace corescope {

/// Runs a begun recording to its end, the same way for `corescope record` and the window: polls
/// the recorder every few milliseconds until the program ends, or, once asked to stop, until it
/// has had kGrace to end; then finishes, stopping whatever of its process tree is left. Stop
/// requests come from any thread; the recorder is used on the thread that calls run() only.
class RecordingLoop
{
public:
    /// How long a program has to end after it was asked to stop, and what it leaves after it ends.
    static constexpr std::chrono::milliseconds kGrace{2000};
    /// Between two polls, unless the program ends sooner.
    static constexpr std::chrono::milliseconds kPollInterval{5};

    /// Marks the recording cancelled and gives the program kGrace to end. It is sent SIGINT
    /// unless `sendInterrupt` is false (Ctrl+C in its terminal reached it already).
    void requestStop(bool sendInterrupt = true);
    /// Ends the recording at the next poll and kills what is still running, without a grace
    /// (the window that shows it is closing).
    void abort();

    /// Polls `recorder` (begun) until the end, calling `tick` with it after each poll (on this
    /// thread, for a live view), and returns the finished recording.
    [[nodiscard]] FinishedRecording run(ProgramRecorder &recorder,
                                        const std::function<void(ProgramRecorder &)> &tick = {});

private:
    enum class Stop : uint8_t {
        None,
        Interrupt,
        Cancel, ///< cancelled, the program already interrupted by its terminal
        Abort,
    };
    std::atomic<Stop> m_stop{Stop::None};
};

} // namespace corescope
