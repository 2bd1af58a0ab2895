// SPDX-License-Identifier: MIT
#include "engine/models/serialmodel.h"

#include "engine/models/workerthreads.h"
#include "engine/taskcontext.h"

namespace corescope {

Status SerialModel::execute(RunSetup &setup) const
{
    ThreadHooks nativeThread;
    return runWorkerThreads(setup, 1, nativeThread, "serial");
}

} // namespace corescope
