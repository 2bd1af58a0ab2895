// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <cstddef>
#include <vector>

namespace corescope {

/// How busy each core of one run was over time: its on-CPU slices summed into equal time bins.
/// What the core-utilisation chart draws; plain C++, so it is tested on plain slices.
class CoreUtilisation
{
public:
    static constexpr size_t kDefaultBins = 200;

    CoreUtilisation() = default;
    /// Bins every core of trace over [0, its extent).
    [[nodiscard]] static CoreUtilisation of(const Trace &trace, size_t bins = kDefaultBins);
    /// Bins slices over [0, end) into `bins` bins; the parts of slices outside are dropped.
    [[nodiscard]] static CoreUtilisation ofSlices(const std::vector<const CoreSlices *> &cores,
                                                  TimeNs end, size_t bins = kDefaultBins);
    /// The width that makes `bins` bins cover [0, end): rounded up, at least 1 ns.
    [[nodiscard]] static TimeNs binWidthFor(TimeNs end, size_t bins);

    [[nodiscard]] size_t coreCount() const { return m_busy.size(); }
    [[nodiscard]] size_t binCount() const { return m_bins; }
    [[nodiscard]] TimeNs binWidth() const { return m_binWidth; }
    [[nodiscard]] TimeNs end() const { return m_end; }
    [[nodiscard]] TimeNs binBegin(size_t bin) const { return TimeNs(bin) * m_binWidth; }
    /// The part of bin that lies inside the run (the last bin may be cut short).
    [[nodiscard]] TimeNs binSpan(size_t bin) const;
    /// Nanoseconds the core spent running something in bin.
    [[nodiscard]] TimeNs busy(size_t core, size_t bin) const { return m_busy[core][bin]; }
    /// busy / binSpan, in [0, 1].
    [[nodiscard]] double fraction(size_t core, size_t bin) const;
    /// The core's busy time over the whole run (the sum of its bins).
    [[nodiscard]] TimeNs totalBusy(size_t core) const;

private:
    std::vector<std::vector<TimeNs>> m_busy; ///< [core][bin]
    size_t m_bins = 0;
    TimeNs m_binWidth = 1;
    TimeNs m_end = 0;
};

} // namespace corescope
