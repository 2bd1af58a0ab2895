// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/runsummary.h"
#include "trace/trace.h"

#include <QWidget>

#include <memory>
#include <vector>

class QTextBrowser;

namespace corescope {

/// The figures of the selected run: wall and CPU time, speed-up against a serial run of the same
/// workload in the document, each core's busy share, each thread's (and task's) time per state,
/// and how the trace was captured. Every figure is a sum over the trace (RunSummary).
class SummaryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SummaryPanel(QWidget *parent = nullptr);

    /// Shows `runs[selected]`, comparing it with the other runs; nothing when out of range.
    void setRuns(const std::vector<std::shared_ptr<const Trace>> &runs, int selected);
    /// The HTML shown (tests read it).
    [[nodiscard]] QString html() const;

    /// The summary of `run` as HTML; `serial` (may be null) is the baseline for the speed-up;
    /// `figures`: RunSummary::of(run), computed here when null.
    [[nodiscard]] static QString summaryHtml(const Trace &run, const Trace *serial,
                                             const RunSummary *figures = nullptr);

private:
    QTextBrowser *m_browser = nullptr;
    // The run shown last and its figures: a live trace's next snapshot carries them on.
    std::shared_ptr<const Trace> m_shown;
    RunSummary m_figures;
};

} // namespace corescope
