// SPDX-License-Identifier: MIT
#include "engine/workloads/sleepworkload.h"

#include "engine/taskcontext.h"

#include <string>

namespace corescope {
namespace {

// A wait can run late (the thread must be scheduled again) but never early; anything beyond
// this is no longer a sane answer.
constexpr int64_t kLateMs = 60'000;

class PreparedSleep final : public PreparedWorkload
{
public:
    explicit PreparedSleep(int64_t ms)
        : m_ms(ms)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t /*task*/) override
    {
        // Whole milliseconds really waited: a wait that returned at once (a cancel fd that is
        // readable when it should not be, say) gives a result verify() refuses.
        return uint64_t(ctx.wait(m_ms * 1'000'000, IoKind::Sleep) / 1'000'000);
    }

    bool verify(uint32_t /*task*/, uint64_t result) const override
    {
        return result >= uint64_t(m_ms) && result <= uint64_t(m_ms + kLateMs);
    }

private:
    int64_t m_ms;
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
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultMs),
                  .minimum = 0,
                  .maximum = double(kMaxMs),
                  .unit = "ms",
                  .description = "How long each task waits."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
SleepWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    const int64_t ms = params.integer("ms");
    if (ms < 0 || ms > kMaxMs)
        return Error{"sleep: parameter 'ms': " + std::to_string(ms) + " is out of range (0 to "
                     + std::to_string(kMaxMs) + ")"};
    return std::unique_ptr<PreparedWorkload>(std::make_unique<PreparedSleep>(ms));
}

} // namespace corescope
