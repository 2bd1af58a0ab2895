// SPDX-License-Identifier: MIT
#include "engine/models/threadsmodel.h"

#include "engine/models/workerthreads.h"
#include "engine/runspec.h"
#include "engine/taskcontext.h"

namespace corescope {

Status ThreadsModel::execute(RunSetup &setup) const
{
    ThreadHooks nativeThread;
    return runWorkerThreads(setup, setup.spec.workers, nativeThread, "thread");
}

} // namespace corescope
