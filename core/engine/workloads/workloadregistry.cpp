// SPDX-License-Identifier: MIT
#include "engine/workload.h"

#include "engine/workloads/countworkload.h"
#include "engine/workloads/factorizeworkload.h"
#include "engine/workloads/fileworkload.h"
#include "engine/workloads/matmulworkload.h"
#include "engine/workloads/mixedworkload.h"
#include "engine/workloads/networkload.h"
#include "engine/workloads/pipelineworkload.h"
#include "engine/workloads/primesworkload.h"
#include "engine/workloads/sharedcounterworkload.h"
#include "engine/workloads/sleepworkload.h"
#include "engine/workloads/subprocessworkload.h"

namespace corescope {

WorkloadRegistry::WorkloadRegistry()
{
    // The order lists follow: CPU-bound first, then I/O-bound, then both.
    m_workloads.push_back(std::make_unique<FactorizeWorkload>());
    m_workloads.push_back(std::make_unique<CountWorkload>());
    m_workloads.push_back(std::make_unique<MatmulWorkload>());
    m_workloads.push_back(std::make_unique<PrimesWorkload>());
    m_workloads.push_back(std::make_unique<SharedCounterWorkload>());
    m_workloads.push_back(std::make_unique<SleepWorkload>());
    m_workloads.push_back(std::make_unique<FileWorkload>());
    m_workloads.push_back(std::make_unique<NetWorkload>());
    m_workloads.push_back(std::make_unique<MixedWorkload>());
    m_workloads.push_back(std::make_unique<PipelineWorkload>());
    m_workloads.push_back(std::make_unique<SubprocessWorkload>());
}

const WorkloadRegistry &WorkloadRegistry::instance()
{
    static const WorkloadRegistry kRegistry;
    return kRegistry;
}

const Workload *WorkloadRegistry::find(std::string_view name) const
{
    for (const auto &workload : m_workloads) {
        if (workload->name() == name)
            return workload.get();
    }
    return nullptr;
}

std::string_view workloadKindName(WorkloadKind kind)
{
    switch (kind) {
    case WorkloadKind::CpuBound:
        return "cpu-bound";
    case WorkloadKind::IoBound:
        return "io-bound";
    case WorkloadKind::Mixed:
        return "mixed";
    }
    return "unknown";
}

} // namespace corescope
