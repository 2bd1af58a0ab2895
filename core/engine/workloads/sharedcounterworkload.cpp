// SPDX-License-Identifier: MIT
#include "engine/workloads/sharedcounterworkload.h"

#include "engine/recordedlock.h"
#include "engine/taskcontext.h"

#include <algorithm>
#include <atomic>
#include <string>

namespace corescope {
namespace {

// A few microseconds of increments between checkpoints.
constexpr uint64_t kStepsPerCheckpoint = 4096;
constexpr uint32_t kCounterLock = 1;

class PreparedSharedCounter final : public PreparedWorkload
{
public:
    PreparedSharedCounter(uint64_t increments, bool locked, uint64_t batch)
        : m_increments(increments)
        , m_locked(locked)
        , m_batch(batch)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t /*task*/) override
    {
        const uint64_t step = m_locked ? m_batch : kStepsPerCheckpoint;
        for (uint64_t done = 0; done < m_increments;) {
            const uint64_t chunk = std::min(step, m_increments - done);
            if (m_locked) {
                RecordedLockGuard guard(m_lock, ctx);
                add(chunk);
            } else {
                add(chunk);
            }
            done += chunk;
            ctx.checkpoint();
        }
        return m_increments;
    }

    bool verify(uint32_t /*task*/, uint64_t result) const override
    {
        return result == m_increments;
    }

    std::optional<std::string> sharedStateProblem(uint32_t tasksDone) const override
    {
        const uint64_t expected = uint64_t(tasksDone) * m_increments;
        const uint64_t reached = m_counter.load();
        if (reached == expected)
            return std::nullopt;
        return "the shared counter reached " + std::to_string(reached) + " instead of "
               + std::to_string(expected) + ": "
               + std::to_string(expected > reached ? expected - reached : reached - expected)
               + " increments were lost"
               + (m_locked ? "" : " (no lock: two threads read it at once and both wrote back)");
    }

private:
    void add(uint64_t times)
    {
        for (uint64_t i = 0; i < times; ++i) {
            // A read and then a write, not one atomic step: what another thread adds between
            // the two is overwritten. Atomic loads and stores keep that a lost update, never
            // undefined behaviour.
            m_counter.store(m_counter.load(std::memory_order_relaxed) + 1,
                            std::memory_order_relaxed);
        }
    }

    uint64_t m_increments;
    bool m_locked;
    uint64_t m_batch;
    // On a cache line of its own: threads waiting on the lock must not slow down the holder.
    alignas(64) std::atomic<uint64_t> m_counter{0};
    RecordedLock m_lock{kCounterLock};
};

} // namespace

std::string_view SharedCounterWorkload::summary() const
{
    return "Every task adds one to the same counter, again and again, with or without a lock "
           "around the additions.";
}

std::vector<ParamSpec> SharedCounterWorkload::params() const
{
    return {
        ParamSpec{.name = "n",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultIncrements),
                  .minimum = 1,
                  .maximum = double(kMaxIncrements),
                  .unit = "increments",
                  .description = "How many times each task adds one to the shared counter."},
        ParamSpec{.name = "lock",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = "1",
                  .minimum = 0,
                  .maximum = 1,
                  .unit = "",
                  .description = "1: a task holds the counter's lock while it adds; 0: no lock, "
                                 "and increments get lost when threads add at the same time."},
        ParamSpec{.name = "batch",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultBatch),
                  .minimum = 1,
                  .maximum = 1'000'000,
                  .unit = "increments",
                  .description = "Increments made each time a task holds the lock: fewer means "
                                 "more hand-offs (and more events)."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
SharedCounterWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    return std::unique_ptr<PreparedWorkload>(std::make_unique<PreparedSharedCounter>(
        uint64_t(params.integer("n")), params.integer("lock") != 0,
        uint64_t(params.integer("batch"))));
}

} // namespace corescope
