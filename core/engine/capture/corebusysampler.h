// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace corescope {

class TraceBuilder;

/// Samples how long each CPU was idle, from the kernel's own idle accounting, on a thread of its
/// own and without privileges: each CPU's cpuidle residency (microseconds in every idle state)
/// where the kernel has cpuidle, else /proc/stat's idle and iowait jiffies. What a CPU did not
/// spend idle, and a run's threads did not spend on it, went to other programs or the kernel.
class CoreBusySampler
{
public:
    /// 25 ms: a wake-up costs a 2-core VM 60 to 110 µs of CPU (most of it the wake-up itself,
    /// the rest a sysfs read per idle state), so sampling stays below 0.5 % of one core
    /// (docs/performance.md); where a thread of the run waits for a core, the run's own records
    /// tell other programs' time more finely.
    static constexpr int64_t kIntervalNs = 25'000'000;

    enum class Source : uint8_t {
        CpuIdle,
        ProcStat
    };

    /// Takes a first sample and starts sampling `cpus` CPUs; null where the kernel offers
    /// neither source.
    [[nodiscard]] static std::unique_ptr<CoreBusySampler> start(size_t cpus,
                                                                int64_t intervalNs = kIntervalNs);
    ~CoreBusySampler();
    CoreBusySampler(const CoreBusySampler &) = delete;
    CoreBusySampler &operator=(const CoreBusySampler &) = delete;

    /// Takes a last sample and stops the thread; what was sampled stays readable.
    void stop();

    [[nodiscard]] Source source() const { return m_source; }
    /// "cpuidle" or "procstat", as TraceMetadata::busySampling names it.
    [[nodiscard]] std::string_view sourceName() const;
    [[nodiscard]] int64_t intervalNs() const { return m_intervalNs; }
    /// The CPU time the sampling thread has used so far: what sampling costs.
    [[nodiscard]] int64_t ownCpuNs() const;

    /// Adds each CPU's busy time per interval to `builder`, on the time axis whose zero is
    /// CLOCK_MONOTONIC `originNs` (intervals before it are cut there), from the interval that
    /// ends at sample `from` on; returns where the next call goes on from. Safe while sampling
    /// goes on.
    size_t addTo(TraceBuilder &builder, int64_t originNs, size_t from = 0) const;

private:
    struct Sample
    {
        int64_t monotonicNs;
        std::vector<int64_t> idleNs; ///< per CPU, as the kernel counts it since boot
    };

    CoreBusySampler(Source source, std::vector<std::vector<int>> files, int64_t intervalNs);
    [[nodiscard]] bool read(Sample &sample) const;
    void run();

    Source m_source;
    /// cpuidle: per CPU, its states' residency files; /proc/stat: one file for all.
    std::vector<std::vector<int>> m_files;
    size_t m_cpus;
    int64_t m_intervalNs;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::vector<Sample> m_samples;
    int64_t m_stoppedCpuNs = 0; ///< the thread's CPU time when it ended
    std::thread m_thread;
};

} // namespace corescope
