// SPDX-License-Identifier: MIT
#include "trace/synthetictrace.h"

#include "trace/tracebuilder.h"
#include "version.h"

#include <algorithm>
#include <string>
#include <vector>

namespace corescope {
namespace {

/// splitmix64: tiny, and the same numbers on every platform (std:: distributions are not).
class Random
{
public:
    explicit Random(uint64_t seed)
        : m_state(seed)
    {
    }
    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [low, high).
    int64_t between(int64_t low, int64_t high)
    {
        return low + int64_t(next() % uint64_t(high - low));
    }
    bool chance(unsigned percent) { return next() % 100 < percent; }

private:
    uint64_t m_state;
};

} // namespace

Trace SyntheticTrace::make(const Options &options)
{
    const uint32_t threadCount = std::max<uint32_t>(1, options.threads);
    const uint16_t coreCount = std::max<uint16_t>(1, options.cores);
    Random random(options.seed);
    TraceBuilder builder(coreCount);
    TraceMetadata &m = builder.metadata();
    m.title = "synthetic · gil · " + std::to_string(threadCount) + " workers";
    m.workload = "synthetic";
    m.model = "gil";
    m.workers = threadCount;
    m.params = {{"switch_interval_ms", "5"}, {"seed", std::to_string(options.seed)}};
    m.captureMethod = "cpuclock";
    m.capturePrecisionNs = 50'000;
    m.clock = "monotonic";
    m.machineCores = coreCount;
    m.cpuModel = "Synthetic CPU @ 3.00GHz";
    m.kernel = "6.1.0-synthetic";
    m.appVersion = kVersion;
    m.startedUnixMs = 1'700'000'000'000;
    m.resultsOk = true;

    for (uint32_t t = 0; t < threadCount; ++t) {
        ThreadInfo info;
        info.pid = 4000;
        info.tid = int32_t(4001 + t);
        info.name = "worker-" + std::to_string(t + 1);
        info.role = ThreadRole::Worker;
        builder.addThread(std::move(info));
    }

    struct Worker
    {
        TimeNs ready = 0;
        int lastCore = -1;
        TimeNs taskBegin = 0;
        uint32_t task = 0;
        int burstsLeft = 0;
    };
    std::vector<Worker> workers(threadCount);
    std::vector<TimeNs> coreFree(coreCount, 0);
    uint32_t nextTask = 0;
    uint32_t lastGilHolder = 0;
    static constexpr ThreadState kWaits[] = {ThreadState::GilWait, ThreadState::GilWait,
                                             ThreadState::LockWait, ThreadState::Io,
                                             ThreadState::Sleeping};
    uint64_t events = 0;
    TimeNs end = 0;
    while (events < options.events) {
        // The thread that has waited longest runs next, on the core that frees up first.
        const auto w = size_t(
            std::min_element(workers.begin(), workers.end(),
                             [](const Worker &a, const Worker &b) { return a.ready < b.ready; })
            - workers.begin());
        Worker &worker = workers[w];
        const auto core =
            uint16_t(std::min_element(coreFree.begin(), coreFree.end()) - coreFree.begin());
        const TimeNs start = std::max(worker.ready, coreFree[core]);
        const TimeNs burst = random.between(20'000, 3'000'000);
        const TimeNs stop = start + burst;
        if (worker.burstsLeft == 0) {
            worker.taskBegin = start;
            worker.task = nextTask++;
            worker.burstsLeft = int(random.between(1, 6));
        }
        if (start > worker.ready) {
            builder.addState(uint32_t(w), worker.ready, start, ThreadState::Runnable);
            ++events;
        }
        builder.addState(uint32_t(w), start, stop, ThreadState::Running, core);
        builder.addSlice(core, start, stop, uint32_t(w));
        builder.addSpan(uint32_t(w), start, stop, SpanKind::GilHold);
        events += 3;
        if (worker.lastCore >= 0 && worker.lastCore != core) {
            builder.addMarker({start, MarkerKind::Migration, uint32_t(w), uint32_t(w), core,
                               uint16_t(worker.lastCore)});
            ++events;
        }
        if (lastGilHolder != w && random.chance(60)) {
            builder.addMarker(
                {start, MarkerKind::GilHandoff, uint32_t(w), lastGilHolder, core, core});
            ++events;
        }
        lastGilHolder = uint32_t(w);
        if (--worker.burstsLeft == 0) {
            builder.addSpan(uint32_t(w), worker.taskBegin, stop, SpanKind::Task, worker.task,
                            random.next() % 1'000'000);
            ++events;
        }
        const ThreadState wait = kWaits[random.next() % std::size(kWaits)];
        const TimeNs waited = random.between(5'000, 2'000'000);
        builder.addState(uint32_t(w), stop, stop + waited, wait);
        ++events;
        worker.ready = stop + waited;
        worker.lastCore = core;
        coreFree[core] = stop;
        end = std::max(end, worker.ready);
    }
    for (uint32_t t = 0; t < threadCount; ++t) {
        builder.thread(t).end = workers[t].ready;
        builder.thread(t).kernelCpuNs = int64_t(random.next() % 1'000'000'000);
    }
    m.wallNs = end;
    m.tasks = nextTask;
    m.tasksDone = nextTask;
    return builder.build();
}

} // namespace corescope
