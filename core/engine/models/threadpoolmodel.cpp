// SPDX-License-Identifier: MIT
#include "engine/models/threadpoolmodel.h"

#include "engine/models/gilhooks.h"
#include "engine/models/gilmodel.h"
#include "engine/models/taskpool.h"
#include "engine/models/workerthreads.h"
#include "engine/runspec.h"

#include <optional>

namespace corescope {
namespace {

constexpr const char *kGil = "gil";

} // namespace

std::vector<ParamSpec> ThreadPoolModel::params() const
{
    return {{kGil, ParamSpec::Type::Integer, "0", 0, 1, "",
             "1: the pool's threads must hold a simulated GIL to compute, as CPython's do"},
            GilModel::switchIntervalParam()};
}

uint32_t ThreadPoolModel::defaultWorkers(uint32_t tasks) const
{
    return TaskPool::defaultWorkers(tasks);
}

Status ThreadPoolModel::execute(RunSetup &setup) const
{
    TaskPool::submitAll(setup);
    if (setup.spec.params.integer(kGil) == 0) {
        ThreadHooks nativeThread;
        return runWorkerThreads(setup, setup.spec.workers, nativeThread, "pool-thread");
    }
    SimulatedGil gil(setup.control, GilModel::switchInterval(setup.spec.params));
    GilHooks hooks(gil);
    return runWorkerThreads(setup, setup.spec.workers, hooks, "pool-thread");
}

} // namespace corescope
