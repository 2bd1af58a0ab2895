// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstdint>
#include <string_view>

namespace corescope {

struct RunSetup;
class ThreadHooks;

/// Starts `workers` native threads named `<prefix>-<n>`, each a WorkerLoop with `hooks`, and waits
/// for all of them; the waiting thread is recorded as idle meanwhile, after any main-thread work
/// the run asks for (MainThreadWork).
[[nodiscard]] Status runWorkerThreads(RunSetup &setup, uint32_t workers, ThreadHooks &hooks,
                                      std::string_view prefix);

} // namespace corescope
