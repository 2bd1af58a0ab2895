// SPDX-License-Identifier: MIT
#pragma once

#include "engine/executionmodel.h"

namespace corescope {

/// One OS process per worker, each with its own memory and (in Python's terms) its own
/// interpreter and GIL: parallel, at the price of starting the processes.
class ProcessesModel final : public ExecutionModel
{
public:
    [[nodiscard]] std::string_view name() const override { return "processes"; }
    [[nodiscard]] std::string_view summary() const override
    {
        return "Child processes, each with its own memory, started with posix_spawn.";
    }
    [[nodiscard]] bool sharesMemory() const override { return false; }
    [[nodiscard]] Status execute(RunSetup &setup) const override;
};

} // namespace corescope
