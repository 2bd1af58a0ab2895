// SPDX-License-Identifier: MIT
#pragma once

#include "engine/executionmodel.h"

namespace corescope {

/// asyncio.gather on asyncio.run: the model's thread runs an EventLoop and every task is a
/// coroutine on it. I/O awaits; computation holds the loop unless offload=1 sends it to the
/// loop's executor threads (run_in_executor), which gil=1 makes share a GIL with the loop.
class AsyncioModel final : public ExecutionModel
{
public:
    [[nodiscard]] std::string_view name() const override { return "asyncio"; }
    [[nodiscard]] std::string_view summary() const override
    {
        return "One thread runs an event loop and every task is a coroutine on it: waits are "
               "awaited, computation holds the loop unless offload=1 hands it to a thread pool.";
    }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    /// Threads of the loop's executor.
    [[nodiscard]] uint32_t defaultWorkers(uint32_t tasks) const override;
    [[nodiscard]] Status execute(RunSetup &setup) const override;
};

} // namespace corescope
