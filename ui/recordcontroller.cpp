// SPDX-License-Identifier: MIT
#include "recordcontroller.h"


#include <QMetaObject>

#include <chrono>

namespace corescope {

RecordController::RecordController(QObject *parent)
    : QObject(parent)
{
}

RecordController::~RecordController()
{
    if (m_worker.joinable()) {
        // The window is closing: nothing must outlive it, and nobody waits for the trace.
        m_closing = true;
        m_loop->abort();
        m_worker.join();
    }
}

bool RecordController::start(RecordOptions options)
{
    if (m_worker.joinable())
        return false;
    m_loop = std::make_unique<RecordingLoop>();
    m_liveInFlight = false;
    m_worker =
        std::thread([this, options = std::move(options)]() mutable { record(std::move(options)); });
    emit started();
    return true;
}

void RecordController::stop()
{
    if (m_worker.joinable())
        m_loop->requestStop();
}

void RecordController::record(RecordOptions options)
{
    // Everything the worker reports is queued to the GUI thread; the destructor joins the worker
    // before this object goes, and Qt drops what it has not delivered by then.
    const auto post = [this](auto call) {
        QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
    };
    const auto fail = [&](const std::string &message) {
        post([this, message = QString::fromStdString(message)] {
            onWorkerDone();
            emit failed(message);
        });
    };
    Result<std::unique_ptr<ProgramRecorder>> prepared =
        ProgramRecorder::prepare(std::move(options));
    if (!prepared)
        return fail(prepared.error());
    ProgramRecorder &recorder = *prepared.value();
    if (const Status begun = recorder.begin(); !begun)
        return fail(begun.error());
    post([this, pid = qint64(recorder.recording().pid)] { emit programStarted(pid); });

    auto nextLive = std::chrono::steady_clock::now();
    FinishedRecording recorded = m_loop->run(recorder, [&](ProgramRecorder &sofar) {
        const auto now = std::chrono::steady_clock::now();
        if (now < nextLive || m_liveInFlight)
            return;
        nextLive = now + std::chrono::milliseconds(kLiveIntervalMs);
        m_liveInFlight = true;
        post([this, trace = sofar.liveTrace()] { onLiveTrace(trace); });
    });
    if (m_closing)
        return;
    auto trace = std::make_shared<const Trace>(std::move(recorded.trace));
    post([this, trace = std::move(trace)] {
        onWorkerDone();
        emit finished(trace);
    });
}

void RecordController::onLiveTrace(std::shared_ptr<const Trace> trace)
{
    m_liveInFlight = false;
    // Queued before the finished trace, so a live trace never replaces it.
    emit liveTrace(std::move(trace));
}

void RecordController::onWorkerDone()
{
    m_worker.join();
}

} // namespace corescope
