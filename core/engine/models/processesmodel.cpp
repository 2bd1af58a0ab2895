// SPDX-License-Identifier: MIT
#include "engine/models/processesmodel.h"

#include "engine/models/workerprocesses.h"
#include "engine/runspec.h"

namespace corescope {

Status ProcessesModel::execute(RunSetup &setup) const
{
    return runWorkerProcesses(setup, setup.spec.workers);
}

} // namespace corescope
