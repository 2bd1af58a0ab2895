// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <memory>
#include <utility>

namespace corescope {

/// Runs `work` on Qt's global thread pool (which the application waits for when it quits) and
/// hands its result to `done` on `context`'s thread. `done` is not called if `context` is gone
/// by then, so a window closed mid-load never sees a stale result.
template<typename Work, typename Done>
void runInBackground(QObject *context, Work work, Done done)
{
    QThreadPool::globalInstance()->start(
        [context = QPointer<QObject>(context), work = std::move(work), done = std::move(done)]() mutable {
            auto result = std::make_shared<decltype(work())>(work());
            if (!context)
                return;
            QMetaObject::invokeMethod(
                context.data(), [result, done = std::move(done)]() mutable { done(std::move(*result)); },
                Qt::QueuedConnection);
        });
}

} // namespace corescope
