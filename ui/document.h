// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/sweepresult.h"
#include "result.h"
#include "trace/trace.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corescope {

/// The runs open in a window, in the order they were made or opened, plus the run in progress
/// (shown live, after the others), and the latest sweep with its own runs; the file they came
/// from and whether they changed since.
class Document : public QObject
{
    Q_OBJECT

public:
    using RunList = std::vector<std::shared_ptr<const Trace>>;

    explicit Document(QObject *parent = nullptr);

    [[nodiscard]] const RunList &runs() const { return m_runs; }
    /// The runs followed by the live one, if any: what the views draw.
    [[nodiscard]] RunList visibleRuns() const;
    [[nodiscard]] bool isEmpty() const { return m_runs.empty() && !m_live && !m_sweep; }
    /// Whether there is anything to save.
    [[nodiscard]] bool hasContent() const { return !m_runs.empty() || m_sweep; }
    [[nodiscard]] const std::shared_ptr<const SweepResult> &sweep() const { return m_sweep; }
    /// The sweep's run `index` as a trace of its own, sharing the sweep (null if out of range).
    [[nodiscard]] static std::shared_ptr<const Trace>
    sweepRun(const std::shared_ptr<const SweepResult> &sweep, size_t index);

    /// What a save writes, sharing the document's traces: the runs, then the sweep's, with the
    /// layout that groups the sweep's into its points (counted from after the runs).
    struct Contents
    {
        RunList runs;
        std::optional<SweepLayout> sweep;

        /// Writes them to `path` (format by extension). Any thread may call it: it only reads
        /// the immutable traces it shares.
        [[nodiscard]] Status save(const std::string &path) const;
    };
    [[nodiscard]] Contents contents() const;

    void addRun(std::shared_ptr<const Trace> run);
    /// Puts run `index` of the sweep beside the others, shared with the sweep, not copied.
    void addSweepRun(size_t index);
    void setLiveRun(std::shared_ptr<const Trace> run);
    void clearLiveRun();
    /// Replaces the sweep (one at a time: the latest one measured or opened).
    void setSweep(std::shared_ptr<const SweepResult> sweep);
    /// Replaces everything (a file was opened), unmodified.
    void reset(RunList runs, std::shared_ptr<const SweepResult> sweep, const QString &filePath);
    /// An opened file: an empty document becomes it (unmodified); otherwise its runs join the
    /// others and its sweep, if it has one, replaces the document's.
    void addFile(RunList runs, std::shared_ptr<const SweepResult> sweep, const QString &filePath);
    void clear();

    [[nodiscard]] const QString &filePath() const { return m_filePath; }
    void setFilePath(const QString &path);
    [[nodiscard]] bool isModified() const { return m_modified; }
    void setModified(bool modified);

signals:
    void runsChanged();
    void sweepChanged();
    void modifiedChanged(bool modified);

private:
    RunList m_runs;
    std::shared_ptr<const Trace> m_live;
    std::shared_ptr<const SweepResult> m_sweep;
    QString m_filePath;
    bool m_modified = false;
};

} // namespace corescope
