// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstdint>

namespace corescope {

struct RunSetup;

/// Starts `workers` corescope-worker child processes named `process-<n>`, each running the
/// workload's WorkerLoop on the shared task queue, and reaps each as it exits (the parent sleeps
/// meanwhile); on cancel, kills every one still running. A child that dies is reported, and a
/// pool's idle workers are let go, since its tasks will never finish.
[[nodiscard]] Status runWorkerProcesses(RunSetup &setup, uint32_t workers);

} // namespace corescope
