// SPDX-License-Identifier: MIT
#include "engine/models/taskpool.h"

#include "engine/eventlog.h"
#include "engine/executionmodel.h"
#include "engine/runcontrol.h"

#include <algorithm>
#include <thread>

namespace corescope {

void TaskPool::submitAll(RunSetup &setup, uint32_t chunkSize)
{
    RunControl &control = setup.control;
    control.chunkSize = std::max<uint32_t>(chunkSize, 1);
    control.lingerUntilDone = true;
    for (uint32_t task = 0; task < control.taskCount; ++task)
        setup.engineLog.record(EventKind::TaskSubmit, 0, task);
}

uint32_t TaskPool::defaultWorkers(uint32_t tasks)
{
    return std::clamp<uint32_t>(std::thread::hardware_concurrency(), 1, std::max(tasks, 1u));
}

} // namespace corescope
