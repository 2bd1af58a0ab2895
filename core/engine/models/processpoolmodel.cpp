// SPDX-License-Identifier: MIT
#include "engine/models/processpoolmodel.h"

#include "engine/models/taskpool.h"
#include "engine/models/workerprocesses.h"
#include "engine/runcontrol.h"
#include "engine/runspec.h"

namespace corescope {
namespace {

constexpr const char *kChunksize = "chunksize";

} // namespace

std::vector<ParamSpec> ProcessPoolModel::params() const
{
    return {{kChunksize, ParamSpec::Type::Integer, "1", 1, double(RunControl::kMaxTasks), "tasks",
             "How many tasks a worker takes from the queue at once (Pool.map's chunksize)"}};
}

uint32_t ProcessPoolModel::defaultWorkers(uint32_t tasks) const
{
    return TaskPool::defaultWorkers(tasks);
}

Status ProcessPoolModel::execute(RunSetup &setup) const
{
    TaskPool::submitAll(setup, uint32_t(setup.spec.params.integer(kChunksize)));
    return runWorkerProcesses(setup, setup.spec.workers);
}

} // namespace corescope
