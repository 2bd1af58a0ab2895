// SPDX-License-Identifier: MIT
#include "trace/jsonwriter.h"

#include "trace/utf8.h"

#include <charconv>

namespace corescope {

JsonWriter::JsonWriter(std::function<void(std::string_view)> out)
    : m_out(std::move(out))
{
    m_buffer.reserve(kFlushBytes + 4096);
}

JsonWriter::~JsonWriter() = default;

void JsonWriter::flush()
{
    if (!m_buffer.empty())
        m_out(m_buffer);
    m_buffer.clear();
}

JsonWriter &JsonWriter::escaped(std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const auto *end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            m_buffer.push_back(char(c));
            ++p;
        } else if (c == '"' || c == '\\') {
            m_buffer.push_back('\\');
            m_buffer.push_back(char(c));
            ++p;
        } else if (c < 0x20) {
            m_buffer.append("\\u00");
            m_buffer.push_back(kHex[c >> 4]);
            m_buffer.push_back(kHex[c & 0xF]);
            ++p;
        } else if (const size_t length = Utf8::sequenceLength(p, end)) {
            m_buffer.append(reinterpret_cast<const char *>(p), length);
            p += length;
        } else {
            m_buffer.append("\xEF\xBF\xBD"); // U+FFFD REPLACEMENT CHARACTER
            ++p;
        }
    }
    return *this;
}

JsonWriter &JsonWriter::integer(int64_t value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    m_buffer.append(digits, result.ptr);
    return *this;
}

JsonWriter &JsonWriter::unsignedInteger(uint64_t value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    m_buffer.append(digits, result.ptr);
    return *this;
}

JsonWriter &JsonWriter::real(double value)
{
    char digits[32];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    m_buffer.append(digits, result.ptr);
    return *this;
}

JsonWriter &JsonWriter::micros(TimeNs ns)
{
    // Integer arithmetic: exact for every int64, unlike printing a double.
    uint64_t magnitude = ns < 0 ? uint64_t(0) - uint64_t(ns) : uint64_t(ns);
    if (ns < 0)
        m_buffer.push_back('-');
    unsignedInteger(magnitude / 1000);
    unsigned fraction = unsigned(magnitude % 1000);
    if (fraction != 0) {
        char decimals[4] = {'.', char('0' + fraction / 100), char('0' + fraction / 10 % 10),
                            char('0' + fraction % 10)};
        size_t length = 4;
        while (decimals[length - 1] == '0')
            --length;
        m_buffer.append(decimals, length);
    }
    return *this;
}

} // namespace corescope
