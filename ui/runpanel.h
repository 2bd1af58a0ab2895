// SPDX-License-Identifier: MIT
#pragma once

#include "engine/runspec.h"

#include <QWidget>

#include <map>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace corescope {

/// The form a lecturer fills in to run something: workload, model, workers, tasks, parameters
/// (each with its default shown and its range in the tooltip), capture method; Run and Cancel,
/// and the progress of the run in progress.
class RunPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunPanel(QWidget *parent = nullptr);

    /// What the form says, as typed: validation is the caller's (validateRunSpec).
    [[nodiscard]] RunSpec spec() const;
    /// Fills the form (a preset, or the spec of a run the user picked).
    void setSpec(const RunSpec &spec);

public slots:
    void setRunning(bool running);
    void setProgress(int done, int total);

signals:
    void runRequested();
    void cancelRequested();
    /// Record a Program…: the same as Run ▸ Record a Program….
    void recordRequested();

private:
    void rebuildParams();

    QComboBox *m_workload = nullptr;
    QComboBox *m_model = nullptr;
    QSpinBox *m_workers = nullptr;
    QSpinBox *m_tasks = nullptr;
    QComboBox *m_capture = nullptr;
    QFormLayout *m_paramsForm = nullptr;
    std::map<std::string, QLineEdit *> m_params;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_record = nullptr;
    QProgressBar *m_progress = nullptr;
};

} // namespace corescope
