// SPDX-License-Identifier: MIT
#pragma once

#include "charts/sweepchart.h"

namespace corescope {

/// Parallel efficiency (speed-up ÷ workers) against workers for each model: 100 % means every
/// worker pulls its full weight; the fall past the core count shows workers taking turns.
class EfficiencyChart final : public SweepChart
{
    Q_OBJECT

public:
    explicit EfficiencyChart(QWidget *parent = nullptr);

protected:
    void build() override;
};

} // namespace corescope
