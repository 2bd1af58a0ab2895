// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The course's "use subprocess to manage child processes": each task runs another program and
/// waits for it as subprocess.run does, either sha256sum of a file the run generated (a
/// CPU-bound child) or sleep (a child that waits). Waiting for a child releases the GIL, so
/// children of GIL threads run in parallel. A task's result is the first 64 bits of the digest
/// the child printed, or the whole milliseconds a sleeping child took.
class SubprocessWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "subprocess";
    static constexpr int64_t kDefaultMib = 32;
    static constexpr int64_t kMaxMib = 1024;
    static constexpr int64_t kMaxMs = 60'000;
    static constexpr uint32_t kDefaultTasks = 4;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::CpuBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    [[nodiscard]] bool startsPrograms() const override { return true; }
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
