// SPDX-License-Identifier: MIT
#pragma once

#include "engine/executionmodel.h"

#include <chrono>

namespace corescope {

/// Native threads that must hold one simulated interpreter lock to run workload code, released
/// around every blocking call: CPython's threads with the GIL.
class GilModel final : public ExecutionModel
{
public:
    [[nodiscard]] std::string_view name() const override { return "gil"; }
    [[nodiscard]] std::string_view summary() const override
    {
        return "Threads that must hold one interpreter lock to compute, like CPython's GIL.";
    }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    /// The switch interval's parameter, which every model with a simulated GIL has.
    [[nodiscard]] static ParamSpec switchIntervalParam();
    [[nodiscard]] static std::chrono::nanoseconds switchInterval(const ParamSet &params);
    [[nodiscard]] Status execute(RunSetup &setup) const override;
};

} // namespace corescope
