// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>

namespace corescope {

/// UTF-8 checks for text that goes into or comes out of JSON, which must be valid UTF-8.
class Utf8
{
public:
    /// The length of the valid sequence starting at `p` (1 for ASCII), or 0 when it is invalid
    /// (overlong, a surrogate, beyond U+10FFFF, or cut off by `end`).
    [[nodiscard]] static size_t sequenceLength(const unsigned char *p, const unsigned char *end);
    /// The offset of the first invalid byte, or std::string_view::npos when all is valid.
    [[nodiscard]] static size_t firstInvalid(std::string_view text);
};

} // namespace corescope
