// SPDX-License-Identifier: MIT
#include "trace/jsontextscanner.h"

#include <cstdint>
#include <cstring>

namespace corescope {
namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string &out, uint32_t code)
{
    if (code < 0x80) {
        out += char(code);
    } else if (code < 0x800) {
        out += char(0xC0 | (code >> 6));
        out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += char(0xE0 | (code >> 12));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    } else {
        out += char(0xF0 | (code >> 18));
        out += char(0x80 | ((code >> 12) & 0x3F));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    }
}

} // namespace

bool JsonTextScanner::fail(size_t at, std::string what)
{
    m_error = std::move(what);
    m_errorOffset = at;
    return false;
}

bool JsonTextScanner::readString(size_t &pos, std::string &out)
{
    out.clear();
    if (pos >= m_text.size() || m_text[pos] != '"')
        return fail(pos, "expected a string");
    const size_t start = pos;
    size_t i = pos + 1;
    while (i < m_text.size()) {
        const char c = m_text[i];
        if (c == '"') {
            pos = i + 1;
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20)
            return fail(i, "a control character inside a string");
        if (c != '\\') {
            out += c;
            ++i;
            continue;
        }
        if (i + 1 >= m_text.size())
            break;
        const char e = m_text[i + 1];
        i += 2;
        switch (e) {
        case '"':
            out += '"';
            break;
        case '\\':
            out += '\\';
            break;
        case '/':
            out += '/';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            uint32_t code = 0;
            for (int k = 0; k < 4; ++k) {
                const int digit = i < m_text.size() ? hexDigit(m_text[i]) : -1;
                if (digit < 0)
                    return fail(i, "a bad \\u escape");
                code = code * 16 + uint32_t(digit);
                ++i;
            }
            // A surrogate pair spells one character beyond U+FFFF; a lone half becomes U+FFFD.
            if (code >= 0xD800 && code <= 0xDBFF && i + 6 <= m_text.size() && m_text[i] == '\\'
                && m_text[i + 1] == 'u') {
                uint32_t low = 0;
                bool ok = true;
                for (int k = 0; k < 4 && ok; ++k) {
                    const int digit = hexDigit(m_text[i + 2 + size_t(k)]);
                    ok = digit >= 0;
                    low = low * 16 + uint32_t(digit);
                }
                if (ok && low >= 0xDC00 && low <= 0xDFFF) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            if (code >= 0xD800 && code <= 0xDFFF)
                code = 0xFFFD;
            appendUtf8(out, code);
            break;
        }
        default:
            return fail(i - 1, std::string("an unknown escape \\") + e);
        }
    }
    return fail(start, "a string that is never closed");
}

bool JsonTextScanner::skipString(size_t &pos)
{
    const size_t start = pos;
    size_t i = pos + 1;
    const size_t size = m_text.size();
    const char *text = m_text.data();
    while (i < size) {
        // memchr finds the next quote fast; only then do backslashes before it matter.
        const void *quote = std::memchr(text + i, '"', size - i);
        if (!quote)
            break;
        size_t q = size_t(static_cast<const char *>(quote) - text);
        size_t backslashes = 0;
        while (q - backslashes > start + 1 && text[q - backslashes - 1] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0) {
            pos = q + 1;
            return true;
        }
        i = q + 1;
    }
    return fail(start, "a string that is never closed");
}

bool JsonTextScanner::skipValue(size_t &pos)
{
    size_t depth = 0;
    size_t i = skipWhitespace(pos);
    const size_t start = i;
    while (i < m_text.size()) {
        const char c = m_text[i];
        if (c == '"') {
            if (!skipString(i))
                return false;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxDepth)
                return fail(i,
                            "JSON nested more than " + std::to_string(kMaxDepth) + " levels deep");
            ++i;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return fail(i, std::string("an unexpected '") + c + "'");
            --depth;
            ++i;
        } else if (depth == 0 && (c == ',')) {
            break;
        } else {
            ++i;
        }
        if (depth == 0) {
            // A scalar runs until a delimiter; a container has just closed.
            if (c != '"' && c != '}' && c != ']') {
                while (i < m_text.size() && m_text[i] != ',' && m_text[i] != '}' && m_text[i] != ']'
                       && m_text[i] != ' ' && m_text[i] != '\n' && m_text[i] != '\r'
                       && m_text[i] != '\t')
                    ++i;
            }
            pos = i;
            return i > start || fail(start, "a value is missing");
        }
    }
    if (depth > 0)
        return fail(start, "the file ends inside a value that starts here");
    pos = i;
    return i > start || fail(start, "a value is missing");
}

} // namespace corescope
