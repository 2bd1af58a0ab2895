// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The course's unprotected counter: every task adds one to the same counter, with or without
/// a lock around the additions. Without it, two threads that read the counter at once both
/// write back their own sum, and one increment is lost.
class SharedCounterWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "shared-counter";
    static constexpr int64_t kDefaultIncrements = 100'000'000;
    static constexpr int64_t kMaxIncrements = 10'000'000'000;
    static constexpr int64_t kDefaultBatch = 10'000;
    static constexpr uint32_t kDefaultTasks = 4;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::CpuBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    [[nodiscard]] bool needsSharedMemory() const override { return true; }
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
