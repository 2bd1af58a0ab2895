// SPDX-License-Identifier: MIT
#include "engine/runspec.h"

#include "engine/executionmodel.h"
#include "engine/runcontrol.h"
#include "engine/workload.h"

namespace corescope {
namespace {

template <typename Registry>
std::string knownNames(const Registry &registry)
{
    std::string names;
    for (const auto &item : registry.all())
        names += (names.empty() ? "" : ", ") + std::string(item->name());
    return names;
}

} // namespace

Result<ValidatedRunSpec> validateRunSpec(const RunSpec &spec)
{
    ValidatedRunSpec v;
    v.spec = spec;
    v.workload = WorkloadRegistry::instance().find(spec.workload);
    if (!v.workload)
        return Error{"workload: unknown name '" + spec.workload
                     + "' (known: " + knownNames(WorkloadRegistry::instance()) + ")"};
    v.model = ModelRegistry::instance().find(spec.model);
    if (!v.model)
        return Error{"model: unknown name '" + spec.model
                     + "' (known: " + knownNames(ModelRegistry::instance()) + ")"};

    if (v.workload->startsPrograms() && !v.model->sharesMemory())
        return Error{"model: '" + spec.model
                     + "' runs its tasks in worker processes, and workload '" + spec.workload
                     + "' starts programs that only CoreScope's own threads can record (use "
                       "serial, threads, gil, thread-pool or asyncio)"};
    if (v.workload->needsSharedMemory() && !v.model->sharesMemory())
        return Error{"model: '" + spec.model
                     + "' runs its tasks in separate memories, and "
                       "workload '"
                     + spec.workload
                     + "' needs one state that they all update "
                       "(use serial, threads or gil)"};

    auto specs = v.workload->params();
    for (auto &modelParam : v.model->params())
        specs.push_back(std::move(modelParam));
    auto params = ParamSet::validate(specs, spec.params);
    if (!params)
        return Error{params.error()};
    v.params = std::move(params).value();

    if (spec.tasks && (*spec.tasks < 1 || *spec.tasks > int(RunControl::kMaxTasks)))
        return Error{"tasks: " + std::to_string(*spec.tasks) + " is out of range (1 to "
                     + std::to_string(RunControl::kMaxTasks) + ")"};
    v.tasks = spec.tasks ? uint32_t(*spec.tasks) : v.workload->defaultTasks(v.params);

    const uint32_t maxWorkers = std::min<uint32_t>(RunSpec::kMaxWorkers, v.model->maxWorkers());
    if (spec.workers && (*spec.workers < 1 || uint32_t(*spec.workers) > maxWorkers))
        return Error{"workers: " + std::to_string(*spec.workers) + " is out of range (1 to "
                     + std::to_string(maxWorkers) + " for model '" + spec.model + "')"};
    v.workers = spec.workers ? uint32_t(*spec.workers)
                             : std::min(maxWorkers, v.model->defaultWorkers(v.tasks));
    if (auto problem = v.workload->checkWorkers(v.params, v.tasks, v.workers))
        return Error{*problem + " (model '" + spec.model + "')"};
    v.spec.workers = int(v.workers);
    v.spec.tasks = int(v.tasks);
    return v;
}

} // namespace corescope
