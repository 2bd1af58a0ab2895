// SPDX-License-Identifier: MIT
#include "trace/utf8.h"

#include <cstdint>

namespace corescope {

size_t Utf8::sequenceLength(const unsigned char *p, const unsigned char *end)
{
    const unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t length = 0;
    uint32_t minimum = 0;
    uint32_t code = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        minimum = 0x80;
        code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        minimum = 0x800;
        code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        minimum = 0x10000;
        code = c & 0x07;
    } else {
        return 0;
    }
    if (size_t(end - p) < length)
        return 0;
    for (size_t i = 1; i < length; ++i) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

size_t Utf8::firstInvalid(std::string_view text)
{
    const auto *begin = reinterpret_cast<const unsigned char *>(text.data());
    const auto *end = begin + text.size();
    const auto *p = begin;
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const size_t length = sequenceLength(p, end);
        if (length == 0)
            return size_t(p - begin);
        p += length;
    }
    return std::string_view::npos;
}

} // namespace corescope
