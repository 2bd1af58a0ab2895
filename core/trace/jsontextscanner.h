// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace corescope {

/// A small hand-written reader for the outer layer of a trace document: whitespace, keys, and
/// values to step over without parsing them. The events themselves go to simdjson; this only
/// needs to find them, and never recurses, so no nesting depth can exhaust the stack.
class JsonTextScanner
{
public:
    /// Values nested deeper than this are refused rather than skipped.
    static constexpr size_t kMaxDepth = 1024;

    explicit JsonTextScanner(std::string_view text)
        : m_text(text)
    {
    }

    [[nodiscard]] size_t skipWhitespace(size_t pos) const
    {
        while (pos < m_text.size()
               && (m_text[pos] == ' ' || m_text[pos] == '\n' || m_text[pos] == '\r'
                   || m_text[pos] == '\t'))
            ++pos;
        return pos;
    }
    /// Reads the string starting at the quote at `pos` into `out` (unescaped) and moves `pos`
    /// past its closing quote.
    [[nodiscard]] bool readString(size_t &pos, std::string &out);
    /// Moves `pos` past the value that starts there (any JSON value).
    [[nodiscard]] bool skipValue(size_t &pos);
    /// Why the last call failed, and where.
    [[nodiscard]] const std::string &error() const { return m_error; }
    [[nodiscard]] size_t errorOffset() const { return m_errorOffset; }

private:
    bool fail(size_t at, std::string what);
    bool skipString(size_t &pos);

    std::string_view m_text;
    std::string m_error;
    size_t m_errorOffset = 0;
};

} // namespace corescope
