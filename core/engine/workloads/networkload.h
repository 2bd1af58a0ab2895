// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The typical concurrent job: request/response round trips to a slow server, here a loopback
/// server that the run starts (in the parent process only; children connect to it).
class NetWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "net";
    static constexpr int64_t kDefaultRequests = 5;
    static constexpr int64_t kMaxRequests = 10'000;
    static constexpr int64_t kDefaultDelayMs = 20;
    static constexpr int64_t kMaxDelayMs = 5'000;
    static constexpr uint32_t kDefaultTasks = 4;
    /// A client gives up on a reply this long after the server should have sent it.
    static constexpr int64_t kReplyGraceMs = 5'000;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::IoBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    /// Starts the loopback server unless 'port' names one already running (as in a child).
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
