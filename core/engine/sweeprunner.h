// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/sweepresult.h"
#include "engine/runspec.h"
#include "result.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace corescope {

class Engine;

/// What to sweep: one workload (its parameters, tasks and capture in `base`), several models,
/// several worker counts, each point repeated.
struct SweepSpec
{
    static constexpr int kMaxRepeats = 50;
    static constexpr int kMaxWorkerCount = 64;

    RunSpec base; ///< model and workers are set per point
    std::vector<std::string> models{"serial", "threads", "gil", "processes"};
    std::vector<int> workerCounts; ///< empty: 1, 2, 4, 8… up to twice the cores (at most 64)
    int repeats = 3;

    /// The default worker counts on a machine with `cores` cores.
    [[nodiscard]] static std::vector<int> defaultWorkerCounts(unsigned cores);
};

/// Runs a sweep point by point with one Engine (so cancel() stops it), serial first as the
/// baseline (at one worker only), keeping every trace.
class SweepRunner
{
public:
    using Progress = std::function<void(size_t done, size_t total, const std::string &what)>;

    explicit SweepRunner(Engine &engine);

    /// Checks every point's spec before anything runs; the message names the point and field.
    [[nodiscard]] static Result<std::vector<ValidatedRunSpec>> plan(const SweepSpec &spec);
    /// Runs the plan; a cancelled sweep returns what it measured so far, marked cancelled.
    [[nodiscard]] Result<SweepResult> run(const SweepSpec &spec, const Progress &progress = {});
    /// Stops the sweep from any thread: the run in progress and every run not yet started.
    void cancel();

private:
    Engine &m_engine;
    std::atomic<bool> m_cancelled{false};
};

} // namespace corescope
