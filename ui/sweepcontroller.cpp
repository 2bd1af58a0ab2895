// SPDX-License-Identifier: MIT
#include "sweepcontroller.h"

#include <QMetaObject>


namespace corescope {

SweepController::SweepController(QObject *parent)
    : QObject(parent)
{
}

SweepController::~SweepController()
{
    if (m_worker.joinable()) {
        m_runner->cancel();
        m_worker.join();
    }
}

bool SweepController::start(const SweepSpec &spec)
{
    if (m_worker.joinable())
        return false;
    const auto plan = SweepRunner::plan(spec);
    if (!plan) {
        emit failed(QString::fromStdString(plan.error()));
        return false;
    }
    const int total = int(plan.value().size()) * spec.repeats;
    m_runner = std::make_unique<SweepRunner>(m_engine);
    m_worker = std::thread([this, spec] {
        auto result = std::make_shared<Result<SweepResult>>(m_runner->run(
            spec, [this](size_t done, size_t all, const std::string &what) {
                // Queued with `this` as context: dropped if the controller is gone.
                QMetaObject::invokeMethod(
                    this,
                    [this, done, all, text = QString::fromStdString(what)] {
                        emit progressChanged(int(done), int(all), text);
                    },
                    Qt::QueuedConnection);
            }));
        QMetaObject::invokeMethod(
            this, [this, result] { onWorkerDone(*result); }, Qt::QueuedConnection);
    });
    emit started(total);
    return true;
}

void SweepController::cancel()
{
    if (!m_worker.joinable())
        return;
    m_runner->cancel();
}

void SweepController::onWorkerDone(Result<SweepResult> &result)
{
    m_worker.join();
    if (result.ok()) {
        emit finished(std::make_shared<const SweepResult>(std::move(result).value()));
    } else {
        emit failed(QString::fromStdString(result.error()));
    }
}

} // namespace corescope
