// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QPalette>
#include <QRgb>
#include <QString>

#include <array>
#include <optional>

namespace corescope {

/// The colour schemes offered in View ▸ Theme. Light is the default: projectors wash out dark
/// slides, and lecturers asked for light first.
enum class Theme {
    Light,
    Dark,
};

/// How everything looks: a colour scheme and presentation mode (large type, thick lines and
/// strong contrast for the back of a lecture hall). The window's palette, the timeline's theme
/// (TimelineTheme::forAppearance) and the charts' style (ChartStyle::forAppearance) all derive
/// from this one value, so that they never disagree. Appearance and its names are inline here,
/// so that the image exports use them without Qt Widgets; the theme functions at the end are
/// defined in theme.cpp, where the palette ones reach QApplication.
struct Appearance
{
    Theme scheme = Theme::Light;
    bool presentation = false;

    [[nodiscard]] bool isDark() const { return scheme == Theme::Dark; }
    friend bool operator==(const Appearance &, const Appearance &) = default;
};

/// Every appearance, light first: what the export dialog offers and the tests walk.
inline constexpr std::array<Appearance, 4> kAppearances{
    Appearance{Theme::Light, false}, Appearance{Theme::Dark, false}, Appearance{Theme::Light, true},
    Appearance{Theme::Dark, true}};

/// The one dark background: the dark palette's base, behind the timeline's lanes and the charts,
/// so that a view sits flush in its dock.
inline constexpr QRgb kDarkBackground = 0xff1f232b;

/// The stable name on the command line: "light", "dark", "presentation" (light, for projectors)
/// and "dark-presentation".
[[nodiscard]] inline QString appearanceName(Appearance appearance)
{
    if (appearance.presentation)
        return appearance.isDark() ? QStringLiteral("dark-presentation")
                                   : QStringLiteral("presentation");
    return appearance.isDark() ? QStringLiteral("dark") : QStringLiteral("light");
}

/// The appearance named `name` (any case), or std::nullopt for an unknown name.
[[nodiscard]] inline std::optional<Appearance> appearanceFromName(const QString &name)
{
    for (const Appearance appearance : kAppearances) {
        if (name.compare(appearanceName(appearance), Qt::CaseInsensitive) == 0)
            return appearance;
    }
    return std::nullopt;
}

/// The palette for theme, derived from the current style's standard palette so that the light
/// theme looks native.
[[nodiscard]] QPalette themePalette(Theme theme);

/// Makes theme the application's palette (every widget follows QApplication's palette).
void applyTheme(Theme theme);

/// The stable name stored in QSettings ("light", "dark").
[[nodiscard]] QString themeKey(Theme theme);
/// The theme stored under key, or std::nullopt for an unknown key.
[[nodiscard]] std::optional<Theme> themeFromKey(const QString &key);

} // namespace corescope

Q_DECLARE_METATYPE(corescope::Appearance)
