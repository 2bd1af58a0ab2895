// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinetheme.h"

#include <QWidget>

class QLabel;
class QTimer;
class QTextBrowser;
class QUrl;

namespace corescope {

class ReplayController;
class TimelineViewState;

/// "Why?": at the playhead, one line per thread or task of each run shown, with its state, the
/// cause in plain words (core/analysis's WhyQuery and causeSentence) and how long it has
/// lasted. Every thread a line names is a link: clicking the lane's name highlights its lane,
/// clicking the holder of the GIL or the lock (or a thread on a busy core) highlights that one.
/// With the critical path shown, its breakdown follows.
class WhyPanel : public QWidget
{
    Q_OBJECT

public:
    WhyPanel(ReplayController *replay, TimelineViewState *state, QWidget *parent = nullptr);

    void setTheme(const TimelineTheme &theme);
    /// Asks again at the playhead.
    void refresh();
    /// The replay's runs changed: everything anew, the critical path's breakdown too.
    void runsChanged();
    /// What the panel shows, as HTML (tests read it), and the critical path's breakdown.
    [[nodiscard]] QString html() const;
    [[nodiscard]] QString criticalPathText() const;
    /// Follows a link of the answers, as a click on it does ("lane:RUN:THREAD").
    void openLink(const QUrl &link);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void playheadMoved();
    void showCriticalPath();

    ReplayController *m_replay;
    TimelineViewState *m_state;
    TimelineTheme m_theme;
    QTextBrowser *m_answers;
    QLabel *m_path;         ///< the critical path's breakdown, when it is shown
    QTimer *m_refreshSoon;  ///< coalesces a playing replay's moves
    bool m_pending = false; ///< a move came while it ran, or while the panel was hidden
};

} // namespace corescope
