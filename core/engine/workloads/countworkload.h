// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The course's counting example: each task adds one to a counter until it reaches n.
class CountWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "count";
    static constexpr int64_t kDefaultCount = 2'000'000'000;
    static constexpr int64_t kMaxCount = 100'000'000'000;
    static constexpr uint32_t kDefaultTasks = 2;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::CpuBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
