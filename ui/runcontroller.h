// SPDX-License-Identifier: MIT
#pragma once

#include "engine/engine.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <thread>

namespace corescope {

/// Runs the engine off the GUI thread and reports back on it: a live trace 12 times a second
/// while the run goes on, progress, and the finished trace or the reason it failed. Live traces
/// are decoded off the GUI thread too: a long run's log takes tens of milliseconds to decode.
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
    void onLiveDecoded(uint64_t run, std::shared_ptr<const Trace> trace);
    void onWorkerDone(Result<Trace> &result);
    void joinDecoder();

    Engine m_engine;
    std::thread m_worker;
    QTimer m_liveTimer;
    /// Decodes one live trace at a time; a tick that comes while it works is skipped, not queued.
    std::thread m_decoder;
    bool m_decoding = false;
    /// Counts runs, so that a live trace decoded for one run is never shown as the next one's.
    uint64_t m_run = 0;
};

} // namespace corescope
