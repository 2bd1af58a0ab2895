// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace corescope {

/// How the runs of a file make up a sweep: which runs measured which point (model × workers).
/// Only the grouping is stored; every figure follows again from the runs' wall times.
struct SweepLayout
{
    struct Point
    {
        std::string model;
        uint32_t workers = 1;
        std::vector<uint32_t> runs; ///< indexes into the file's runs, one per repeat

        bool operator==(const Point &) const = default;
    };

    /// Far beyond any sweep, so a damaged count is caught rather than drawn.
    static constexpr uint32_t kMaxWorkers = 1u << 16;

    std::string workload;
    /// Processors the work could use at once (the cores for CPU-bound work), 0 for no limit.
    uint32_t parallelismLimit = 0;
    bool cancelled = false;
    std::vector<Point> points;

    /// Checks that the layout fits a file of `runCount` runs; the message names the point.
    [[nodiscard]] Status check(size_t runCount) const;

    bool operator==(const SweepLayout &) const = default;
};

} // namespace corescope
