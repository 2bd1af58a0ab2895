// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <string_view>

namespace corescope {

// The core's strings are UTF-8 (names, messages, the kinds table); this is their one way into Qt.
[[nodiscard]] QString text(std::string_view utf8);

// text(), escaped for rich text (a QTextBrowser page, a tooltip).
[[nodiscard]] QString htmlText(std::string_view utf8);

} // namespace corescope
