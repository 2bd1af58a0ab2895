// SPDX-License-Identifier: MIT
#include "timeline/timelineviewstate.h"

#include <algorithm>

namespace corescope {

TimelineViewState::TimelineViewState(QObject *parent)
    : QObject(parent)
{
}

void TimelineViewState::setVisibleRange(TimeNs begin, TimeNs end)
{
    if (begin >= end || (begin == m_begin && end == m_end))
        return;
    m_begin = begin;
    m_end = end;
    emit visibleRangeChanged();
}

void TimelineViewState::setSelection(TimeNs begin, TimeNs end)
{
    if (begin == end) {
        clearSelection();
        return;
    }
    const std::pair<TimeNs, TimeNs> range{std::min(begin, end), std::max(begin, end)};
    if (m_selection == range)
        return;
    m_selection = range;
    emit selectionChanged();
}

void TimelineViewState::clearSelection()
{
    if (!m_selection)
        return;
    m_selection.reset();
    emit selectionChanged();
}

void TimelineViewState::setHighlightedThread(std::optional<ThreadKey> thread)
{
    if (m_highlight == thread)
        return;
    m_highlight = thread;
    emit highlightChanged();
}

void TimelineViewState::setCursor(std::optional<TimeNs> time)
{
    if (m_cursor == time)
        return;
    m_cursor = time;
    emit cursorChanged();
}

void TimelineViewState::setPlayhead(std::optional<TimeNs> time)
{
    if (m_playhead == time)
        return;
    m_playhead = time;
    emit playheadChanged();
}

void TimelineViewState::setShowsCriticalPath(bool show)
{
    if (m_criticalPath == show)
        return;
    m_criticalPath = show;
    emit criticalPathShownChanged();
}

void TimelineViewState::setPredicting(bool predicting)
{
    if (m_predicting == predicting)
        return;
    m_predicting = predicting;
    emit predictingChanged();
}

} // namespace corescope
