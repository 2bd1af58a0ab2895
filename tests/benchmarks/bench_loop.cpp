// SPDX-License-Identifier: MIT
// The event loop's await round trip (a task suspends, goes to the back of the ready queue and
// is resumed) against CPython's asyncio doing the same (`await asyncio.sleep(0)`), measured in
// the same run, and the events recording one round trip costs. scripts/bench reports the ratio.
#include "engine/clock.h"
#include "engine/loop/eventloop.h"
#include "engine/runcontrol.h"

#include "../core/testworker.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>

using namespace corescope;

namespace {

constexpr int kRoundTrips = 100'000;

LoopTask yieldRepeatedly(EventLoop &loop, int times)
{
    for (int i = 0; i < times; ++i)
        co_await loop.yield();
    co_return uint64_t(times);
}

void BM_LoopAwaitRoundTrip(benchmark::State &state)
{
    RunControl control;
    uint64_t events = 0;
    int64_t ns = 0;
    for (auto _ : state) {
        // A log with room for every event, so that recording costs what it costs in a run.
        auto worker = std::make_unique<TestWorker>(control, 1, "loop", 2 * kRoundTrips + 16);
        EventLoop loop(worker->context(), -1, nullptr, false);
        loop.spawn(0, yieldRepeatedly(loop, kRoundTrips));
        const int64_t start = monotonicNs();
        loop.run([](uint32_t, uint64_t) {});
        ns = monotonicNs() - start;
        events = worker->log().size();
    }
    state.counters["ns_per_round_trip"] = double(ns) / kRoundTrips;
    // Submit, first resume and finish are once per task; the rest are the round trips'.
    state.counters["events_per_round_trip"] = double(events - 3) / kRoundTrips;
}
BENCHMARK(BM_LoopAwaitRoundTrip)->Unit(benchmark::kMillisecond);

/// CPython's asyncio, timed inside the interpreter so that its start-up does not count.
void BM_CPythonAwaitRoundTrip(benchmark::State &state)
{
    const std::string script = "import asyncio, time\n"
                               "async def main(n):\n"
                               "    t = time.perf_counter_ns()\n"
                               "    for _ in range(n):\n"
                               "        await asyncio.sleep(0)\n"
                               "    return time.perf_counter_ns() - t\n"
                               "print(asyncio.run(main("
                               + std::to_string(kRoundTrips) + ")))\n";
    double ns = 0;
    for (auto _ : state) {
        const std::string command = "python3 -c '" + script + "'";
        FILE *python = ::popen(command.c_str(), "r");
        long long elapsed = 0;
        if (!python || std::fscanf(python, "%lld", &elapsed) != 1) {
            if (python)
                ::pclose(python);
            state.SkipWithError("python3 did not run the asyncio loop");
            return;
        }
        ::pclose(python);
        ns = double(elapsed) / kRoundTrips;
        state.SetIterationTime(double(elapsed) / 1e9);
    }
    state.counters["ns_per_round_trip"] = ns;
}
BENCHMARK(BM_CPythonAwaitRoundTrip)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

BENCHMARK_MAIN();
