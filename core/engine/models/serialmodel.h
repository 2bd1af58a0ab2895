// SPDX-License-Identifier: MIT
#pragma once

#include "engine/executionmodel.h"

namespace corescope {

/// Every task in turn on one thread: the baseline every speed-up is measured against.
class SerialModel final : public ExecutionModel
{
public:
    [[nodiscard]] std::string_view name() const override { return "serial"; }
    [[nodiscard]] std::string_view summary() const override
    {
        return "Runs every task in turn on one thread: the baseline.";
    }
    [[nodiscard]] uint32_t defaultWorkers(uint32_t) const override { return 1; }
    [[nodiscard]] uint32_t maxWorkers() const override { return 1; }
    [[nodiscard]] bool isBaseline() const override { return true; }
    [[nodiscard]] Status execute(RunSetup &setup) const override;
};

} // namespace corescope
