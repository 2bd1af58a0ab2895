// SPDX-License-Identifier: MIT
#include "theme.h"

#include <QApplication>
#include <QColor>
#include <QStyle>

namespace corescope {

namespace {

QPalette darkPalette()
{
    // Greys with a slight blue cast, the same family as the icon's background, and enough
    // contrast (text ≥ 7:1 on base) to survive a projector.
    const QColor window(0x2b, 0x30, 0x3b);
    const QColor base = QColor::fromRgb(kDarkBackground);
    const QColor alternateBase(0x26, 0x2b, 0x35);
    const QColor text(0xe6, 0xe9, 0xef);
    const QColor disabledText(0x80, 0x87, 0x94);
    const QColor button(0x33, 0x39, 0x45);
    const QColor highlight(0x3d, 0x8e, 0xd8);
    const QColor link(0x6c, 0xb4, 0xee);

    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, alternateBase);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::Light, button.lighter(130));
    palette.setColor(QPalette::Midlight, button.lighter(115));
    palette.setColor(QPalette::Mid, button.darker(120));
    palette.setColor(QPalette::Dark, button.darker(150));
    palette.setColor(QPalette::Shadow, Qt::black);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, link);
    palette.setColor(QPalette::LinkVisited, link.darker(115));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabledText);
    }
    palette.setColor(QPalette::Disabled, QPalette::Highlight, button.lighter(120));
    return palette;
}

} // namespace

QPalette themePalette(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QApplication::style()->standardPalette();
    case Theme::Dark:
        return darkPalette();
    }
    return QApplication::style()->standardPalette();
}

void applyTheme(Theme theme)
{
    QApplication::setPalette(themePalette(theme));
}

QString themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    }
    return QStringLiteral("light");
}

std::optional<Theme> themeFromKey(const QString &key)
{
    for (const Theme theme : {Theme::Light, Theme::Dark}) {
        if (key == themeKey(theme)) {
            return theme;
        }
    }
    return std::nullopt;
}

} // namespace corescope
