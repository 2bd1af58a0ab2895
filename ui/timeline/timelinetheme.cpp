// SPDX-License-Identifier: MIT
#include "timeline/timelinetheme.h"

namespace corescope {
namespace {

void setState(TimelineTheme &theme, ThreadState state, QColor colour)
{
    theme.states[size_t(state)] = colour;
}

} // namespace

TimelineTheme TimelineTheme::light()
{
    TimelineTheme t;
    t.kind = Kind::Light;
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
    t.highlight = QColor(0x00, 0x00, 0x00);
    t.hatch = QColor(0xff, 0xff, 0xff, 170);
    t.gilArrow = QColor(0xa0, 0x10, 0x20, 190);
    t.lockArrow = QColor(0x6a, 0x40, 0x00, 200);
    setState(t, ThreadState::Running, QColor(0x33, 0x33, 0x33)); // unused: the thread's colour
    setState(t, ThreadState::Runnable, QColor(0xa8, 0xa8, 0xa8));
    setState(t, ThreadState::GilWait, QColor(0xd7, 0x19, 0x1c));
    setState(t, ThreadState::LockWait, QColor(0x8c, 0x51, 0x0a));
    setState(t, ThreadState::Io, QColor(0x6f, 0xa8, 0xdc));
    setState(t, ThreadState::Sleeping, QColor(0xc8, 0xc8, 0xc8));
    setState(t, ThreadState::Starting, QColor(0x9e, 0x8c, 0xc8));
    return t;
}

TimelineTheme TimelineTheme::dark()
{
    TimelineTheme t = light();
    t.kind = Kind::Dark;
    t.background = QColor(0x1c, 0x1d, 0x21);
    t.laneAlternate = QColor(0x24, 0x26, 0x2b);
    t.headerBackground = QColor(0x30, 0x35, 0x3e);
    t.afterEnd = QColor(0x2c, 0x2c, 0x2c);
    t.text = QColor(0xec, 0xec, 0xec);
    t.mutedText = QColor(0xa8, 0xa8, 0xa8);
    t.grid = QColor(0x38, 0x3a, 0x40);
    t.separator = QColor(0x5a, 0x64, 0x70);
    t.selectionFill = QColor(0x56, 0xb4, 0xe9, 50);
    t.selectionEdge = QColor(0x56, 0xb4, 0xe9);
    t.cursor = QColor(0xf0, 0xf0, 0xf0);
    t.highlight = QColor(0xff, 0xff, 0xff);
    t.hatch = QColor(0x00, 0x00, 0x00, 150);
    t.gilArrow = QColor(0xff, 0x6b, 0x6b, 200);
    t.lockArrow = QColor(0xe0, 0xb0, 0x60, 200);
    setState(t, ThreadState::Runnable, QColor(0x7a, 0x7a, 0x7a));
    setState(t, ThreadState::GilWait, QColor(0xf0, 0x3b, 0x3b));
    setState(t, ThreadState::LockWait, QColor(0xc0, 0x86, 0x3a));
    setState(t, ThreadState::Io, QColor(0x5a, 0x9b, 0xd5));
    setState(t, ThreadState::Sleeping, QColor(0x4a, 0x4a, 0x4a));
    setState(t, ThreadState::Starting, QColor(0x8a, 0x7c, 0xc0));
    return t;
}

TimelineTheme TimelineTheme::presentation()
{
    TimelineTheme t = light();
    t.kind = Kind::Presentation;
    t.text = QColor(0x00, 0x00, 0x00);
    t.mutedText = QColor(0x30, 0x30, 0x30);
    t.grid = QColor(0xc4, 0xc4, 0xc4);
    t.laneAlternate = QColor(0xf0, 0xf1, 0xf4);
    t.separator = QColor(0x40, 0x48, 0x50);
    t.fontPixels = 20;
    t.titlePixels = 32;
    t.headerHeight = 34;
    t.coreLaneHeight = 38;
    t.threadLaneHeight = 44;
    t.laneGap = 3;
    t.lineWidth = 2.0;
    t.hatchSpacing = 9.0;
    return t;
}

TimelineTheme TimelineTheme::of(Kind kind)
{
    switch (kind) {
    case Kind::Dark:
        return dark();
    case Kind::Presentation:
        return presentation();
    case Kind::Light:
        break;
    }
    return light();
}

QString TimelineTheme::name(Kind kind)
{
    switch (kind) {
    case Kind::Dark:
        return QStringLiteral("dark");
    case Kind::Presentation:
        return QStringLiteral("presentation");
    case Kind::Light:
        break;
    }
    return QStringLiteral("light");
}

std::optional<TimelineTheme::Kind> TimelineTheme::kindFromName(const QString &name)
{
    for (const Kind kind : {Kind::Light, Kind::Dark, Kind::Presentation}) {
        if (name.compare(TimelineTheme::name(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

} // namespace corescope
