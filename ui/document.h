// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace corescope {

/// The runs open in a window, in the order they were made or opened, plus the run in progress
/// (shown live, after the others); the file they came from and whether they changed since.
class Document : public QObject
{
    Q_OBJECT

public:
    using RunList = std::vector<std::shared_ptr<const Trace>>;

    explicit Document(QObject *parent = nullptr);

    [[nodiscard]] const RunList &runs() const { return m_runs; }
    /// The runs followed by the live one, if any: what the views draw.
    [[nodiscard]] RunList visibleRuns() const;
    [[nodiscard]] bool isEmpty() const { return m_runs.empty() && !m_live; }

    void addRun(std::shared_ptr<const Trace> run);
    void setLiveRun(std::shared_ptr<const Trace> run);
    void clearLiveRun();
    /// Replaces everything (a file was opened), unmodified.
    void reset(RunList runs, const QString &filePath);
    void clear();

    [[nodiscard]] const QString &filePath() const { return m_filePath; }
    void setFilePath(const QString &path);
    [[nodiscard]] bool isModified() const { return m_modified; }
    void setModified(bool modified);

signals:
    void runsChanged();
    void modifiedChanged(bool modified);

private:
    RunList m_runs;
    std::shared_ptr<const Trace> m_live;
    QString m_filePath;
    bool m_modified = false;
};

} // namespace corescope
