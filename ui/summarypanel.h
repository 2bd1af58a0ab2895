// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/runsummary.h"
#include "trace/trace.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QTextBrowser;
class QTimer;

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
    /// A replay's playhead: the figures up to it, or (nothing) of the whole run. Shown at most
    /// ten times a second while a replay plays; the figures are carried on from the last.
    void setPlayhead(std::optional<TimeNs> playhead);
    /// The HTML shown (tests read it).
    [[nodiscard]] QString html() const;

    /// The summary of `run` as HTML; `serial` (may be null) is the baseline for the speed-up;
    /// `figures`: RunSummary::of(run), computed here when null. With `upTo`, `figures` are
    /// those up to that instant (RunSummary::until) and only what they hold is shown.
    [[nodiscard]] static QString summaryHtml(const Trace &run, const Trace *serial,
                                             const RunSummary *figures = nullptr,
                                             std::optional<TimeNs> upTo = std::nullopt);

private:
    void showFigures();

    QTextBrowser *m_browser = nullptr;
    QTimer *m_showSoon = nullptr; ///< coalesces a playing replay's updates
    bool m_pending = false;       ///< a playhead came while it ran
    std::vector<std::shared_ptr<const Trace>> m_runs;
    int m_selected = -1;
    std::optional<TimeNs> m_playhead;
    // The figures up to the playhead, and where it was: the next step carries them on.
    RunSummary m_untilFigures;
    std::optional<TimeNs> m_untilAt;
    // The run shown last and its figures: a live trace's next snapshot carries them on.
    std::shared_ptr<const Trace> m_shown;
    RunSummary m_figures;
};

} // namespace corescope
