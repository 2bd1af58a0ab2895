// SPDX-License-Identifier: MIT
#include "runcontroller.h"

#include <QMetaObject>

namespace corescope {

RunController::RunController(QObject *parent)
    : QObject(parent)
{
    m_liveTimer.setInterval(kLiveIntervalMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &RunController::pollLive);
}

RunController::~RunController()
{
    if (m_worker.joinable()) {
        m_engine.cancel();
        m_worker.join();
    }
    joinDecoder(); // its queued result dies with this object
}

void RunController::joinDecoder()
{
    if (m_decoder.joinable())
        m_decoder.join();
}

bool RunController::start(const ValidatedRunSpec &spec)
{
    if (m_worker.joinable())
        return false;
    ++m_run;
    m_worker = std::thread([this, spec] {
        // Shared, so that the result is freed even if the controller is gone before the call.
        auto result = std::make_shared<Result<Trace>>(m_engine.run(spec));
        QMetaObject::invokeMethod(
            this, [this, result] { onWorkerDone(*result); }, Qt::QueuedConnection);
    });
    m_liveTimer.start();
    emit started();
    return true;
}

void RunController::cancel()
{
    m_engine.cancel();
}

void RunController::pollLive()
{
    if (const auto progress = m_engine.progress())
        emit progressChanged(int(progress->done), int(progress->total));
    if (m_decoding)
        return;
    joinDecoder(); // the previous one has delivered its trace
    m_decoding = true;
    m_decoder = std::thread([this, run = m_run] {
        std::optional<Trace> snapshot = m_engine.snapshot();
        auto trace = snapshot ? std::make_shared<const Trace>(std::move(*snapshot)) : nullptr;
        QMetaObject::invokeMethod(
            this, [this, run, trace = std::move(trace)] { onLiveDecoded(run, trace); },
            Qt::QueuedConnection);
    });
}

void RunController::onLiveDecoded(uint64_t run, std::shared_ptr<const Trace> trace)
{
    m_decoding = false;
    // Decoded while the run ended: its finished trace is (or is about to be) in the document.
    if (trace && run == m_run && isRunning())
        emit liveTrace(std::move(trace));
}

void RunController::onWorkerDone(Result<Trace> &result)
{
    m_liveTimer.stop();
    m_worker.join();
    if (result.ok()) {
        const auto &m = result.value().metadata();
        emit progressChanged(int(m.tasksDone), int(m.tasks));
        emit finished(std::make_shared<const Trace>(std::move(result).value()));
    } else {
        emit failed(QString::fromStdString(result.error()));
    }
}

} // namespace corescope
