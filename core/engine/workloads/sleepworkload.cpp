// SPDX-License-Identifier: MIT
#include "engine/workloads/sleepworkload.h"

#include "engine/taskcontext.h"

#include <string>

namespace corescope {
namespace {

class PreparedSleep final : public PreparedWorkload
{
public:
    explicit PreparedSleep(int64_t waitNs) : m_waitNs(waitNs) {}

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        // The time really waited shows in the trace as the I/O span; the result only proves
        // that this task, and no other, came back.
        (void)ctx.wait(m_waitNs, IoKind::Sleep);
        return task;
    }

    bool verify(uint32_t task, uint64_t result) const override { return result == task; }

private:
    int64_t m_waitNs;
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
    return std::unique_ptr<PreparedWorkload>(std::make_unique<PreparedSleep>(ms * 1'000'000));
}

} // namespace corescope
