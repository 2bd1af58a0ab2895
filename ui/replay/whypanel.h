// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelinetheme.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace corescope {

class ReplayController;
class TimelineViewState;

/// "Why?": at the playhead, one line per thread or task of each run shown, with its state,
/// the cause in plain words (core/analysis's WhyQuery and causeSentence) and how long it has
/// lasted. Clicking a line highlights its lane; clicking the cause highlights the thread it
/// names (the holder of the GIL or the lock, the loop's thread).
class WhyPanel : public QWidget
{
    Q_OBJECT

public:
    WhyPanel(ReplayController *replay, TimelineViewState *state, QWidget *parent = nullptr);

    void setTheme(const TimelineTheme &theme);
    /// Asks again at the playhead (after the runs changed).
    void refresh();
    [[nodiscard]] QTreeWidget *tree() const { return m_tree; }

private:
    void onItemClicked(QTreeWidgetItem *item, int column);

    ReplayController *m_replay;
    TimelineViewState *m_state;
    TimelineTheme m_theme;
    QLabel *m_heading;
    QTreeWidget *m_tree;
};

} // namespace corescope
