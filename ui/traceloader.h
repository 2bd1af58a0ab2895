// SPDX-License-Identifier: MIT
#pragma once

#include "document.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

namespace corescope {

/// Opens trace files off the GUI thread, several at once, and reports their combined progress
/// ten times a second, so that a window loading ten million events stays responsive and says
/// how far it is. Loads still going when the loader is destroyed are cancelled.
class TraceLoader : public QObject
{
    Q_OBJECT

public:
    explicit TraceLoader(QObject *parent = nullptr);
    ~TraceLoader() override;

    /// Starts loading `path` (absolute) unless it is loading already; false then.
    bool load(const QString &path);
    /// The files still loading, in the order they were asked for.
    [[nodiscard]] QStringList pending() const;

signals:
    /// Bytes read of all pending files together, ten times a second while any is pending
    /// (total is 0 until their sizes are known), and once more when the last one is done.
    void progressChanged(qint64 done, qint64 total);
    /// A file loaded: its runs that belong to no sweep, and its sweep if it holds one.
    void loaded(const QString &path, corescope::Document::RunList runs,
                std::shared_ptr<const corescope::SweepResult> sweep);
    void failed(const QString &path, const QString &message);

private:
    struct Load; // shared with the thread that reads the file
    void finish(const QString &path);
    void reportProgress();

    std::vector<std::shared_ptr<Load>> m_loads;
    QTimer m_ticker;
};

} // namespace corescope
