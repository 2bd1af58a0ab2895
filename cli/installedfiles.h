// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// Where CoreScope's installed files are, found from the folder of the running executable as the
// install rules lay them out (bin/../share/corescope/…), so that a package in /usr, a build
// installed into /usr/local or /opt, and a build tree (which the build lays out the same way)
// all find them. Needs a QCoreApplication (or a subclass) to exist.
namespace corescope::installedfiles {

/// `<prefix>/share/corescope/<relative>`: the Python helper, the example scripts and traces.
[[nodiscard]] QString dataPath(const QString &relative);
/// `<prefix>/lib/corescope/<relative>`: the GIL library loaded into recorded programs.
[[nodiscard]] QString libraryPath(const QString &relative);

} // namespace corescope::installedfiles
