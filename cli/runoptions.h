// SPDX-License-Identifier: MIT
#pragma once

#include "engine/runspec.h"
#include "result.h"

#include <QString>

class QCommandLineParser;

namespace corescope {

class TraceFile;

/// The options that describe what to run, shared by `run` and `sweep`: --workload, --tasks,
/// --param (repeatable) and --capture; `run` adds --model and --workers. Both save what they
/// measured with --trace.
namespace runoptions {

enum class With {
    ModelAndWorkers,
    WorkloadOnly
};

void add(QCommandLineParser &parser, With with);
/// The RunSpec the options describe (not yet validated); an Error names the bad option.
[[nodiscard]] Result<RunSpec> read(const QCommandLineParser &parser, With with);

/// --trace FILE; `what` says what is saved ("the run", "the sweep with every run's trace").
void addTraceOption(QCommandLineParser &parser, const QString &what);
/// The --trace path (empty when not given), checked before anything runs: an Error when its
/// extension names no trace format.
[[nodiscard]] Result<QString> readTracePath(const QCommandLineParser &parser);
/// Saves `file` at `path` (atomically), making its folder first.
[[nodiscard]] Status saveTrace(const TraceFile &file, const QString &path);

} // namespace runoptions
} // namespace corescope
