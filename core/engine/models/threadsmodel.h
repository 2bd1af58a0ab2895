// SPDX-License-Identifier: MIT
#pragma once

#include "engine/executionmodel.h"

namespace corescope {

/// Native threads that run truly in parallel, each taking tasks until none is left.
class ThreadsModel final : public ExecutionModel
{
public:
    [[nodiscard]] std::string_view name() const override { return "threads"; }
    [[nodiscard]] std::string_view summary() const override
    {
        return "Native threads that run in parallel on every core, like C++ or free-threaded "
               "Python.";
    }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] Status execute(RunSetup &setup) const override;
};

} // namespace corescope
