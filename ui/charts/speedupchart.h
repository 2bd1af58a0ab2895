// SPDX-License-Identifier: MIT
#pragma once

#include "charts/sweepchart.h"

namespace corescope {

/// Speed-up against workers for each model, on log-2 axes: the ideal line (speed-up = workers,
/// dashed), the machine's core count, min/max bars, and each model's fitted Amdahl curve
/// (dotted) with its parallel fraction in the legend ("threads  p = 0.97").
class SpeedupChart final : public SweepChart
{
    Q_OBJECT

public:
    explicit SpeedupChart(QWidget *parent = nullptr);

    /// The legend text of a model: its name, and its fitted p when it has one.
    [[nodiscard]] QString seriesName(const std::string &model) const;

protected:
    void build() override;
};

} // namespace corescope
