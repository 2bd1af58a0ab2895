// SPDX-License-Identifier: MIT
// What recording costs: one event against a bare rdtsc on one thread, and the same recording on
// two threads at once (each into its own log) to show it scales without a shared lock. And what
// turning the logs into a Trace costs, which a live view pays at each update.

#include "engine/capture/corebusysampler.h"
#include "engine/clock.h"
#include "engine/eventlog.h"
#include "engine/logdecoder.h"
#include "engine/mappedmemory.h"

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

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

// Decoding a GIL run's logs: an engine log and four threads taking turns with the lock, each
// turn a wait, an acquisition, a slice on a core and a release (the heaviest live traces are
// such runs with a short switch interval). Arg: events in all.
void BM_DecodeLog(benchmark::State &state)
{
    constexpr int kThreads = 4;
    constexpr uint64_t kTurnNs = 1'000;
    const auto events = uint64_t(state.range(0));
    const uint64_t turnsPerThread = events / (4 * kThreads);
    std::vector<MappedMemory> memories;
    std::vector<EventLog> logs;
    for (int t = 0; t <= kThreads; ++t) {
        memories.push_back(MappedMemory::anonymous(EventLog::bytesFor(events)).value());
        logs.push_back(EventLog::format(memories.back().data(), memories.back().size(), 1, t + 1,
                                        t == 0 ? "engine" : "gil-thread"));
    }
    logs[0].append(Event{0, 0, kThreads, 0, EventKind::RunBegin, 0});
    for (uint64_t turn = 0; turn < turnsPerThread * kThreads; ++turn) {
        const int t = 1 + int(turn % kThreads);
        const uint64_t at = turn * kTurnNs;
        const auto core = uint16_t(turn % 2);
        EventLog &log = logs[size_t(t)];
        log.append(Event{at, 0, 0, core, EventKind::GilWait, 0});
        const int previous = t == 1 ? kThreads : t - 1; // thread t has tid t + 1
        log.append(Event{at + 100, uint64_t(previous + 1), 0, core, EventKind::GilAcquire, 0});
        log.append(Event{at + 100, at + kTurnNs, 0, core, EventKind::OnCpu, 0});
        log.append(Event{at + kTurnNs, 0, 0, core, EventKind::GilRelease, 0});
    }
    std::vector<const EventLog *> pointers;
    for (const EventLog &log : logs)
        pointers.push_back(&log);
    const ClockCalibration nanoseconds{0, 0, 1.0, false};
    const uint64_t now = turnsPerThread * kThreads * kTurnNs;
    for (auto _ : state) {
        TraceMetadata metadata;
        metadata.machineCores = 2;
        benchmark::DoNotOptimize(LogDecoder(pointers, nanoseconds, 2).decode(now, metadata));
    }
    state.SetItemsProcessed(state.iterations() * int64_t(events));
}
BENCHMARK(BM_DecodeLog)->Arg(500'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// What sampling the cores' idle accounting costs during a run: the sampling thread's own CPU
// time over two seconds of sampling, as a share of one core.
void BM_BusySampler(benchmark::State &state)
{
    const auto cpus = size_t(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    double share = 0;
    for (auto _ : state) {
        const int64_t start = monotonicNs();
        auto sampler = CoreBusySampler::start(cpus);
        if (!sampler) {
            state.SkipWithError("no cpuidle and no /proc/stat");
            return;
        }
        std::this_thread::sleep_for(std::chrono::seconds(2));
        sampler->stop();
        share = double(sampler->ownCpuNs()) / double(monotonicNs() - start);
    }
    state.counters["core_share"] = share;
}
BENCHMARK(BM_BusySampler)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
