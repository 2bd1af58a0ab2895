// SPDX-License-Identifier: MIT
#include "trace/bytereader.h"

namespace corescope {

uint64_t ByteReader::varintSlow()
{
    const uint8_t *start = m_pos;
    uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (m_pos == m_end)
            break;
        const uint8_t byte = *m_pos++;
        // The tenth byte may only carry the one bit that is left of 64.
        if (shift == 63 && byte > 1)
            break;
        value |= uint64_t(byte & 0x7F) << shift;
        if (byte < 0x80)
            return value;
    }
    m_pos = start;
    return fail<uint64_t>();
}

} // namespace corescope
