// SPDX-License-Identifier: MIT
#include "engine/models/gilmodel.h"

#include "engine/models/gilhooks.h"
#include "engine/models/mainthreadwork.h"
#include "engine/models/workerthreads.h"
#include "engine/runspec.h"

namespace corescope {
namespace {

constexpr const char *kSwitchInterval = "switch_interval_ms";

} // namespace

ParamSpec GilModel::switchIntervalParam()
{
    return {kSwitchInterval,
            ParamSpec::Type::Real,
            "5",
            0.05,
            1000,
            "ms",
            "How long a waiting thread lets the holder run before asking it to drop the lock "
            "(CPython's sys.setswitchinterval)"};
}

std::chrono::nanoseconds GilModel::switchInterval(const ParamSet &params)
{
    return std::chrono::nanoseconds(int64_t(params.real(kSwitchInterval) * 1e6));
}

std::vector<ParamSpec> GilModel::params() const
{
    return {switchIntervalParam(), MainThreadWork::param()};
}

Status GilModel::execute(RunSetup &setup) const
{
    SimulatedGil gil(setup.control, switchInterval(setup.spec.params));
    GilHooks hooks(gil);
    return runWorkerThreads(setup, setup.spec.workers, hooks, "gil-thread");
}

} // namespace corescope
