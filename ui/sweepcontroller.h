// SPDX-License-Identifier: MIT
#pragma once

#include "engine/engine.h"
#include "engine/sweeprunner.h"

#include <QObject>
#include <QString>

#include <memory>
#include <thread>

namespace corescope {

/// Runs a sweep off the GUI thread and reports back on it: progress after every run, and the
/// finished sweep (possibly cancelled part-way, with what it measured) or why it failed.
class SweepController : public QObject
{
    Q_OBJECT

public:
    explicit SweepController(QObject *parent = nullptr);
    ~SweepController() override;

    [[nodiscard]] bool isRunning() const { return m_worker.joinable(); }

public slots:
    /// Starts `spec` unless a sweep is going on or the spec is invalid (then emits failed() and
    /// returns false).
    bool start(const corescope::SweepSpec &spec);
    /// Stops the sweep after the run in progress; finished() follows with what was measured.
    void cancel();

signals:
    /// A sweep began: `total` runs (points × repeats) are planned.
    void started(int total);
    /// `done` of `total` runs are finished; `what` names the point being measured ("threads × 4").
    void progressChanged(int done, int total, const QString &what);
    /// The sweep ended; sweep->cancelled tells whether it stopped early.
    void finished(std::shared_ptr<const corescope::SweepResult> sweep);
    void failed(const QString &message);

private:
    void onWorkerDone(Result<SweepResult> &result);

    Engine m_engine;
    std::unique_ptr<SweepRunner> m_runner; ///< one per sweep: cancel() is final for it
    std::thread m_worker;
};

} // namespace corescope
