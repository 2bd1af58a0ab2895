// SPDX-License-Identifier: MIT
#include "analysis/baseline.h"

#include "engine/executionmodel.h"

namespace corescope {
namespace {

template <typename Runs>
const Trace *firstBaseline(const Trace &run, const Runs &runs)
{
    for (const auto &candidate : runs) {
        if (candidate && canBeBaselineOf(*candidate, run))
            return &*candidate;
    }
    return nullptr;
}

} // namespace

bool canBeBaselineOf(const Trace &candidate, const Trace &run)
{
    const TraceMetadata &m = candidate.metadata();
    return !m.cancelled && m.workload == run.metadata().workload && isBaselineModel(m.model);
}

const Trace *baselineFor(const Trace &run, std::span<const Trace *const> runs)
{
    return firstBaseline(run, runs);
}

const Trace *baselineFor(const Trace &run, std::span<const std::shared_ptr<const Trace>> runs)
{
    return firstBaseline(run, runs);
}

} // namespace corescope
