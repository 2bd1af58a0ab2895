// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace corescope {

/// Writes JSON text into a buffer that it hands to `out` about a megabyte at a time, so that a
/// large export never holds the whole document in memory. Structure (braces, commas) is the
/// caller's job; this class gets the values right: strings escaped and made valid UTF-8,
/// integers exact, and nanosecond times as microseconds with up to three decimals.
class JsonWriter
{
public:
    explicit JsonWriter(std::function<void(std::string_view)> out);
    ~JsonWriter();
    JsonWriter(const JsonWriter &) = delete;
    JsonWriter &operator=(const JsonWriter &) = delete;

    JsonWriter &raw(std::string_view text)
    {
        m_buffer.append(text);
        return *this;
    }
    JsonWriter &raw(char c)
    {
        m_buffer.push_back(c);
        return *this;
    }
    /// A quoted string; invalid UTF-8 becomes U+FFFD, control characters become escapes.
    JsonWriter &string(std::string_view text)
    {
        m_buffer.push_back('"');
        escaped(text);
        m_buffer.push_back('"');
        return *this;
    }
    /// A string's contents without the quotes, for strings written in several parts.
    JsonWriter &escaped(std::string_view text);
    JsonWriter &integer(int64_t value);
    JsonWriter &unsignedInteger(uint64_t value);
    /// The shortest text that reads back as `value` exactly; `value` must be finite (JSON has
    /// no NaN or infinity).
    JsonWriter &real(double value);
    /// `ns` as microseconds, the Trace Event Format's unit: 1234567 → 1234.567, 5000 → 5.
    JsonWriter &micros(TimeNs ns);
    /// `"key":` — keys are our own ASCII names and need no escaping.
    JsonWriter &key(std::string_view name)
    {
        m_buffer.push_back('"');
        m_buffer.append(name);
        m_buffer.append("\":");
        return *this;
    }
    /// Passes on what is buffered once there is enough of it.
    void maybeFlush()
    {
        if (m_buffer.size() >= kFlushBytes)
            flush();
    }
    void flush();

private:
    static constexpr size_t kFlushBytes = size_t(1) << 20;
    std::function<void(std::string_view)> m_out;
    std::string m_buffer;
};

} // namespace corescope
