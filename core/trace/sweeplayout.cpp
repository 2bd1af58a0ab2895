// SPDX-License-Identifier: MIT
#include "trace/sweeplayout.h"

namespace corescope {

Status SweepLayout::check(size_t runCount) const
{
    for (size_t p = 0; p < points.size(); ++p) {
        const Point &point = points[p];
        const std::string name = "sweep point " + std::to_string(p + 1) + " (" + point.model
                                 + " × " + std::to_string(point.workers) + ")";
        if (point.model.empty())
            return Error{name + " has no model"};
        if (point.workers == 0 || point.workers > kMaxWorkers)
            return Error{name + " has " + std::to_string(point.workers) + " workers (1 to "
                         + std::to_string(kMaxWorkers) + " make sense)"};
        if (point.runs.empty())
            return Error{name + " has no runs"};
        for (uint32_t run : point.runs) {
            if (run >= runCount)
                return Error{name + " refers to run " + std::to_string(run + 1) + ", but the file holds "
                             + std::to_string(runCount)};
        }
    }
    return {};
}

} // namespace corescope
