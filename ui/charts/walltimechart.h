// SPDX-License-Identifier: MIT
#pragma once

#include "charts/sweepchart.h"

namespace corescope {

/// The wall time of each model at one worker count, as bars with min/max whiskers and the
/// median written on top: the plainest answer to "which way of running it finished first?".
class WallTimeChart final : public SweepChart
{
    Q_OBJECT

public:
    explicit WallTimeChart(QWidget *parent = nullptr);

    /// The worker count to compare at; 0 (the default) picks the machine's core count, or the
    /// largest measured count below it.
    void setWorkers(uint32_t workers);
    /// The worker count drawn (after resolving 0).
    [[nodiscard]] uint32_t workers() const;

protected:
    void build() override;

private:
    uint32_t m_workers = 0;
};

} // namespace corescope
