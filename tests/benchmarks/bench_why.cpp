// SPDX-License-Identifier: MIT
// What replay's questions cost on a large trace: one "why" query over 16 lanes at a random
// instant, one step to the next change on any lane, and building the TraceIndex they use, on
// synthetic runs of 100k and 10M events (the ratio shows the queries follow log n, not n).

#include "analysis/replaysteps.h"
#include "analysis/whyquery.h"
#include "trace/synthetictrace.h"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>

namespace {

using namespace corescope;

const Trace &trace(uint64_t events)
{
    static std::map<uint64_t, std::unique_ptr<Trace>> traces;
    auto &t = traces[events];
    if (!t)
        t = std::make_unique<Trace>(
            SyntheticTrace::make({.threads = 16, .cores = 2, .events = events, .seed = 3}));
    return *t;
}

const TraceIndex &indexOf(uint64_t events)
{
    static std::map<uint64_t, std::unique_ptr<TraceIndex>> indexes;
    auto &i = indexes[events];
    if (!i)
        i = std::make_unique<TraceIndex>(trace(events));
    return *i;
}

void BM_WhyAt(benchmark::State &state)
{
    const TraceIndex &index = indexOf(uint64_t(state.range(0)));
    const WhyQuery why(index);
    std::mt19937_64 random(11);
    const TimeNs span = index.trace().span();
    for (auto _ : state) {
        const TimeNs at = index.trace().earliest() + TimeNs(random() % uint64_t(span));
        benchmark::DoNotOptimize(why.at(at));
    }
    state.counters["lanes"] = double(index.trace().threads().size());
    state.counters["events"] = double(index.trace().eventCount());
}
BENCHMARK(BM_WhyAt)->Arg(100'000)->Arg(10'000'000)->Unit(benchmark::kMicrosecond);

void BM_StepNext(benchmark::State &state)
{
    const TraceIndex &index = indexOf(uint64_t(state.range(0)));
    const ReplaySteps steps(index);
    std::mt19937_64 random(13);
    const TimeNs span = index.trace().span();
    for (auto _ : state) {
        const TimeNs at = index.trace().earliest() + TimeNs(random() % uint64_t(span));
        benchmark::DoNotOptimize(steps.next(at));
    }
}
BENCHMARK(BM_StepNext)->Arg(100'000)->Arg(10'000'000)->Unit(benchmark::kMicrosecond);

void BM_BuildTraceIndex(benchmark::State &state)
{
    const Trace &t = trace(uint64_t(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(TraceIndex(t));
}
BENCHMARK(BM_BuildTraceIndex)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

BENCHMARK_MAIN();
