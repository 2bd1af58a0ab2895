// SPDX-License-Identifier: MIT
#include "engine/workloads/sleepworkload.h"

#include "engine/loop/eventloop.h"
#include "engine/taskcontext.h"

#include <string>
#include <vector>

namespace corescope {
namespace {

// A wait can run late (the thread must be scheduled again) but never early; anything beyond
// this is no longer a sane answer.
constexpr int64_t kLateMs = 60'000;

class PreparedSleep final : public PreparedWorkload
{
public:
    PreparedSleep(std::vector<int64_t> ms, int64_t waits)
        : m_ms(std::move(ms))
        , m_waits(waits)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        // Whole milliseconds really waited: a wait that returned at once (a cancel fd that is
        // readable when it should not be, say) gives a result verify() refuses.
        int64_t waitedNs = 0;
        for (int64_t i = 0; i < m_waits; ++i)
            waitedNs += ctx.wait(msFor(task) * 1'000'000, IoKind::Sleep);
        return uint64_t(waitedNs / 1'000'000);
    }

    /// asyncio.sleep: the same waits, awaited on the loop's timer instead of blocking it.
    LoopTask runOnLoop(EventLoop &loop, uint32_t task) override
    {
        int64_t waitedNs = 0;
        for (int64_t i = 0; i < m_waits; ++i) {
            const int64_t start = monotonicNs();
            co_await loop.sleep(msFor(task) * 1'000'000);
            waitedNs += monotonicNs() - start;
        }
        co_return uint64_t(waitedNs / 1'000'000);
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        const int64_t asked = msFor(task) * m_waits;
        return result >= uint64_t(asked) && result <= uint64_t(asked + kLateMs);
    }

private:
    [[nodiscard]] int64_t msFor(uint32_t task) const { return m_ms[task % m_ms.size()]; }

    std::vector<int64_t> m_ms;
    int64_t m_waits;
};

} // namespace

std::string_view SleepWorkload::summary() const
{
    return "Each task waits in a slow system call (select with a timeout) without using the CPU.";
}

std::vector<ParamSpec> SleepWorkload::params() const
{
    return {
        ParamSpec{.name = "ms",
                  .type = ParamSpec::Type::IntegerList,
                  .defaultValue = std::to_string(kDefaultMs),
                  .minimum = 0,
                  .maximum = double(kMaxMs),
                  .unit = "ms",
                  .description = "How long each wait lasts; a list (e.g. 200,300) gives task i "
                                 "the i-th value, in turn."},
        ParamSpec{.name = "waits",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = "1",
                  .minimum = 1,
                  .maximum = 100,
                  .unit = "waits",
                  .description = "How many waits each task makes, one after another."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
SleepWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    std::vector<int64_t> ms = params.integers("ms");
    const int64_t waits = params.integer("waits");
    for (int64_t value : ms) {
        if (value < 0 || value * waits > kMaxMs)
            return Error{"sleep: parameter 'ms': " + std::to_string(value) + " × "
                         + std::to_string(waits) + " waits is out of range (0 to "
                         + std::to_string(kMaxMs) + " ms per task)"};
    }
    return std::unique_ptr<PreparedWorkload>(std::make_unique<PreparedSleep>(std::move(ms), waits));
}

} // namespace corescope
