// SPDX-License-Identifier: MIT
#include "timeline/timelinetheme.h"

namespace corescope {
namespace {

void setState(TimelineTheme &theme, ThreadState state, QColor colour)
{
    theme.states[size_t(state)] = colour;
}

void setLightColours(TimelineTheme &t)
{
    t.background = QColor(0xff, 0xff, 0xff);
    t.laneAlternate = QColor(0xf5, 0xf6, 0xf8);
    t.headerBackground = QColor(0xe4, 0xe9, 0xf0);
    t.afterEnd = QColor(0xe9, 0xe9, 0xe9);
    t.text = QColor(0x1a, 0x1a, 0x1a);
    t.mutedText = QColor(0x5c, 0x5c, 0x5c);
    t.grid = QColor(0xdc, 0xdc, 0xdc);
    t.separator = QColor(0x9a, 0xa5, 0xb1);
    t.selectionFill = QColor(0x00, 0x72, 0xb2, 28);
    t.selectionEdge = QColor(0x00, 0x4f, 0x7c);
    t.cursor = QColor(0x20, 0x20, 0x20);
    t.playhead = QColor(0xd5, 0x5e, 0x00);
    t.highlight = QColor(0x00, 0x00, 0x00);
    t.hatch = QColor(0xff, 0xff, 0xff, 170);
    t.gilArrow = QColor(0xa0, 0x10, 0x20, 190);
    t.lockArrow = QColor(0x6a, 0x40, 0x00, 200);
    t.queueArrow = QColor(0x8e, 0x15, 0x66, 210);
    t.counter = QColor(0x3d, 0x5a, 0x80);
    t.otherPrograms = QColor(0x7c, 0x80, 0x88);
    setState(t, ThreadState::Running, QColor(0x33, 0x33, 0x33)); // unused: the thread's colour
    setState(t, ThreadState::Runnable, QColor(0xa8, 0xa8, 0xa8));
    setState(t, ThreadState::GilWait, QColor(0xd7, 0x19, 0x1c));
    setState(t, ThreadState::LockWait, QColor(0x8c, 0x51, 0x0a));
    setState(t, ThreadState::Io, QColor(0x6f, 0xa8, 0xdc));
    setState(t, ThreadState::Sleeping, QColor(0xc8, 0xc8, 0xc8));
    setState(t, ThreadState::Starting, QColor(0x9e, 0x8c, 0xc8));
    setState(t, ThreadState::Blocked, QColor(0x8f, 0xa8, 0xa0));
    // A task's states: running on its thread a dark slate (no thread colour: a task has none),
    // ready (wants its loop, like runnable wants a core) warm, awaiting (like I/O) green.
    setState(t, ThreadState::QueueWait, QColor(0xc5, 0x1b, 0x7d));
    setState(t, ThreadState::Awaiting, QColor(0x5a, 0xae, 0x61));
    setState(t, ThreadState::Ready, QColor(0xe8, 0x84, 0x5c));
    setState(t, ThreadState::TaskRunning, QColor(0x46, 0x54, 0x6b));
}

void setDarkColours(TimelineTheme &t)
{
    // The background is the dark palette's base (and the charts'); the lanes and header step
    // up from it in the same blue-grey family.
    t.background = QColor::fromRgb(kDarkBackground);
    t.laneAlternate = QColor(0x26, 0x2b, 0x35);
    t.headerBackground = QColor(0x30, 0x36, 0x42);
    t.afterEnd = QColor(0x2c, 0x2e, 0x33);
    t.text = QColor(0xec, 0xec, 0xec);
    t.mutedText = QColor(0xa8, 0xa8, 0xa8);
    t.grid = QColor(0x37, 0x3d, 0x49);
    t.separator = QColor(0x5a, 0x64, 0x70);
    t.selectionFill = QColor(0x56, 0xb4, 0xe9, 50);
    t.selectionEdge = QColor(0x56, 0xb4, 0xe9);
    t.cursor = QColor(0xf0, 0xf0, 0xf0);
    t.playhead = QColor(0xff, 0x9f, 0x40);
    t.highlight = QColor(0xff, 0xff, 0xff);
    t.hatch = QColor(0x00, 0x00, 0x00, 150);
    t.gilArrow = QColor(0xff, 0x6b, 0x6b, 200);
    t.lockArrow = QColor(0xe0, 0xb0, 0x60, 200);
    t.queueArrow = QColor(0xf2, 0x8c, 0xc4, 210);
    t.counter = QColor(0x8f, 0xb3, 0xde);
    t.otherPrograms = QColor(0x70, 0x76, 0x80);
    setState(t, ThreadState::Running, QColor(0x33, 0x33, 0x33)); // unused: the thread's colour
    setState(t, ThreadState::Runnable, QColor(0x7a, 0x7a, 0x7a));
    setState(t, ThreadState::GilWait, QColor(0xf0, 0x3b, 0x3b));
    setState(t, ThreadState::LockWait, QColor(0xc0, 0x86, 0x3a));
    setState(t, ThreadState::Io, QColor(0x5a, 0x9b, 0xd5));
    setState(t, ThreadState::Sleeping, QColor(0x4a, 0x4a, 0x4a));
    setState(t, ThreadState::Starting, QColor(0x8a, 0x7c, 0xc0));
    setState(t, ThreadState::Blocked, QColor(0x5f, 0x78, 0x70));
    setState(t, ThreadState::QueueWait, QColor(0xe8, 0x60, 0x9f));
    setState(t, ThreadState::Awaiting, QColor(0x74, 0xc4, 0x76));
    setState(t, ThreadState::Ready, QColor(0xf2, 0xa0, 0x7b));
    setState(t, ThreadState::TaskRunning, QColor(0xa3, 0xb3, 0xc9));
}

/// Large type, tall lanes, thick lines, and text and rules pushed towards full contrast: a
/// projector washes out pale greys and hairlines.
void setPresentation(TimelineTheme &t)
{
    if (t.isDark()) {
        t.text = QColor(0xff, 0xff, 0xff);
        t.mutedText = QColor(0xd0, 0xd0, 0xd0);
        t.grid = QColor(0x4a, 0x52, 0x62);
        t.separator = QColor(0xa0, 0xa8, 0xb4);
    } else {
        t.text = QColor(0x00, 0x00, 0x00);
        t.mutedText = QColor(0x30, 0x30, 0x30);
        t.grid = QColor(0xc4, 0xc4, 0xc4);
        t.laneAlternate = QColor(0xf0, 0xf1, 0xf4);
        t.separator = QColor(0x40, 0x48, 0x50);
    }
    t.fontPixels = 20;
    t.titlePixels = 32;
    t.headerHeight = 34;
    t.coreLaneHeight = 38;
    t.threadLaneHeight = 44;
    t.taskLaneHeight = 30;
    t.counterLaneHeight = 48;
    t.laneGap = 3;
    t.lineWidth = 2.0;
    t.hatchSpacing = 9.0;
}

} // namespace

TimelineTheme TimelineTheme::forAppearance(Appearance appearance)
{
    TimelineTheme t;
    t.appearance = appearance;
    if (appearance.isDark())
        setDarkColours(t);
    else
        setLightColours(t);
    if (appearance.presentation)
        setPresentation(t);
    return t;
}

QColor TimelineTheme::arrowColour(MarkerKind kind) const
{
    switch (kind) {
    case MarkerKind::GilHandoff:
        return gilArrow;
    case MarkerKind::LockHandoff:
        return lockArrow;
    case MarkerKind::QueueHandoff:
        return queueArrow;
    default:
        break;
    }
    return mutedText;
}

QColor TimelineTheme::counterColour(CounterKind kind) const
{
    switch (kind) {
    case CounterKind::QueueDepth:
        return stateColour(ThreadState::QueueWait);
    case CounterKind::ReadyTasks:
        return stateColour(ThreadState::Ready);
    default:
        break;
    }
    return counter;
}

} // namespace corescope
