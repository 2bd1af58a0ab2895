// SPDX-License-Identifier: MIT
#include "engine/workloads/primesworkload.h"

#include "engine/taskcontext.h"

#include <algorithm>
#include <mutex>
#include <string>

namespace corescope {
namespace {

// Trial divisors tried between checkpoints (counted as the sum of the last divisor reached,
// about twice the number of divisions): a few microseconds.
constexpr uint64_t kWorkPerCheckpoint = 8192;

class PreparedPrimes final : public PreparedWorkload
{
public:
    PreparedPrimes(uint32_t limit, uint32_t tasks)
        : m_limit(limit)
        , m_tasks(std::max<uint32_t>(1, tasks))
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        const auto [first, end] = range(task);
        uint64_t primes = 0;
        uint64_t sinceCheckpoint = 0;
        for (uint32_t n = first; n < end; ++n) {
            bool prime = n == 2 || (n > 2 && n % 2 != 0);
            uint32_t d = 3;
            if (n > 2) {
                for (; d * d <= n; d += 2) {
                    if (n % d == 0) {
                        prime = false;
                        break;
                    }
                }
            }
            primes += prime ? 1 : 0;
            sinceCheckpoint += d;
            if (sinceCheckpoint >= kWorkPerCheckpoint) {
                sinceCheckpoint = 0;
                ctx.checkpoint();
            }
        }
        return primes;
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        // A sieve of Eratosthenes, run once on first use and kept as per-task counts only.
        std::call_once(m_sieved, [this] { sieve(); });
        return task < m_counts.size() && result == m_counts[task];
    }

private:
    // Task t counts [2 + t·m/T, 2 + (t+1)·m/T) with m = limit − 2. Later ranges hold fewer but
    // dearer primes, so tasks of equal length do unequal work, as real splits often do.
    [[nodiscard]] std::pair<uint32_t, uint32_t> range(uint32_t task) const
    {
        const uint64_t span = m_limit > 2 ? m_limit - 2 : 0;
        const uint64_t t = std::min<uint64_t>(task, m_tasks);
        return {uint32_t(2 + t * span / m_tasks),
                uint32_t(2 + std::min<uint64_t>(t + 1, m_tasks) * span / m_tasks)};
    }

    void sieve() const
    {
        std::vector<bool> composite(m_limit, false);
        for (uint64_t p = 2; p * p < m_limit; ++p) {
            if (composite[p])
                continue;
            for (uint64_t multiple = p * p; multiple < m_limit; multiple += p)
                composite[multiple] = true;
        }
        m_counts.assign(m_tasks, 0);
        for (uint32_t task = 0; task < m_tasks; ++task) {
            const auto [first, end] = range(task);
            for (uint32_t n = first; n < end; ++n)
                m_counts[task] += composite[n] ? 0 : 1;
        }
    }

    uint32_t m_limit;
    uint32_t m_tasks;
    mutable std::once_flag m_sieved;
    mutable std::vector<uint64_t> m_counts;
};

} // namespace

std::string_view PrimesWorkload::summary() const
{
    return "Counts the prime numbers below a limit by trial division, each task taking an equal "
           "slice of the range.";
}

std::vector<ParamSpec> PrimesWorkload::params() const
{
    return {
        ParamSpec{.name = "limit",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultLimit),
                  .minimum = 3,
                  .maximum = double(kMaxLimit),
                  .unit = "",
                  .description = "Primes are counted from 2 up to (but not including) this "
                                 "number."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
PrimesWorkload::prepare(const ParamSet &params, uint32_t tasks, bool /*inChild*/) const
{
    const int64_t limit = params.integer("limit");
    if (limit < 3 || limit > kMaxLimit)
        return Error{"primes: parameter 'limit': " + std::to_string(limit)
                     + " is out of range (3 to " + std::to_string(kMaxLimit) + ")"};
    return std::unique_ptr<PreparedWorkload>(
        std::make_unique<PreparedPrimes>(uint32_t(limit), tasks));
}

} // namespace corescope
