// SPDX-License-Identifier: MIT
#include "engine/workloads/mixedworkload.h"

#include "engine/loop/eventloop.h"
#include "engine/taskcontext.h"
#include "engine/workloads/cpuburst.h"

#include <string>

namespace corescope {
namespace {

// Each burst starts from a seed that depends on the task and the round, so every burst's value
// is known in advance (computedValue) whatever the machine or the scheduling.
uint64_t seedFor(uint32_t task, uint64_t round)
{
    uint64_t z = (uint64_t(task) << 32 | round) * 0x9E3779B97F4A7C15;
    return z ^ (z >> 29);
}

// Folded into the result when a wait came back early, which only a broken wait can do.
constexpr uint64_t kShortWait = 0x5A5A5A5A5A5A5A5A;

uint64_t mix(uint64_t checksum, uint64_t value)
{
    return (checksum ^ value) * 0x100000001B3 + 3;
}

class PreparedMixed final : public PreparedWorkload
{
public:
    PreparedMixed(int64_t cpuMs, int64_t ioMs, uint64_t rounds)
        : m_cpuNs(cpuMs * 1'000'000)
        , m_ioNs(ioMs * 1'000'000)
        , m_rounds(rounds)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        uint64_t checksum = 0;
        bool waitsWhole = true;
        for (uint64_t round = 0; round < m_rounds; ++round) {
            checksum = mix(checksum, computeFor(ctx, seedFor(task, round), m_cpuNs));
            if (m_ioNs > 0)
                waitsWhole = ctx.wait(m_ioNs, IoKind::Sleep) >= m_ioNs && waitsWhole;
        }
        return waitsWhole ? checksum : checksum ^ kShortWait;
    }

    /// Each burst computes on the loop (holding it) or, offloaded, on its executor; each wait is
    /// awaited.
    LoopTask runOnLoop(EventLoop &loop, uint32_t task) override
    {
        uint64_t checksum = 0;
        bool waitsWhole = true;
        for (uint64_t round = 0; round < m_rounds; ++round) {
            const auto burst = [this, task, round](TaskContext &ctx) {
                return computeFor(ctx, seedFor(task, round), m_cpuNs);
            };
            uint64_t value = 0;
            if (loop.offloadsComputation()) // (not in one ?: expression: GCC 12 runs both arms)
                value = co_await loop.inExecutor(burst);
            else
                value = burst(loop.context());
            checksum = mix(checksum, value);
            if (m_ioNs > 0) {
                const int64_t start = monotonicNs();
                co_await loop.sleep(m_ioNs);
                waitsWhole = monotonicNs() - start >= m_ioNs && waitsWhole;
            }
        }
        co_return waitsWhole ? checksum : checksum ^ kShortWait;
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        uint64_t expected = 0;
        for (uint64_t round = 0; round < m_rounds; ++round)
            expected = mix(expected, computedValue(seedFor(task, round)));
        return result == expected;
    }

private:
    int64_t m_cpuNs;
    int64_t m_ioNs;
    uint64_t m_rounds;
};

} // namespace

std::string_view MixedWorkload::summary() const
{
    return "Each task alternates short bursts of computation with short waits, round after round.";
}

std::vector<ParamSpec> MixedWorkload::params() const
{
    return {
        ParamSpec{.name = "cpu_ms",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultCpuMs),
                  .minimum = 0,
                  .maximum = double(kMaxPhaseMs),
                  .unit = "ms",
                  .description = "CPU time each burst of computation uses, measured on the task's "
                                 "own thread."},
        ParamSpec{.name = "io_ms",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultIoMs),
                  .minimum = 0,
                  .maximum = double(kMaxPhaseMs),
                  .unit = "ms",
                  .description = "How long each wait after a burst lasts."},
        ParamSpec{.name = "rounds",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultRounds),
                  .minimum = 1,
                  .maximum = double(kMaxRounds),
                  .unit = "rounds",
                  .description = "How many times each task computes and then waits."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
MixedWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    const int64_t cpuMs = params.integer("cpu_ms");
    const int64_t ioMs = params.integer("io_ms");
    const int64_t rounds = params.integer("rounds");
    const auto outOfRange = [](const char *name, int64_t value, int64_t low, int64_t high) {
        return Error{"mixed: parameter '" + std::string(name) + "': " + std::to_string(value)
                     + " is out of range (" + std::to_string(low) + " to " + std::to_string(high)
                     + ")"};
    };
    if (cpuMs < 0 || cpuMs > kMaxPhaseMs)
        return outOfRange("cpu_ms", cpuMs, 0, kMaxPhaseMs);
    if (ioMs < 0 || ioMs > kMaxPhaseMs)
        return outOfRange("io_ms", ioMs, 0, kMaxPhaseMs);
    if (rounds < 1 || rounds > kMaxRounds)
        return outOfRange("rounds", rounds, 1, kMaxRounds);
    return std::unique_ptr<PreparedWorkload>(
        std::make_unique<PreparedMixed>(cpuMs, ioMs, uint64_t(rounds)));
}

} // namespace corescope
