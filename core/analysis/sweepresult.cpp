// SPDX-License-Identifier: MIT
#include "analysis/sweepresult.h"

#include "trace/coreoccupancy.h"

#include "engine/executionmodel.h"

#include <algorithm>

namespace corescope {

TimeNs medianOf(std::vector<TimeNs> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

const SweepPoint *SweepResult::find(const std::string &model, uint32_t workers) const
{
    for (const auto &point : points) {
        if (point.model == model && point.workers == workers)
            return &point;
    }
    return nullptr;
}

bool SweepPoint::disturbed() const
{
    return othersShare > CoreOccupancy::kProblemShare;
}

void SweepResult::computeFigures()
{
    for (auto &point : points) {
        point.othersShare = 0;
        for (const size_t t : point.traces) {
            if (t >= traces.size())
                continue;
            const CoreOccupancy occupancy = CoreOccupancy::of(traces[t]);
            for (const CoreOccupancy::Core &core : occupancy.cores()) {
                if (occupancy.wall() > 0)
                    point.othersShare = std::max(point.othersShare,
                                                 double(core.others()) / double(occupancy.wall()));
            }
        }
        point.median = medianOf(point.walls);
        const auto [fastest, slowest] = std::minmax_element(point.walls.begin(), point.walls.end());
        point.fastest = fastest != point.walls.end() ? *fastest : 0;
        point.slowest = slowest != point.walls.end() ? *slowest : 0;
    }
    const SweepPoint *serial = nullptr;
    for (const auto &point : points) {
        if (isBaselineModel(point.model) && (!serial || point.workers < serial->workers))
            serial = &point;
    }
    serialMedian = serial ? serial->median : 0;

    std::map<std::string, std::vector<SpeedupSample>> samples;
    for (auto &point : points) {
        TimeNs baseline = serialMedian;
        if (baseline == 0) {
            const SweepPoint *one = find(point.model, 1);
            baseline = one ? one->median : 0;
        }
        point.speedup =
            point.median > 0 && baseline > 0 ? double(baseline) / double(point.median) : 0;
        point.efficiency = point.speedup / double(point.workers);
        point.karpFlatt = corescope::karpFlatt(point.speedup, double(point.workers));
        if (point.speedup > 0)
            samples[point.model].push_back({double(point.workers), point.speedup});
    }
    // A curve through one point says nothing: fit only models measured at several counts.
    fits.clear();
    tracedSerial.clear();
    for (const auto &[model, modelSamples] : samples) {
        if (modelSamples.size() >= 2)
            fits[model] = AmdahlFit::fit(modelSamples, parallelismLimit);
    }
    for (const SweepPoint &point : points) {
        if (!fits.contains(point.model) || point.workers < 2)
            continue;
        SerialShare &sum = tracedSerial[point.model];
        for (const size_t trace : point.traces) {
            if (trace >= traces.size())
                continue;
            const SerialShare share = SerialShare::of(traces[trace]);
            sum.cpu += share.cpu;
            sum.serial += share.serial;
        }
    }
}

SweepLayout SweepResult::layout(uint32_t firstRun) const
{
    SweepLayout layout;
    layout.workload = workload;
    layout.parallelismLimit = uint32_t(parallelismLimit);
    layout.cancelled = cancelled;
    for (const SweepPoint &point : points) {
        SweepLayout::Point &saved = layout.points.emplace_back();
        saved.model = point.model;
        saved.workers = point.workers;
        for (size_t trace : point.traces)
            saved.runs.push_back(firstRun + uint32_t(trace));
    }
    return layout;
}

namespace {

/// fromLayout() over `runCount` runs, each taken (copied or moved) once by `take`.
template <typename Take>
Result<SweepResult> sweepFromLayout(const SweepLayout &layout, size_t runCount, Take take)
{
    if (auto fits = layout.check(runCount); !fits)
        return Error{fits.error()};
    SweepResult sweep;
    sweep.workload = layout.workload;
    sweep.parallelismLimit = layout.parallelismLimit;
    sweep.cancelled = layout.cancelled;
    std::map<uint32_t, size_t> copied; // file run → index in sweep.traces
    for (const SweepLayout::Point &saved : layout.points) {
        SweepPoint &point = sweep.points.emplace_back();
        point.model = saved.model;
        point.workers = saved.workers;
        for (uint32_t run : saved.runs) {
            const auto [at, isNew] = copied.try_emplace(run, sweep.traces.size());
            if (isNew)
                sweep.traces.push_back(take(run));
            point.traces.push_back(at->second);
            point.walls.push_back(sweep.traces[at->second].duration());
        }
    }
    sweep.computeFigures();
    return sweep;
}

} // namespace

Result<SweepResult> SweepResult::fromLayout(const SweepLayout &layout, std::span<const Trace> runs)
{
    return sweepFromLayout(layout, runs.size(), [&](uint32_t run) { return runs[run]; });
}

Result<SweepResult> SweepResult::fromLayout(const SweepLayout &layout, std::vector<Trace> &&runs)
{
    return sweepFromLayout(layout, runs.size(), [&](uint32_t run) { return std::move(runs[run]); });
}

} // namespace corescope
