// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <QObject>

#include <cstdint>
#include <optional>
#include <utility>

namespace corescope {

/// A thread of one of the runs shown: which run (index into the views' runs) and which thread
/// (index into that run's Trace::threads()).
struct ThreadKey
{
    int run = 0;
    uint32_t thread = 0;
    friend bool operator==(const ThreadKey &, const ThreadKey &) = default;
};

/// What the user is looking at, shared by every view of one window: the visible time range, the
/// selected range, the highlighted thread and the time under the mouse. Views change it and
/// follow its signals, so zooming, selecting or clicking in one view shows in all of them.
/// Times are on the shared axis: each run's time 0 is its own start.
class TimelineViewState : public QObject
{
    Q_OBJECT

public:
    explicit TimelineViewState(QObject *parent = nullptr);

    [[nodiscard]] TimeNs visibleBegin() const { return m_begin; }
    [[nodiscard]] TimeNs visibleEnd() const { return m_end; }
    /// Ignored unless begin < end; views clamp the range to their content before calling this.
    void setVisibleRange(TimeNs begin, TimeNs end);

    [[nodiscard]] std::optional<std::pair<TimeNs, TimeNs>> selection() const { return m_selection; }
    /// Orders the two ends; an empty range clears the selection.
    void setSelection(TimeNs begin, TimeNs end);
    void clearSelection();

    [[nodiscard]] std::optional<ThreadKey> highlightedThread() const { return m_highlight; }
    void setHighlightedThread(std::optional<ThreadKey> thread);

    /// The time under the mouse in whichever view has it, or nothing when the mouse is away.
    [[nodiscard]] std::optional<TimeNs> cursor() const { return m_cursor; }
    void setCursor(std::optional<TimeNs> time);

    /// Where a replay stands, or nothing when none is under way; every view follows it.
    [[nodiscard]] std::optional<TimeNs> playhead() const { return m_playhead; }
    void setPlayhead(std::optional<TimeNs> time);
    /// Predict mode: what lies after the playhead is hidden (drawn over, never in a tooltip),
    /// so that a class can call what comes next before it is revealed.
    [[nodiscard]] bool predicting() const { return m_predicting; }
    void setPredicting(bool predicting);
    /// Whether the runs' critical paths are drawn over their lanes.
    [[nodiscard]] bool showsCriticalPath() const { return m_criticalPath; }
    void setShowsCriticalPath(bool show);
    /// Whether `time` is hidden from view now (after the playhead in predict mode).
    [[nodiscard]] bool hides(TimeNs time) const
    {
        return m_predicting && m_playhead && time > *m_playhead;
    }

signals:
    void visibleRangeChanged();
    void selectionChanged();
    void highlightChanged();
    void cursorChanged();
    void playheadChanged();
    void predictingChanged();
    void criticalPathShownChanged();

private:
    TimeNs m_begin = 0;
    TimeNs m_end = 1'000'000'000;
    std::optional<std::pair<TimeNs, TimeNs>> m_selection;
    std::optional<ThreadKey> m_highlight;
    std::optional<TimeNs> m_cursor;
    std::optional<TimeNs> m_playhead;
    bool m_predicting = false;
    bool m_criticalPath = false;
};

} // namespace corescope
