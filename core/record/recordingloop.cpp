// SPDX-License-Identifier: MIT
#include "record/recordingloop.h"

#include <poll.h>

namespace corescope {
namespace {

/// Once the program ended after a stop, what it left running has this long before it is killed.
constexpr std::chrono::milliseconds kLeftoversAfterStop(200);

/// Until the program ends (its exit descriptor turns readable) or `interval` has passed.
void awaitExitOrNextPoll(int exitDescriptor, std::chrono::milliseconds interval)
{
    pollfd ended{exitDescriptor, POLLIN, 0};
    ::poll(&ended, exitDescriptor >= 0 ? 1 : 0, int(interval.count()));
}

} // namespace

void RecordingLoop::requestStop(bool sendInterrupt)
{
    // A stop never weakens an abort.
    Stop expected = Stop::None;
    m_stop.compare_exchange_strong(expected, sendInterrupt ? Stop::Interrupt : Stop::Cancel);
}

void RecordingLoop::abort()
{
    m_stop = Stop::Abort;
}

FinishedRecording RecordingLoop::run(ProgramRecorder &recorder,
                                     const std::function<void(ProgramRecorder &)> &tick)
{
    bool stopping = false;
    auto stopBy = std::chrono::steady_clock::time_point::max();
    while (!recorder.poll() && std::chrono::steady_clock::now() < stopBy) {
        const Stop stop = m_stop.load();
        if (stop == Stop::Abort)
            break;
        if (stop != Stop::None && !stopping) {
            if (stop == Stop::Interrupt)
                recorder.interrupt();
            recorder.setCancelled();
            stopping = true;
            stopBy = std::chrono::steady_clock::now() + kGrace;
        }
        if (tick)
            tick(recorder);
        awaitExitOrNextPoll(recorder.exitDescriptor(), kPollInterval);
    }
    if (m_stop == Stop::Abort) {
        recorder.setCancelled();
        return recorder.finish(std::chrono::milliseconds(0));
    }
    return recorder.finish(stopping ? kLeftoversAfterStop : kGrace);
}

} // namespace corescope
