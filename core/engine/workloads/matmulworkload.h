// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The typical parallel job: one large matrix product, split into blocks of rows across tasks.
class MatmulWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "matmul";
    static constexpr int64_t kDefaultSize = 1536;
    /// Two size × size matrices of 32-bit integers: 72 MiB per process at this size.
    static constexpr int64_t kMaxSize = 3072;
    static constexpr uint32_t kDefaultTasks = 4;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::CpuBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
