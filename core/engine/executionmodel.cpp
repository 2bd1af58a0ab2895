// SPDX-License-Identifier: MIT
#include "engine/executionmodel.h"

#include "engine/capture/threadcapture.h"
#include "engine/eventlog.h"

namespace corescope {

void RunSetup::waitForWorkers(bool waiting)
{
    if (waiting) {
        engineLog.record(EventKind::Idle, 0, 0);
        engineCapture.pause();
    } else {
        engineCapture.resume();
        engineLog.record(EventKind::Idle, 0, 1);
    }
}

} // namespace corescope
