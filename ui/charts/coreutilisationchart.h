// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/coreutilisation.h"
#include "charts/chartwidget.h"

#include <memory>
#include <optional>

namespace corescope {

/// How busy each core was over one run: a band per core (core 0 at the top, as in the
/// timeline), filled to the share of each of ~200 time bins the core spent running something.
/// Idle cores and the serial tail of a run show at a glance.
class CoreUtilisationChart final : public ChartWidget
{
    Q_OBJECT

public:
    explicit CoreUtilisationChart(QWidget *parent = nullptr);

    /// The run to draw; traceIndex (its index in a sweep) is what a double-click reports.
    void setTrace(std::shared_ptr<const Trace> trace,
                  std::optional<size_t> traceIndex = std::nullopt);
    [[nodiscard]] const std::shared_ptr<const Trace> &trace() const { return m_trace; }
    [[nodiscard]] std::optional<size_t> traceIndex() const { return m_traceIndex; }
    void setBinCount(size_t bins);
    /// The bins as drawn.
    [[nodiscard]] const CoreUtilisation &utilisation() const { return m_utilisation; }

protected:
    void build() override;
    [[nodiscard]] std::optional<Hit> hitAt(QPointF pos) const override;

private:
    [[nodiscard]] double timeUnit() const;

    std::shared_ptr<const Trace> m_trace;
    std::optional<size_t> m_traceIndex;
    size_t m_bins = CoreUtilisation::kDefaultBins;
    CoreUtilisation m_utilisation;
};

} // namespace corescope
