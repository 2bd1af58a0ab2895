// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QString>

// Who the application is: names, description, icon. One place, so that the window title, the
// About box, `--help`, QSettings paths and the desktop entry never disagree.
namespace corescope {

/// One line describing CoreScope, for `--help`, the About box and the desktop entry.
[[nodiscard]] QString applicationDescription();

/// Sets name, version, organisation and desktop file name on the running application object.
/// Needs a QCoreApplication (or a subclass) to exist.
void setApplicationMetadata();

/// Registers the compiled-in resources (icons). Idempotent. Needed because they live in a
/// static library, whose unreferenced objects the linker would otherwise drop.
void initApplicationResources();

/// The application icon from the resources (scalable SVG).
[[nodiscard]] QIcon applicationIcon();

} // namespace corescope
