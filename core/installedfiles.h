// SPDX-License-Identifier: MIT
#pragma once

#include <string>

// Where CoreScope's installed files are, found from the folder of the running executable as the
// install rules lay them out (bin/../share/corescope/…), so that a package in /usr, a build
// installed into /usr/local or /opt, and a build tree (which the build lays out the same way)
// all find them.
namespace corescope::installedfiles {

/// `<prefix>/share/corescope/<relative>`: the Python helper, the example scripts and traces.
[[nodiscard]] std::string dataPath(const std::string &relative);
/// `<prefix>/lib/corescope/<relative>`: the GIL library loaded into recorded programs.
[[nodiscard]] std::string libraryPath(const std::string &relative);

} // namespace corescope::installedfiles
