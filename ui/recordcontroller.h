// SPDX-License-Identifier: MIT
#pragma once

#include "record/programrecorder.h"
#include "record/recordingloop.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace corescope {

class Trace;

/// Records another program off the GUI thread and reports back on it, as RunController does for
/// the engine: the program's pid once it runs, a live trace about 12 times a second (built on
/// the recording's own thread, between polls), then the finished trace, or the reason it could
/// not be recorded (a command that cannot start is named).
class RecordController : public QObject
{
    Q_OBJECT

public:
    static constexpr int kLiveIntervalMs = 80; // 12 Hz, so timer slack never takes it below 10

    explicit RecordController(QObject *parent = nullptr);
    /// Kills what is still running of the program, without a grace, and waits for it.
    ~RecordController() override;

    [[nodiscard]] bool isRunning() const { return m_worker.joinable(); }

public slots:
    /// Records `options` unless a recording is going on (then returns false).
    bool start(corescope::RecordOptions options);
    /// Asks the program to stop (SIGINT); it has RecordingLoop::kGrace to end, then what is
    /// left is killed. The partial recording is finished() as cancelled.
    void stop();

signals:
    void started();
    /// The program runs, as process `pid`.
    void programStarted(qint64 pid);
    void liveTrace(std::shared_ptr<const corescope::Trace> trace);
    void finished(std::shared_ptr<const corescope::Trace> trace);
    void failed(const QString &message);

private:
    void record(RecordOptions options);
    void onLiveTrace(std::shared_ptr<const Trace> trace);
    void onWorkerDone();

    std::thread m_worker;
    std::unique_ptr<RecordingLoop> m_loop; ///< one per recording: a stop is for that one only
    /// A live trace is on its way to the GUI thread: the next one waits, so a slow view never
    /// gets a queue of stale traces.
    std::atomic<bool> m_liveInFlight{false};
    /// Set as the controller goes: the final trace would have nobody to go to.
    std::atomic<bool> m_closing{false};
};

} // namespace corescope
