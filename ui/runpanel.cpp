// SPDX-License-Identifier: MIT
#include "runpanel.h"

#include "engine/executionmodel.h"
#include "engine/workload.h"
#include "qtext/qtext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace corescope {
namespace {

QString paramTooltip(const ParamSpec &p)
{
    return QStringLiteral("%1\nDefault %2%3; from %4 to %5.")
        .arg(text(p.description), text(p.defaultValue),
             p.unit.empty() ? QString() : QLatin1Char(' ') + text(p.unit))
        .arg(p.minimum, 0, 'g', 12)
        .arg(p.maximum, 0, 'g', 12);
}

} // namespace

RunPanel::RunPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runPanel"));
    m_workload = new QComboBox(this);
    m_workload->setObjectName(QStringLiteral("workloadCombo"));
    for (const auto &w : WorkloadRegistry::instance().all()) {
        m_workload->addItem(text(w->name()), text(w->name()));
        m_workload->setItemData(m_workload->count() - 1, text(w->summary()), Qt::ToolTipRole);
    }
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("modelCombo"));
    for (const auto &m : ModelRegistry::instance().all()) {
        m_model->addItem(text(m->name()), text(m->name()));
        m_model->setItemData(m_model->count() - 1, text(m->summary()), Qt::ToolTipRole);
    }
    m_workers = new QSpinBox(this);
    m_workers->setObjectName(QStringLiteral("workersSpin"));
    m_workers->setRange(0, RunSpec::kMaxWorkers);
    m_workers->setSpecialValueText(tr("one per task"));
    m_workers->setToolTip(tr("Threads or processes that take the tasks in turn (1 to %1).")
                              .arg(RunSpec::kMaxWorkers));
    m_tasks = new QSpinBox(this);
    m_tasks->setObjectName(QStringLiteral("tasksSpin"));
    m_tasks->setRange(0, 4096);
    m_tasks->setSpecialValueText(tr("workload's default"));
    m_tasks->setToolTip(tr("How many pieces of work to run."));
    m_capture = new QComboBox(this);
    m_capture->setObjectName(QStringLiteral("captureCombo"));
    m_capture->addItem(tr("auto"), QStringLiteral("auto"));
    m_capture->addItem(tr("kernel context switches (perf)"), QStringLiteral("perf"));
    m_capture->addItem(tr("CPU-clock sampling"), QStringLiteral("cpuclock"));
    m_capture->setToolTip(tr("How CoreScope sees which core ran what: the kernel's context "
                             "switch records are exact; sampling needs no permission."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Workload"), m_workload);
    form->addRow(tr("&Model"), m_model);
    form->addRow(tr("W&orkers"), m_workers);
    form->addRow(tr("&Tasks"), m_tasks);
    form->addRow(tr("&Capture"), m_capture);

    auto *paramsBox = new QGroupBox(tr("Parameters"), this);
    m_paramsForm = new QFormLayout(paramsBox);

    m_run = new QPushButton(tr("&Run"), this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setEnabled(false);
    m_record = new QPushButton(tr("Record a &Program…"), this);
    m_record->setObjectName(QStringLiteral("recordProgramButton"));
    m_record->setToolTip(tr("Run any program (python3 script.py…) and record what its threads "
                            "do on the cores"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m tasks"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(paramsBox);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_record);
    layout->addStretch();

    connect(m_workload, &QComboBox::currentIndexChanged, this, &RunPanel::rebuildParams);
    connect(m_model, &QComboBox::currentIndexChanged, this, &RunPanel::rebuildParams);
    connect(m_run, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancelRequested);
    connect(m_record, &QPushButton::clicked, this, &RunPanel::recordRequested);
    rebuildParams();
}

void RunPanel::rebuildParams()
{
    while (m_paramsForm->rowCount() > 0)
        m_paramsForm->removeRow(0);
    m_params.clear();
    std::vector<ParamSpec> specs;
    if (const Workload *w = WorkloadRegistry::instance().find(m_workload->currentData().toString().toStdString()))
        specs = w->params();
    if (const ExecutionModel *m = ModelRegistry::instance().find(m_model->currentData().toString().toStdString())) {
        for (auto &p : m->params())
            specs.push_back(std::move(p));
    }
    for (const auto &p : specs) {
        auto *edit = new QLineEdit;
        edit->setObjectName(QStringLiteral("param_") + text(p.name));
        edit->setPlaceholderText(text(p.defaultValue));
        edit->setToolTip(paramTooltip(p));
        const QString label = p.unit.empty() ? text(p.name)
                                             : QStringLiteral("%1 (%2)").arg(text(p.name), text(p.unit));
        m_paramsForm->addRow(label, edit);
        m_params[p.name] = edit;
    }
}

RunSpec RunPanel::spec() const
{
    RunSpec spec;
    spec.workload = m_workload->currentData().toString().toStdString();
    spec.model = m_model->currentData().toString().toStdString();
    if (m_workers->value() > 0)
        spec.workers = m_workers->value();
    if (m_tasks->value() > 0)
        spec.tasks = m_tasks->value();
    for (const auto &[name, edit] : m_params) {
        const QString value = edit->text().trimmed();
        if (!value.isEmpty())
            spec.params[name] = value.toStdString();
    }
    spec.capture = parseCaptureMethod(m_capture->currentData().toString().toStdString())
                       .value();
    return spec;
}

void RunPanel::setSpec(const RunSpec &spec)
{
    m_workload->setCurrentIndex(m_workload->findData(QString::fromStdString(spec.workload)));
    m_model->setCurrentIndex(m_model->findData(QString::fromStdString(spec.model)));
    m_workers->setValue(spec.workers.value_or(0));
    m_tasks->setValue(spec.tasks.value_or(0));
    m_capture->setCurrentIndex(
        m_capture->findData(QString::fromLatin1(captureMethodName(spec.capture).data())));
    for (const auto &[name, edit] : m_params) {
        const auto given = spec.params.find(name);
        edit->setText(given == spec.params.end() ? QString() : QString::fromStdString(given->second));
    }
}

void RunPanel::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_record->setEnabled(!running);
    m_cancel->setEnabled(running);
    if (running) {
        m_progress->setRange(0, 0); // busy until the first progress report
    } else if (m_progress->maximum() == 0) {
        // Nothing reported progress (a recorded program has no tasks): idle again, not busy.
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
    }
}

void RunPanel::setProgress(int done, int total)
{
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
}

} // namespace corescope
