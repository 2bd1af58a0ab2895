// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <string>
#include <string_view>
#include <vector>

namespace corescope {

/// A command line typed as one text, split into the program and its arguments as a POSIX shell
/// splits words, with nothing expanded: blanks separate words; '…' keeps everything inside;
/// "…" keeps everything but a backslash before " \ $ ` or a line break; elsewhere a backslash
/// keeps the next character. There is no shell to run operators (| ; & < >), so an unquoted one
/// is refused rather than passed on as an argument. An error says what is wrong and at which
/// character (counted from 1).
[[nodiscard]] Result<std::vector<std::string>> splitShellWords(std::string_view line);

} // namespace corescope
