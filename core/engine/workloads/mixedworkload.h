// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// Work that is neither purely CPU- nor purely I/O-bound: each task alternates computing and
/// waiting, round after round.
class MixedWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "mixed";
    static constexpr int64_t kDefaultCpuMs = 20;
    static constexpr int64_t kDefaultIoMs = 20;
    static constexpr int64_t kDefaultRounds = 5;
    static constexpr int64_t kMaxPhaseMs = 1'000;
    static constexpr int64_t kMaxRounds = 200;
    static constexpr uint32_t kDefaultTasks = 4;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::Mixed; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
