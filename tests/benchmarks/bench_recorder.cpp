// SPDX-License-Identifier: MIT
// What recording costs: one event against a bare rdtsc on one thread, and the same recording on
// two threads at once (each into its own log) to show it scales without a shared lock.

#include "engine/clock.h"
#include "engine/eventlog.h"
#include "engine/mappedmemory.h"

#include <benchmark/benchmark.h>

#include <unistd.h>

namespace {

using namespace corescope;

constexpr uint64_t kBatch = 1u << 16;

void BM_BareRdtsc(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(__rdtsc());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareRdtsc);

void BM_ClockGettimeMonotonic(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(monotonicNs());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClockGettimeMonotonic);

// One event stamped with the clock and the current core, appended to the thread's own log. The
// log is formatted afresh every kBatch events, so that the measured path never hits "full".
void BM_RecordEvent(benchmark::State &state)
{
    (void)Clock::calibration();
    auto memory = MappedMemory::anonymous(EventLog::bytesFor(kBatch)).value();
    EventLog log = EventLog::format(memory.data(), memory.size(), getpid(), 0, "bench");
    uint64_t n = 0;
    for (auto _ : state) {
        log.record(EventKind::TaskBegin, n, uint32_t(n));
        if (++n == kBatch) [[unlikely]] {
            log = EventLog::format(memory.data(), memory.size(), getpid(), 0, "bench");
            n = 0;
        }
    }
    benchmark::DoNotOptimize(log.size());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordEvent)->Threads(1)->Threads(2)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
