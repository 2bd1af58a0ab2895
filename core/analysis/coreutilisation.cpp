// SPDX-License-Identifier: MIT
#include "analysis/coreutilisation.h"

#include <algorithm>
#include <numeric>

namespace corescope {

TimeNs CoreUtilisation::binWidthFor(TimeNs end, size_t bins)
{
    if (bins == 0 || end <= 0)
        return 1;
    const auto n = TimeNs(bins);
    return std::max<TimeNs>(1, (end + n - 1) / n);
}

CoreUtilisation CoreUtilisation::of(const Trace &trace, size_t bins)
{
    std::vector<const CoreSlices *> cores;
    for (size_t core = 0; core < trace.coreCount(); ++core)
        cores.push_back(&trace.slicesOnCore(core));
    return ofSlices(cores, trace.extent(), bins);
}

CoreUtilisation CoreUtilisation::ofSlices(const std::vector<const CoreSlices *> &cores, TimeNs end,
                                          size_t bins)
{
    CoreUtilisation result;
    result.m_end = std::max<TimeNs>(0, end);
    result.m_bins = bins;
    result.m_binWidth = binWidthFor(result.m_end, bins);
    const TimeNs width = result.m_binWidth;
    for (const CoreSlices *slices : cores) {
        std::vector<TimeNs> busy(bins, 0);
        for (size_t i = 0; slices && i < slices->size(); ++i) {
            const TimeNs begin = std::max<TimeNs>(0, slices->begin[i]);
            const TimeNs finish = std::min(result.m_end, slices->end[i]);
            if (finish <= begin || bins == 0)
                continue;
            // Walks only the bins the slice touches: linear in slices plus bins crossed.
            for (auto bin = size_t(begin / width); bin < bins && TimeNs(bin) * width < finish;
                 ++bin) {
                const TimeNs binStart = TimeNs(bin) * width;
                busy[bin] += std::min(finish, binStart + width) - std::max(begin, binStart);
            }
        }
        result.m_busy.push_back(std::move(busy));
    }
    return result;
}

TimeNs CoreUtilisation::binSpan(size_t bin) const
{
    return std::clamp<TimeNs>(m_end - binBegin(bin), 0, m_binWidth);
}

double CoreUtilisation::fraction(size_t core, size_t bin) const
{
    const TimeNs span = binSpan(bin);
    return span > 0 ? std::clamp(double(m_busy[core][bin]) / double(span), 0.0, 1.0) : 0.0;
}

TimeNs CoreUtilisation::totalBusy(size_t core) const
{
    return std::accumulate(m_busy[core].begin(), m_busy[core].end(), TimeNs(0));
}

} // namespace corescope
