// SPDX-License-Identifier: MIT
#include "engine/workloads/factorizeworkload.h"

#include "engine/taskcontext.h"

#include <algorithm>
#include <string>

namespace corescope {
namespace {

// About 2–5 µs of divisions between checkpoints on a current core.
constexpr uint32_t kDivisionsPerCheckpoint = 2048;

// One number's answer: the sum of its divisors and how many there are, folded into one word.
uint64_t divisorValue(uint64_t sum, uint64_t count)
{
    return sum * 65536 + count;
}

class PreparedFactorize final : public PreparedWorkload
{
public:
    PreparedFactorize(std::vector<uint32_t> numbers, int64_t repeat)
        : m_numbers(std::move(numbers))
        , m_repeat(repeat)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        uint64_t total = 0;
        for (int64_t round = 0; round < m_repeat; ++round) {
            uint32_t number = numberFor(task);
            // Hides from the optimiser that every round divides the same number, so that each
            // round really repeats the work instead of reusing the first round's answer.
            asm volatile("" : "+r"(number));
            uint64_t sum = 0;
            uint64_t count = 0;
            for (uint32_t first = 1; first <= number; first += kDivisionsPerCheckpoint) {
                const uint32_t last = std::min(number, first + (kDivisionsPerCheckpoint - 1));
                for (uint32_t i = first; i <= last; ++i) {
                    if (number % i == 0) {
                        sum += i;
                        ++count;
                    }
                }
                ctx.checkpoint();
            }
            total += divisorValue(sum, count);
        }
        return total;
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        // Divisors come in pairs (d, n/d) with d ≤ √n: a different walk to the same answer.
        const uint64_t number = numberFor(task);
        uint64_t sum = 0;
        uint64_t count = 0;
        for (uint64_t d = 1; d * d <= number; ++d) {
            if (number % d != 0)
                continue;
            const uint64_t pair = number / d;
            sum += d;
            ++count;
            if (pair != d) {
                sum += pair;
                ++count;
            }
        }
        return result == uint64_t(m_repeat) * divisorValue(sum, count);
    }

private:
    [[nodiscard]] uint32_t numberFor(uint32_t task) const
    {
        return m_numbers[task % m_numbers.size()];
    }

    std::vector<uint32_t> m_numbers;
    int64_t m_repeat;
};

} // namespace

std::string_view FactorizeWorkload::summary() const
{
    return "Finds every divisor of each number by trying all whole numbers up to it, one task "
           "per number.";
}

std::vector<ParamSpec> FactorizeWorkload::params() const
{
    return {
        ParamSpec{.name = "numbers",
                  .type = ParamSpec::Type::IntegerList,
                  .defaultValue = std::string(kDefaultNumbers),
                  .minimum = 1,
                  .maximum = double(kMaxNumber),
                  .unit = "",
                  .description = "The numbers to factorize, separated by commas; each task takes "
                                 "the next one."},
        ParamSpec{.name = "repeat",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultRepeat),
                  .minimum = 1,
                  .maximum = 10'000,
                  .unit = "times",
                  .description = "How many times each task factorizes its number, so that the "
                                 "work lasts long enough to watch."},
    };
}

uint32_t FactorizeWorkload::defaultTasks(const ParamSet &params) const
{
    return uint32_t(std::max<size_t>(1, params.integers("numbers").size()));
}

Result<std::unique_ptr<PreparedWorkload>>
FactorizeWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    const auto given = params.integers("numbers");
    const int64_t repeat = params.integer("repeat");
    if (given.empty())
        return Error{"factorize: parameter 'numbers' names no number"};
    if (repeat < 1)
        return Error{"factorize: parameter 'repeat' must be at least 1"};
    std::vector<uint32_t> numbers;
    numbers.reserve(given.size());
    for (const int64_t number : given) {
        if (number < 1 || number > kMaxNumber)
            return Error{"factorize: parameter 'numbers': " + std::to_string(number)
                         + " is out of range (1 to " + std::to_string(kMaxNumber) + ")"};
        // Each task tries every i in 1..n, repeat times: refuse what would take hours.
        if (number * repeat > kMaxDivisionsPerTask)
            return Error{"factorize: " + std::to_string(number) + " repeated "
                         + std::to_string(repeat) + " times is too much work for one task "
                         + "(numbers × repeat must stay under "
                         + std::to_string(kMaxDivisionsPerTask) + ")"};
        numbers.push_back(uint32_t(number));
    }
    return std::unique_ptr<PreparedWorkload>(
        std::make_unique<PreparedFactorize>(std::move(numbers), repeat));
}

} // namespace corescope
