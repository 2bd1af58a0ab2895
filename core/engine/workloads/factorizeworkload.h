// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The course's first example: list every divisor of each number by trying all of 1..n.
class FactorizeWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "factorize";
    static constexpr std::string_view kDefaultNumbers = "2139079,1214759,1516637,1852285,2139079";
    static constexpr int64_t kDefaultRepeat = 70;
    static constexpr int64_t kMaxNumber = 1'000'000'000;
    /// Trial divisions one task may do (numbers × repeat), so that no task runs for hours.
    static constexpr int64_t kMaxDivisionsPerTask = 100'000'000'000;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::CpuBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &params) const override;
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
