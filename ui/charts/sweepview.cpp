// SPDX-License-Identifier: MIT
#include "charts/sweepview.h"

#include "charts/coreutilisationchart.h"
#include "charts/efficiencychart.h"
#include "charts/speedupchart.h"
#include "charts/sweepchartkind.h"
#include "charts/walltimechart.h"
#include "qtext/qtext.h"
#include "trace/duration.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace corescope {

namespace {

enum Column {
    ColModel,
    ColWorkers,
    ColMedian,
    ColFastest,
    ColSlowest,
    ColSpeedup,
    ColEfficiency,
    ColKarpFlatt,
    ColCount
};
constexpr int kPointRole = Qt::UserRole + 1;

QIcon swatch(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

/// A control and a chart under it, for the tabs whose chart needs a choice.
QWidget *withControl(const QString &label, QComboBox *combo, QWidget *chart)
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *row = new QHBoxLayout;
    auto *caption = new QLabel(label);
    caption->setBuddy(combo);
    row->addWidget(caption);
    row->addWidget(combo);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addWidget(chart, 1);
    return page;
}

} // namespace

SweepView::SweepView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel)
    , m_export(new QPushButton(tr("Export chart…")))
    , m_tabs(new QTabWidget)
    , m_speedup(new SpeedupChart)
    , m_efficiency(new EfficiencyChart)
    , m_wallTime(new WallTimeChart)
    , m_workers(new QComboBox)
    , m_cores(new CoreUtilisationChart)
    , m_runs(new QComboBox)
    , m_table(new QTableWidget(0, ColCount))
{
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    m_summary->setTextFormat(Qt::PlainText);
    header->addWidget(m_summary, 1);
    m_export->setToolTip(tr("Save the chart on this tab as PNG, SVG or PDF (1920 × 1080)"));
    header->addWidget(m_export);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);

    m_tabs->addTab(m_speedup, tr("Speed-up"));
    m_tabs->addTab(m_efficiency, tr("Efficiency"));
    m_tabs->addTab(withControl(tr("&Workers:"), m_workers, m_wallTime), tr("Wall time"));
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_tabs->addTab(withControl(tr("&Run:"), m_runs, m_cores), tr("Cores over time"));
    m_tabs->addTab(m_table, tr("Points"));

    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Workers"), tr("Median"), tr("Fastest"),
                                        tr("Slowest"), tr("Speed-up"), tr("Efficiency"),
                                        tr("Karp–Flatt")});
    m_table->horizontalHeaderItem(ColKarpFlatt)
        ->setToolTip(tr("The serial fraction that each measured speed-up implies: "
                        "(1/S − 1/n) / (1 − 1/n). Growing with n means overhead grows too."));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip(tr("Double-click a point to open its run's timeline"));

    for (ChartWidget *chart :
         {static_cast<ChartWidget *>(m_speedup), static_cast<ChartWidget *>(m_efficiency),
          static_cast<ChartWidget *>(m_wallTime), static_cast<ChartWidget *>(m_cores)}) {
        connect(chart, &ChartWidget::runSelected, this, &SweepView::selectRun);
        connect(chart, &ChartWidget::runActivated, this, &SweepView::openRun);
    }
    connect(m_table, &QTableWidget::cellDoubleClicked, this,
            [this](int row, int) { onTableDoubleClicked(row); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            &SweepView::onTableSelectionChanged);
    connect(m_workers, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            m_wallTime->setWorkers(m_workers->itemData(index).toUInt());
    });
    connect(m_runs, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && !m_syncing)
            selectRun(m_runs->itemData(index).value<qulonglong>());
    });
    connect(m_export, &QPushButton::clicked, this, &SweepView::exportCurrentChartInteractively);
    connect(m_tabs, &QTabWidget::currentChanged, this,
            [this] { m_export->setEnabled(m_sweep && currentTab() != Tab::Points); });

    setSweep(nullptr);
}

SweepView::~SweepView() = default;

void SweepView::setSweep(std::shared_ptr<const SweepResult> sweep)
{
    m_sweep = std::move(sweep);
    m_speedup->setSweep(m_sweep);
    m_efficiency->setSweep(m_sweep);
    m_wallTime->setSweep(m_sweep);
    fillWorkerChoice();
    fillTable();
    fillRunChoice();
    m_export->setEnabled(m_sweep && currentTab() != Tab::Points);

    if (!m_sweep || m_sweep->points.empty()) {
        m_summary->setText(m_sweep ? tr("The sweep stopped before it measured any point.")
                                   : tr("No sweep yet."));
        m_cores->setTrace(nullptr);
        return;
    }
    size_t runs = 0;
    for (const SweepPoint &point : m_sweep->points)
        runs += point.walls.size();
    m_summary->setText(tr("%1: %2 points, %3 runs%4. Double-click a point to open its timeline.")
                           .arg(text(m_sweep->workload))
                           .arg(m_sweep->points.size())
                           .arg(runs)
                           .arg(m_sweep->cancelled ? tr(" (cancelled early)") : QString()));
    // The run that shows the most parallelism makes the best first picture of the cores.
    if (const auto run = mostParallelRun(*m_sweep))
        selectRun(*run);
    else
        m_cores->setTrace(nullptr);
}

void SweepView::setAppearance(Appearance appearance)
{
    m_appearance = appearance;
    m_speedup->setAppearance(appearance);
    m_efficiency->setAppearance(appearance);
    m_wallTime->setAppearance(appearance);
    m_cores->setAppearance(appearance);
    // The colour swatches of the table and the run list follow the theme.
    const auto run = selectedRun();
    fillTable();
    fillRunChoice();
    if (run)
        selectRun(*run);
}

void SweepView::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

SweepView::Tab SweepView::currentTab() const
{
    return Tab(m_tabs->currentIndex());
}

ChartWidget *SweepView::currentChart() const
{
    switch (currentTab()) {
    case Tab::Speedup:
    case Tab::Points:
        return m_speedup;
    case Tab::Efficiency:
        return m_efficiency;
    case Tab::WallTime:
        return m_wallTime;
    case Tab::CoreUtilisation:
        return m_cores;
    }
    return m_speedup;
}

void SweepView::selectRun(size_t traceIndex)
{
    if (!m_sweep || traceIndex >= m_sweep->traces.size())
        return;
    m_syncing = true;
    // Aliasing: the chart keeps the whole sweep alive, not a copy of the run.
    m_cores->setTrace(std::shared_ptr<const Trace>(m_sweep, &m_sweep->traces[traceIndex]),
                      traceIndex);
    const int runIndex = m_runs->findData(qulonglong(traceIndex));
    if (runIndex >= 0)
        m_runs->setCurrentIndex(runIndex);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto point = m_table->item(row, ColModel)->data(kPointRole).toULongLong();
        const auto &traces = m_sweep->points[point].traces;
        if (std::find(traces.begin(), traces.end(), traceIndex) != traces.end()) {
            m_table->selectRow(row);
            break;
        }
    }
    m_syncing = false;
}

std::optional<size_t> SweepView::selectedRun() const
{
    return m_cores->traceIndex();
}

Status SweepView::exportCurrentChart(const QString &path, QSize size)
{
    return currentChart()->exportTo(path, size);
}

void SweepView::exportCurrentChartInteractively()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), fileStem() + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (const Status status = exportCurrentChart(path); !status)
        emit exportFailed(text(status.error()));
}

QString SweepView::fileStem() const
{
    const QString workload = m_sweep ? text(m_sweep->workload) : QStringLiteral("sweep");
    switch (currentTab()) {
    case Tab::Speedup:
    case Tab::Points:
        return workload + QStringLiteral("-speedup");
    case Tab::Efficiency:
        return workload + QStringLiteral("-efficiency");
    case Tab::WallTime:
        return workload + QStringLiteral("-walltime-%1").arg(m_wallTime->workers());
    case Tab::CoreUtilisation:
        return workload + QStringLiteral("-cores");
    }
    return workload;
}

void SweepView::fillTable()
{
    const QSignalBlocker blocker(m_table);
    m_table->clearContents();
    m_table->setRowCount(0);
    if (!m_sweep)
        return;
    const ChartStyle style = ChartStyle::forAppearance(m_appearance);
    m_table->setRowCount(int(m_sweep->points.size()));
    for (size_t i = 0; i < m_sweep->points.size(); ++i) {
        const SweepPoint &point = m_sweep->points[i];
        const auto row = int(i);
        const QString cells[ColCount] = {
            text(point.model),
            QString::number(point.workers),
            text(formatDuration(point.median)),
            text(formatDuration(point.fastest)),
            text(formatDuration(point.slowest)),
            QStringLiteral("%1×").arg(point.speedup, 0, 'f', 2),
            QStringLiteral("%1 %").arg(100 * point.efficiency, 0, 'f', 0),
            std::isnan(point.karpFlatt) ? QStringLiteral("–")
                                        : QString::number(point.karpFlatt, 'f', 3),
        };
        for (int column = 0; column < ColCount; ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            if (column != ColModel)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(SweepChart::describePoint(point));
            m_table->setItem(row, column, item);
        }
        m_table->item(row, ColModel)->setIcon(swatch(style.modelColour(point.model)));
        m_table->item(row, ColModel)->setData(kPointRole, qulonglong(i));
    }
    m_table->resizeColumnsToContents();
}

void SweepView::fillWorkerChoice()
{
    const QSignalBlocker blocker(m_workers);
    m_workers->clear();
    for (uint32_t n : m_wallTime->workerCounts())
        m_workers->addItem(QString::number(n), n);
    m_workers->setCurrentIndex(m_workers->findData(m_wallTime->workers()));
}

void SweepView::fillRunChoice()
{
    const QSignalBlocker blocker(m_runs);
    m_runs->clear();
    if (!m_sweep)
        return;
    for (const SweepPoint &point : m_sweep->points) {
        const size_t n = std::min(point.traces.size(), point.walls.size());
        for (size_t repeat = 0; repeat < n; ++repeat) {
            QString label = tr("%1 × %2").arg(text(point.model)).arg(point.workers);
            if (n > 1)
                label += tr(", run %1 of %2").arg(repeat + 1).arg(n);
            label += QStringLiteral(" (%1)").arg(text(formatDuration(point.walls[repeat])));
            m_runs->addItem(
                swatch(ChartStyle::forAppearance(m_appearance).modelColour(point.model)), label,
                qulonglong(point.traces[repeat]));
        }
    }
}

void SweepView::onTableDoubleClicked(int row)
{
    if (!m_sweep || row < 0 || row >= m_table->rowCount())
        return;
    const auto point = m_table->item(row, ColModel)->data(kPointRole).toULongLong();
    if (const auto trace = SweepChart::representativeTrace(m_sweep->points[point]))
        emit openRun(*trace);
}

void SweepView::onTableSelectionChanged()
{
    if (m_syncing || !m_sweep)
        return;
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const auto point = m_table->item(rows.front().row(), ColModel)->data(kPointRole).toULongLong();
    if (const auto trace = SweepChart::representativeTrace(m_sweep->points[point]))
        selectRun(*trace);
}

} // namespace corescope
