// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace corescope {

/// What an importer could not carry over from another tool's file: things CoreScope has no place
/// for (skipped and counted, which is normal) and problems in the data itself (warnings, each
/// naming where it is).
struct ImportReport
{
    /// Warnings beyond this many are counted but not kept.
    static constexpr size_t kMaxWarnings = 20;

    std::map<std::string, uint64_t> skipped; ///< e.g. "counter events (phase C)" → 12
    std::vector<std::string> warnings;
    uint64_t warningCount = 0;
    bool coreDataAbsent = false; ///< no sched_switch lines, CPU lanes or args.cpu

    void skip(const std::string &what, uint64_t count = 1) { skipped[what] += count; }
    void warn(std::string message)
    {
        if (warnings.size() < kMaxWarnings)
            warnings.push_back(std::move(message));
        ++warningCount;
    }
    [[nodiscard]] bool empty() const { return skipped.empty() && warningCount == 0; }
};

} // namespace corescope
