// SPDX-License-Identifier: MIT
#include "engine/models/threadsmodel.h"

#include "engine/models/mainthreadwork.h"
#include "engine/models/workerthreads.h"
#include "engine/runspec.h"
#include "engine/taskcontext.h"

namespace corescope {

std::vector<ParamSpec> ThreadsModel::params() const
{
    return {MainThreadWork::param()};
}

Status ThreadsModel::execute(RunSetup &setup) const
{
    ThreadHooks nativeThread;
    return runWorkerThreads(setup, setup.spec.workers, nativeThread, "thread");
}

} // namespace corescope
