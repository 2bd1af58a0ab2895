// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace corescope {

/// Appends little-endian integers, LEB128 varints and length-prefixed strings to a byte vector:
/// the encoding side of the native trace format's blocks.
class ByteWriter
{
public:
    void u8(uint8_t value) { m_bytes.push_back(value); }
    void u16(uint16_t value) { fixed(value); }
    void u32(uint32_t value) { fixed(value); }
    void u64(uint64_t value) { fixed(value); }
    /// Unsigned LEB128: seven bits a byte, small numbers take one byte.
    void varint(uint64_t value)
    {
        while (value >= 0x80) {
            m_bytes.push_back(uint8_t(value | 0x80));
            value >>= 7;
        }
        m_bytes.push_back(uint8_t(value));
    }
    /// Zigzag first, so that small negative numbers stay short too.
    void signedVarint(int64_t value) { varint((uint64_t(value) << 1) ^ uint64_t(value >> 63)); }
    void string(std::string_view text)
    {
        varint(text.size());
        bytes(text.data(), text.size());
    }
    void bytes(const void *data, size_t size)
    {
        const auto *p = static_cast<const uint8_t *>(data);
        m_bytes.insert(m_bytes.end(), p, p + size);
    }

    [[nodiscard]] size_t size() const { return m_bytes.size(); }
    [[nodiscard]] const std::vector<uint8_t> &data() const { return m_bytes; }
    [[nodiscard]] std::vector<uint8_t> &data() { return m_bytes; }
    void clear() { m_bytes.clear(); }

private:
    template <typename T>
    void fixed(T value)
    {
        uint8_t raw[sizeof(T)];
        std::memcpy(raw, &value, sizeof(T)); // little-endian hosts only (checked in the format)
        m_bytes.insert(m_bytes.end(), raw, raw + sizeof(T));
    }

    std::vector<uint8_t> m_bytes;
};

} // namespace corescope
