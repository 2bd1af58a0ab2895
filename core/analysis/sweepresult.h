// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/amdahl.h"
#include "analysis/criticalpath.h"
#include "result.h"
#include "trace/sweeplayout.h"
#include "trace/trace.h"

#include <map>
#include <span>
#include <string>
#include <vector>

namespace corescope {

/// One model at one worker count: its repeated wall times and what they say.
struct SweepPoint
{
    std::string model;
    uint32_t workers = 1;
    std::vector<TimeNs> walls;  ///< one per repeat
    std::vector<size_t> traces; ///< each repeat's index into SweepResult::traces
    TimeNs median = 0;
    TimeNs fastest = 0;
    TimeNs slowest = 0;
    double speedup = 0;    ///< serial median / this median
    double efficiency = 0; ///< speedup / workers
    double karpFlatt = 0;  ///< NaN for one worker
    /// The most of one core that other programs took during any of its runs (CoreOccupancy).
    double othersShare = 0;
    /// Whether other programs took enough of a core that the speed-up is not comparable.
    [[nodiscard]] bool disturbed() const;
};

/// A sweep of one workload over models and worker counts, with every run's trace kept so that
/// any point opens its timeline. Figures follow from the wall times by computeFigures().
struct SweepResult
{
    std::string workload;
    std::vector<SweepPoint> points;
    std::vector<Trace> traces;
    std::map<std::string, AmdahlFit> fits; ///< per model measured at two or more worker counts
    /// Beside each fit, the serial fraction read off the model's traces with two or more
    /// workers (SerialShare summed over them): what Amdahl's 1 - p says from the wall times,
    /// seen in the runs themselves.
    std::map<std::string, SerialShare> tracedSerial;
    TimeNs serialMedian = 0; ///< the baseline: the serial model's median
    /// Processors the workload can use at once (the cores for CPU-bound work, 0 for no limit:
    /// waits overlap whatever the core count); the Amdahl fits count workers up to it.
    double parallelismLimit = 0;
    bool cancelled = false;

    /// Fills median/fastest/slowest, speed-up, efficiency and Karp–Flatt of every point and the
    /// Amdahl fit of every model, against the serial model's median (or, without one, the
    /// median of the one-worker point of each model).
    void computeFigures();
    [[nodiscard]] const SweepPoint *find(const std::string &model, uint32_t workers) const;

    /// How the points group `traces`, for saving them in one file; `firstRun` is the index
    /// of traces[0] among the file's runs.
    [[nodiscard]] SweepLayout layout(uint32_t firstRun = 0) const;
    /// The sweep that `layout` describes over a file's `runs`: the runs it names are copied and
    /// every figure computed again from their wall times.
    [[nodiscard]] static Result<SweepResult> fromLayout(const SweepLayout &layout,
                                                        std::span<const Trace> runs);
    /// The same, moving the runs it names out of `runs` instead of copying them (a file being
    /// opened: the runs of a long sweep are large). The runs it does not name are left as they
    /// are.
    [[nodiscard]] static Result<SweepResult> fromLayout(const SweepLayout &layout,
                                                        std::vector<Trace> &&runs);
};

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
[[nodiscard]] TimeNs medianOf(std::vector<TimeNs> values);

} // namespace corescope
