// SPDX-License-Identifier: MIT
#pragma once

#include "engine/runspec.h"
#include "result.h"

class QCommandLineParser;

namespace corescope {

/// The options that describe what to run, shared by `run` and `sweep`: --workload, --tasks,
/// --param (repeatable) and --capture; `run` adds --model and --workers.
namespace runoptions {

enum class With { ModelAndWorkers, WorkloadOnly };

void add(QCommandLineParser &parser, With with);
/// The RunSpec the options describe (not yet validated); an Error names the bad option.
[[nodiscard]] Result<RunSpec> read(const QCommandLineParser &parser, With with);

} // namespace runoptions
} // namespace corescope
