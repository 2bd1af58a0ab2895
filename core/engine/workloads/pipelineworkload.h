// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// The course's "use Queue to coordinate work between threads": producer threads make items
/// (CPU work of `produce_ms` each) and put them into one bounded queue (`maxsize`), consumer
/// threads get them and work on each for `consume_ms`. A put into a full queue and a get from an
/// empty one wait; the trace shows those waits, every hand-off and the queue's depth. Its tasks
/// are the stages (producers first), which must all run at once: one worker each.
class PipelineWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "pipeline";
    static constexpr uint32_t kQueueId = 1;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::Mixed; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &params) const override;
    [[nodiscard]] bool needsSharedMemory() const override { return true; }
    [[nodiscard]] std::optional<std::string> checkWorkers(const ParamSet &params, uint32_t tasks,
                                                          uint32_t workers) const override;
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
