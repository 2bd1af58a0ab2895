// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The course's slow system call: each task blocks in select() with a timeout and uses no CPU.
/// A task's result is the whole milliseconds it really waited.
class SleepWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "sleep";
    static constexpr int64_t kDefaultMs = 100;
    static constexpr int64_t kMaxMs = 60'000;
    static constexpr uint32_t kDefaultTasks = 5;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::IoBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
