// SPDX-License-Identifier: MIT
#include "engine/models/asynciomodel.h"

#include "engine/loop/eventloop.h"
#include "engine/loop/loopexecutor.h"
#include "engine/models/gilhooks.h"
#include "engine/models/gilmodel.h"
#include "engine/models/taskpool.h"
#include "engine/runcontrol.h"
#include "engine/runspec.h"
#include "engine/workload.h"

#include <optional>

namespace corescope {
namespace {

constexpr const char *kOffload = "offload";
constexpr const char *kGil = "gil";

} // namespace

std::vector<ParamSpec> AsyncioModel::params() const
{
    return {{kOffload, ParamSpec::Type::Integer, "0", 0, 1, "",
             "1: CPU-bound tasks run in the loop's thread pool (run_in_executor) instead of "
             "holding the loop"},
            {kGil, ParamSpec::Type::Integer, "0", 0, 1, "",
             "1: the loop and its thread pool share a simulated GIL, as in CPython"},
            GilModel::switchIntervalParam()};
}

uint32_t AsyncioModel::defaultWorkers(uint32_t tasks) const
{
    return TaskPool::defaultWorkers(tasks);
}

Status AsyncioModel::execute(RunSetup &setup) const
{
    const ParamSet &params = setup.spec.params;
    ThreadHooks nativeThread;
    std::optional<SimulatedGil> gil;
    std::optional<GilHooks> gilHooks;
    if (params.integer(kGil) != 0) {
        gil.emplace(setup.control, GilModel::switchInterval(params));
        gilHooks.emplace(*gil);
    }
    ThreadHooks &hooks = gilHooks ? static_cast<ThreadHooks &>(*gilHooks) : nativeThread;

    // The loop runs on the model's own thread, as asyncio.run() on CPython's main thread.
    TaskContext ctx(setup.engineLog, setup.control, hooks, setup.engineCapture, setup.cancelFd,
                    &setup.recorder);
    LoopExecutor executor(setup, setup.spec.workers, hooks);
    {
        EventLoop loop(ctx, setup.cancelFd, &executor, params.integer(kOffload) != 0);
        for (uint32_t task = 0; task < setup.control.taskCount; ++task)
            loop.spawn(task, setup.workload.runOnLoop(loop, task));
        try {
            hooks.threadStarted(ctx);
            loop.run(
                [&](uint32_t task, uint64_t result) { setup.control.postResult(task, result); });
        } catch (const RunCancelled &) {
            // Taking the GIL back was cut short by the cancel; the trace ends here.
        }
        hooks.threadFinishing(ctx);
        executor.join(); // before the loop's tasks go: a job's awaiter lives in its task
    }
    return executor.status();
}

} // namespace corescope
