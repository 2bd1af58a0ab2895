// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workload.h"

namespace corescope {

/// Real disk I/O: each task writes a file, forces it to disk, reads it back and checks it.
class FileWorkload final : public Workload
{
public:
    static constexpr std::string_view kName = "file";
    static constexpr int64_t kDefaultKib = 8192;
    /// Per task; each task deletes its file when done, so at most workers × this is on disk.
    static constexpr int64_t kMaxKib = 65'536;
    static constexpr uint32_t kDefaultTasks = 4;

    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] std::string_view summary() const override;
    [[nodiscard]] WorkloadKind kind() const override { return WorkloadKind::IoBound; }
    [[nodiscard]] std::vector<ParamSpec> params() const override;
    [[nodiscard]] uint32_t defaultTasks(const ParamSet &) const override { return kDefaultTasks; }
    /// Makes a private folder under $TMPDIR (or /tmp), removed with everything in it when the
    /// prepared workload is destroyed.
    [[nodiscard]] Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const override;
};

} // namespace corescope
