// SPDX-License-Identifier: MIT
#pragma once

#include "engine/engine.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <thread>

namespace corescope {

/// Runs the engine off the GUI thread and reports back on it: a live trace 12 times a second
/// while the run goes on, progress, and the finished trace or the reason it failed.
class RunController : public QObject
{
    Q_OBJECT

public:
    static constexpr int kLiveIntervalMs = 80; // 12 Hz, so timer slack never takes it below 10

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    [[nodiscard]] bool isRunning() const { return m_worker.joinable(); }

public slots:
    /// Starts `spec` unless a run is going on (then returns false).
    bool start(const corescope::ValidatedRunSpec &spec);
    void cancel();

signals:
    void started();
    void liveTrace(std::shared_ptr<const corescope::Trace> trace);
    void progressChanged(int done, int total);
    void finished(std::shared_ptr<const corescope::Trace> trace);
    void failed(const QString &message);

private:
    void pollLive();
    void onWorkerDone(Result<Trace> &result);

    Engine m_engine;
    std::thread m_worker;
    QTimer m_liveTimer;
};

} // namespace corescope
