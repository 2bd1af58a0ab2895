// SPDX-License-Identifier: MIT
#pragma once

#include "engine/executionmodel.h"

namespace corescope {

/// concurrent.futures.ThreadPoolExecutor: a few worker threads (one per core unless asked) take
/// the tasks from one shared queue; with gil=1 they share a simulated GIL, as CPython's do.
class ThreadPoolModel final : public ExecutionModel
{
public:
    [[nodiscard]] std::string_view name() const override { return "thread-pool"; }
    [[nodiscard]] std::string_view summary() const override
    {
        return "A pool of worker threads that take the tasks from one shared queue, as "
               "concurrent.futures.ThreadPoolExecutor does; gil=1 makes them share a GIL.";
    }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultWorkers(uint32_t tasks) const override;
    [[nodiscard]] Status execute(RunSetup &setup) const override;
};

} // namespace corescope
