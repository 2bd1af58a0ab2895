// SPDX-License-Identifier: MIT
#include "engine/sweeprunner.h"

#include "engine/engine.h"
#include "engine/executionmodel.h"
#include "engine/workload.h"

#include <algorithm>
#include <thread>

namespace corescope {

std::vector<int> SweepSpec::defaultWorkerCounts(unsigned cores)
{
    const int limit = std::min(kMaxWorkerCount, int(2 * std::max(1u, cores)));
    std::vector<int> counts;
    for (int n = 1; n <= limit; n *= 2)
        counts.push_back(n);
    if (counts.back() != limit)
        counts.push_back(limit);
    return counts;
}

SweepRunner::SweepRunner(Engine &engine)
    : m_engine(engine)
{
}

void SweepRunner::cancel()
{
    m_cancelled = true;
    m_engine.cancel();
}

Result<std::vector<ValidatedRunSpec>> SweepRunner::plan(const SweepSpec &spec)
{
    if (spec.repeats < 1 || spec.repeats > SweepSpec::kMaxRepeats)
        return Error{"repeats: " + std::to_string(spec.repeats) + " is out of range (1 to "
                     + std::to_string(SweepSpec::kMaxRepeats) + ")"};
    if (spec.models.empty())
        return Error{"models: the list is empty"};
    std::vector<int> counts =
        spec.workerCounts.empty()
            ? SweepSpec::defaultWorkerCounts(std::thread::hardware_concurrency())
            : spec.workerCounts;
    for (int n : counts) {
        if (n < 1 || n > SweepSpec::kMaxWorkerCount)
            return Error{"workers: " + std::to_string(n) + " is out of range (1 to "
                         + std::to_string(SweepSpec::kMaxWorkerCount) + ")"};
    }
    std::sort(counts.begin(), counts.end());
    counts.erase(std::unique(counts.begin(), counts.end()), counts.end());

    std::vector<ValidatedRunSpec> points;
    for (const auto &model : spec.models) {
        // The baseline (serial) has one worker by definition: it is measured once.
        const std::vector<int> modelCounts = isBaselineModel(model) ? std::vector<int>{1} : counts;
        for (int workers : modelCounts) {
            RunSpec run = spec.base;
            run.model = model;
            run.workers = workers;
            auto validated = validateRunSpec(run);
            if (!validated)
                return Error{"sweep point " + model + " × " + std::to_string(workers) + ": "
                             + validated.error()};
            points.push_back(std::move(validated).value());
        }
    }
    return points;
}

Result<SweepResult> SweepRunner::run(const SweepSpec &spec, const Progress &progress)
{
    auto planned = plan(spec);
    if (!planned)
        return Error{planned.error()};
    SweepResult result;
    result.workload = spec.base.workload;
    const size_t total = planned.value().size() * size_t(spec.repeats);
    size_t done = 0;
    for (const ValidatedRunSpec &point : planned.value()) {
        SweepPoint measured;
        measured.model = point.spec.model;
        measured.workers = point.workers;
        for (int repeat = 0; repeat < spec.repeats && !result.cancelled; ++repeat) {
            // A cancel between two runs reaches no engine run: stop here instead.
            if (m_cancelled) {
                result.cancelled = true;
                break;
            }
            if (progress)
                progress(done, total, measured.model + " × " + std::to_string(measured.workers));
            auto trace = m_engine.run(point);
            if (!trace)
                return Error{"sweep point " + measured.model + " × "
                             + std::to_string(measured.workers) + ": " + trace.error()};
            result.cancelled = trace.value().metadata().cancelled || m_cancelled;
            if (!result.cancelled) {
                measured.walls.push_back(trace.value().duration());
                measured.traces.push_back(result.traces.size());
            }
            result.traces.push_back(std::move(trace).value());
            ++done;
        }
        if (!measured.walls.empty())
            result.points.push_back(std::move(measured));
        if (result.cancelled)
            break;
    }
    if (progress)
        progress(done, total, result.cancelled ? "cancelled" : "done");
    // Computation is limited by the cores; waits overlap however many there are.
    if (const Workload *workload = WorkloadRegistry::instance().find(spec.base.workload);
        workload && workload->kind() == WorkloadKind::CpuBound)
        result.parallelismLimit = std::max(1u, std::thread::hardware_concurrency());
    result.computeFigures();
    return result;
}

} // namespace corescope
