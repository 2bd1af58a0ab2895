// SPDX-License-Identifier: MIT
#include "engine/workloads/countworkload.h"

#include "engine/taskcontext.h"

#include <algorithm>
#include <string>

namespace corescope {
namespace {

// A few microseconds of increments between checkpoints.
constexpr uint64_t kStepsPerCheckpoint = 8192;

class PreparedCount final : public PreparedWorkload
{
public:
    explicit PreparedCount(uint64_t count)
        : m_count(count)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t /*task*/) override
    {
        uint64_t counter = 0;
        while (counter < m_count) {
            const uint64_t stop = std::min(m_count, counter + kStepsPerCheckpoint);
            while (counter < stop) {
                ++counter;
                // Makes the counter opaque at every step, so the compiler can neither replace
                // the loop by its final value nor add several steps at once.
                asm volatile("" : "+r"(counter));
            }
            ctx.checkpoint();
        }
        return counter;
    }

    bool verify(uint32_t /*task*/, uint64_t result) const override { return result == m_count; }

private:
    uint64_t m_count;
};

} // namespace

std::string_view CountWorkload::summary() const
{
    return "Counts from zero up to a large number one step at a time, like the course's counting "
           "loop.";
}

std::vector<ParamSpec> CountWorkload::params() const
{
    return {
        ParamSpec{.name = "n",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultCount),
                  .minimum = 1,
                  .maximum = double(kMaxCount),
                  .unit = "steps",
                  .description = "How far each task counts, adding one at a time."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
CountWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    const int64_t count = params.integer("n");
    if (count < 1 || count > kMaxCount)
        return Error{"count: parameter 'n': " + std::to_string(count) + " is out of range (1 to "
                     + std::to_string(kMaxCount) + ")"};
    return std::unique_ptr<PreparedWorkload>(std::make_unique<PreparedCount>(uint64_t(count)));
}

} // namespace corescope
