// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace corescope {

class TraceFile;
struct SweepResult;
struct LaneCause;
class CriticalPath;
struct SerialShare;

/// The JSON reports of the command line, every schema in this one place, in one style: keys in
/// snake_case, durations in seconds as numbers with an `_s` suffix (`wall_s`, `gil_wait_s`),
/// counts as whole numbers, text as strings, what is unknown as null. A run's fields mean the
/// same in every report that has them. `run --json`, `sweep --json`, `info --json` and the demo's
/// summary.json print these.
namespace reportjson {

/// One run, as `corescope run --json` prints it: what ran, how it was captured, how it ended,
/// wall and CPU time, each core's busy time, and each thread's time on a core and in every
/// state of the kinds table (its JSON key, e.g. `runnable_s`). Every figure is a sum over the
/// trace's slices and states, as in RunSummary. What another tool's trace does not hold (its
/// tasks, results, a wall time it does not state, CPU time without core data) is null.
[[nodiscard]] QJsonObject run(const Trace &trace);

/// Every point of a sweep (model, workers, each repeat's wall time, median, speed-up against
/// the baseline, efficiency, Karp–Flatt) and each model's fitted parallel fraction.
[[nodiscard]] QJsonObject sweep(const SweepResult &sweep);

/// What a trace file holds, as `corescope info --json` prints it: its format, each run's
/// description (what ran, its size in events, its time span, the capture and the machine), what
/// the import skipped or found wrong, and the sweep when the file holds one (`sweep`: may be
/// null).
[[nodiscard]] QJsonObject fileInfo(const QString &path, const TraceFile &file,
                                   const SweepResult *sweep);

/// `corescope why --json`: the instant, and for each lane its state (the kinds table's name),
/// since when, what it waits for, who has that, and the sentence the Why panel shows.
[[nodiscard]] QJsonObject why(const Trace &trace, TimeNs at, const std::vector<LaneCause> &causes);

/// The critical path: its extent, its time in each state (by JSON key), the share no added core
/// could shorten, each stretch, and the run's serial fraction (null when it spent no CPU time).
[[nodiscard]] QJsonObject criticalPath(const Trace &trace, const CriticalPath &path,
                                       const SerialShare &serial);

} // namespace reportjson
} // namespace corescope
