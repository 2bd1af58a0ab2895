// SPDX-License-Identifier: MIT
#include "qtext/qtext.h"

namespace corescope {

QString text(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

QString htmlText(std::string_view utf8)
{
    return text(utf8).toHtmlEscaped();
}

} // namespace corescope
