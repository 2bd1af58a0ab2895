// SPDX-License-Identifier: MIT
#pragma once

#include "engine/executionmodel.h"

namespace corescope {

/// multiprocessing.Pool.map: a few worker processes (one per core unless asked) take the tasks,
/// `chunksize` at a time, from one shared queue.
class ProcessPoolModel final : public ExecutionModel
{
public:
    [[nodiscard]] std::string_view name() const override { return "process-pool"; }
    [[nodiscard]] std::string_view summary() const override
    {
        return "A pool of worker processes that take the tasks, chunksize at a time, from one "
               "shared queue, as multiprocessing.Pool.map does.";
    }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultWorkers(uint32_t tasks) const override;
    [[nodiscard]] bool sharesMemory() const override { return false; }
    [[nodiscard]] Status execute(RunSetup &setup) const override;
};

} // namespace corescope
