// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// Who the application is, in the words QtCore needs: name, version, organisation, description.
// The command line and the window both read it (the icon, which needs QtGui, is in
// ui/appidentity.h), so that `--help`, the About box, QSettings paths and the desktop entry never
// disagree.
namespace corescope {

/// One line describing CoreScope, for `--help`, the About box and the desktop entry.
[[nodiscard]] QString applicationDescription();

/// Sets name, version and organisation on the running application object (they pick the
/// QSettings file). Needs a QCoreApplication (or a subclass) to exist.
void setApplicationMetadata();

/// The desktop entry's name without ".desktop", for QGuiApplication::setDesktopFileName().
[[nodiscard]] QString desktopFileName();

} // namespace corescope
