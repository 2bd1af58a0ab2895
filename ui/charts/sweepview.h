// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/sweepresult.h"
#include "charts/chartexporter.h"
#include "charts/chartstyle.h"
#include "result.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace corescope {

class ChartWidget;
class CoreUtilisationChart;
class EfficiencyChart;
class SpeedupChart;
class WallTimeChart;

/// Everything a sweep shows, in tabs: speed-up, efficiency, wall time at one worker count, how
/// busy each core was in a chosen run, and the table of points. Clicking a point selects its
/// run; double-clicking one (in a chart or the table) asks for its timeline with openRun().
class SweepView : public QWidget
{
    Q_OBJECT

public:
    /// The tabs, in order.
    enum class Tab {
        Speedup,
        Efficiency,
        WallTime,
        CoreUtilisation,
        Points,
    };

    explicit SweepView(QWidget *parent = nullptr);
    ~SweepView() override;

    /// The sweep to show; nullptr clears the view.
    void setSweep(std::shared_ptr<const SweepResult> sweep);
    [[nodiscard]] const std::shared_ptr<const SweepResult> &sweep() const { return m_sweep; }

    void setAppearance(Appearance appearance);
    [[nodiscard]] Appearance appearance() const { return m_appearance; }

    void setCurrentTab(Tab tab);
    [[nodiscard]] Tab currentTab() const;
    /// The chart on the current tab; the speed-up chart while the table is shown.
    [[nodiscard]] ChartWidget *currentChart() const;
    [[nodiscard]] SpeedupChart *speedupChart() const { return m_speedup; }
    [[nodiscard]] EfficiencyChart *efficiencyChart() const { return m_efficiency; }
    [[nodiscard]] WallTimeChart *wallTimeChart() const { return m_wallTime; }
    [[nodiscard]] CoreUtilisationChart *coreUtilisationChart() const { return m_cores; }
    [[nodiscard]] QTableWidget *pointsTable() const { return m_table; }

    /// Shows run traceIndex (an index into the sweep's traces) in the CPU-per-core tab and
    /// selects its point in the table.
    void selectRun(size_t traceIndex);
    /// The run the CPU-per-core tab shows.
    [[nodiscard]] std::optional<size_t> selectedRun() const;

    /// Writes the current chart (see currentChart()) as PNG, SVG or PDF, by the suffix.
    [[nodiscard]] Status exportCurrentChart(const QString &path,
                                            QSize size = ChartExporter::kDefaultSize);

public slots:
    /// Asks for a file name and exports the current chart; a failure is reported by
    /// exportFailed().
    void exportCurrentChartInteractively();

signals:
    /// Show the timeline of run traceIndex (an index into SweepResult::traces).
    void openRun(size_t traceIndex);
    /// An export started from the view failed; the main window shows the message.
    void exportFailed(const QString &message);

private:
    void fillTable();
    void fillWorkerChoice();
    void fillRunChoice();
    void onTableDoubleClicked(int row);
    void onTableSelectionChanged();
    [[nodiscard]] QString fileStem() const;

    std::shared_ptr<const SweepResult> m_sweep;
    Appearance m_appearance;
    QLabel *m_summary = nullptr;
    QPushButton *m_export = nullptr;
    QTabWidget *m_tabs = nullptr;
    SpeedupChart *m_speedup = nullptr;
    EfficiencyChart *m_efficiency = nullptr;
    WallTimeChart *m_wallTime = nullptr;
    QComboBox *m_workers = nullptr;
    CoreUtilisationChart *m_cores = nullptr;
    QComboBox *m_runs = nullptr;
    QTableWidget *m_table = nullptr;
    bool m_syncing = false; ///< set while one control updates the others
};

} // namespace corescope
