// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace corescope {

/// Reads what ByteWriter wrote from a bounded range, never past its end. A read that would
/// overrun, or a varint longer than 64 bits, marks the reader failed and returns 0, so decoders
/// check ok() once per column instead of after every value.
class ByteReader
{
public:
    ByteReader(const uint8_t *data, size_t size)
        : m_begin(data)
        , m_pos(data)
        , m_end(data + size)
    {
    }

    [[nodiscard]] bool ok() const { return !m_failed; }
    [[nodiscard]] bool atEnd() const { return m_pos == m_end; }
    [[nodiscard]] size_t offset() const { return size_t(m_pos - m_begin); }
    [[nodiscard]] size_t remaining() const { return size_t(m_end - m_pos); }
    /// Where the first failed read started.
    [[nodiscard]] size_t failedAt() const { return m_failedAt; }

    uint8_t u8()
    {
        if (m_pos == m_end)
            return fail<uint8_t>();
        return *m_pos++;
    }
    uint16_t u16() { return fixed<uint16_t>(); }
    uint32_t u32() { return fixed<uint32_t>(); }
    uint64_t u64() { return fixed<uint64_t>(); }

    [[gnu::always_inline]] uint64_t varint()
    {
        // Most values take one to four bytes; away from the end they need no bounds checks.
        if (m_end - m_pos >= 4) [[likely]] {
            const uint64_t b0 = m_pos[0];
            if (b0 < 0x80) {
                m_pos += 1;
                return b0;
            }
            const uint64_t b1 = m_pos[1];
            if (b1 < 0x80) {
                m_pos += 2;
                return (b0 & 0x7F) | b1 << 7;
            }
            const uint64_t b2 = m_pos[2];
            if (b2 < 0x80) {
                m_pos += 3;
                return (b0 & 0x7F) | (b1 & 0x7F) << 7 | b2 << 14;
            }
            const uint64_t b3 = m_pos[3];
            if (b3 < 0x80) {
                m_pos += 4;
                return (b0 & 0x7F) | (b1 & 0x7F) << 7 | (b2 & 0x7F) << 14 | b3 << 21;
            }
        }
        return varintSlow();
    }
    [[gnu::always_inline]] int64_t signedVarint()
    {
        const uint64_t zigzag = varint();
        return int64_t(zigzag >> 1) ^ -int64_t(zigzag & 1);
    }
    /// A length-prefixed string, viewed in place (valid as long as the underlying bytes).
    std::string_view string()
    {
        const uint64_t size = varint();
        if (size > remaining())
            return fail<std::string_view>();
        const std::string_view text(reinterpret_cast<const char *>(m_pos), size_t(size));
        m_pos += size;
        return text;
    }
    /// The next byte, for a reader of a sub-range.
    [[nodiscard]] const uint8_t *current() const { return m_pos; }
    /// Steps over `size` bytes (which the caller has checked remain).
    void skip(size_t size)
    {
        if (size > remaining())
            fail<int>();
        else
            m_pos += size;
    }
    /// Marks the reader failed here (a decoder found a value out of range).
    void invalidate()
    {
        if (!m_failed)
            m_failedAt = offset();
        m_failed = true;
    }

private:
    template <typename T>
    T fail()
    {
        invalidate();
        m_pos = m_end; // every later read fails too
        return T{};
    }
    template <typename T>
    T fixed()
    {
        if (remaining() < sizeof(T))
            return fail<T>();
        T value;
        std::memcpy(&value, m_pos, sizeof(T));
        m_pos += sizeof(T);
        return value;
    }
    uint64_t varintSlow();

    const uint8_t *m_begin;
    const uint8_t *m_pos;
    const uint8_t *m_end;
    size_t m_failedAt = 0;
    bool m_failed = false;
};

} // namespace corescope
