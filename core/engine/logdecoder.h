// SPDX-License-Identifier: MIT
#pragma once

#include "engine/clock.h"
#include "trace/trace.h"

#include <vector>

namespace corescope {

class CoreBusySampler;
class EventLog;

/// Turns the event logs of a run (finished or still going) into a Trace: on-CPU slices per core,
/// each thread's state strip (the waits it recorded, split by when it really was on a core),
/// task, lock and start-up spans, and hand-off and migration markers.
class LogDecoder
{
public:
    /// `logs[0]` is the engine thread's log, whose RunBegin is time zero.
    LogDecoder(std::vector<const EventLog *> logs, const ClockCalibration &calibration,
               size_t coreCount);

    /// Decodes everything published so far; threads still running end at `nowTicks`. `busy`,
    /// if given, adds each core's sampled busy time.
    [[nodiscard]] Trace decode(uint64_t nowTicks, TraceMetadata metadata,
                               const CoreBusySampler *busy = nullptr) const;

private:
    std::vector<const EventLog *> m_logs;
    ClockCalibration m_calibration;
    size_t m_coreCount;
};

} // namespace corescope
