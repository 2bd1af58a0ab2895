// SPDX-License-Identifier: MIT
#pragma once

#include "cli/appmetadata.h"

#include <QIcon>
#include <QString>

// Who the application is: names and description in cli/appmetadata.h (QtCore, for the command
// line too), the icon here.
namespace corescope {

/// Registers the compiled-in resources (icons). Idempotent. Needed because they live in a
/// static library, whose unreferenced objects the linker would otherwise drop.
void initApplicationResources();

/// The application icon from the resources (scalable SVG).
[[nodiscard]] QIcon applicationIcon();

} // namespace corescope
