// SPDX-License-Identifier: MIT
#pragma once

#include <QPalette>
#include <QString>

#include <optional>

namespace corescope {

/// The colour themes offered in View ▸ Theme. Light is the default: projectors wash out dark
/// slides, and lecturers asked for light first.
enum class Theme {
    Light,
    Dark,
};

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
