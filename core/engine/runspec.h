// SPDX-License-Identifier: MIT
#pragma once

#include "engine/capture/threadcapture.h"
#include "engine/params.h"
#include "result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace corescope {

class Workload;
class ExecutionModel;

/// What the user asks to run, as given: names and numbers not yet checked.
struct RunSpec
{
    static constexpr int kMaxWorkers = 256;

    std::string workload;
    std::string model;
    std::optional<int> workers; ///< default: one per task
    std::optional<int> tasks;   ///< default: the workload's own
    std::map<std::string, std::string> params;
    CaptureMethod capture = CaptureMethod::Auto;
};

/// A RunSpec that passed validation, with every default filled in.
struct ValidatedRunSpec
{
    RunSpec spec;
    const Workload *workload = nullptr;
    const ExecutionModel *model = nullptr;
    ParamSet params;
    uint32_t workers = 1;
    uint32_t tasks = 1;
};

/// Checks names, counts and parameters; the message names the field that is wrong and why.
[[nodiscard]] Result<ValidatedRunSpec> validateRunSpec(const RunSpec &spec);

} // namespace corescope
