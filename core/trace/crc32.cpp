// SPDX-License-Identifier: MIT
#include "trace/crc32.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace corescope {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78u; // Castagnoli, reflected

/// Slicing-by-8 tables for machines without the instruction: table[k][b] is the CRC of byte b
/// followed by k zero bytes.
using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables makeTables()
{
    Tables tables{};
    for (uint32_t b = 0; b < 256; ++b) {
        uint32_t crc = b;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ ((crc & 1u) ? kPolynomial : 0u);
        tables[0][b] = crc;
    }
    for (size_t k = 1; k < tables.size(); ++k) {
        for (uint32_t b = 0; b < 256; ++b)
            tables[k][b] = (tables[k - 1][b] >> 8) ^ tables[0][tables[k - 1][b] & 0xFFu];
    }
    return tables;
}

constexpr Tables kTables = makeTables();

uint32_t software(uint32_t crc, const unsigned char *p, size_t size)
{
    while (size >= 8) {
        uint32_t low = 0;
        uint32_t high = 0;
        std::memcpy(&low, p, 4); // the format is little-endian, like every machine we target
        std::memcpy(&high, p + 4, 4);
        low ^= crc;
        crc = kTables[7][low & 0xFFu] ^ kTables[6][(low >> 8) & 0xFFu]
              ^ kTables[5][(low >> 16) & 0xFFu] ^ kTables[4][low >> 24] ^ kTables[3][high & 0xFFu]
              ^ kTables[2][(high >> 8) & 0xFFu] ^ kTables[1][(high >> 16) & 0xFFu]
              ^ kTables[0][high >> 24];
        p += 8;
        size -= 8;
    }
    while (size-- > 0)
        crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xFFu];
    return crc;
}

#if defined(__x86_64__)
[[gnu::target("sse4.2")]] uint32_t hardware(uint32_t crc, const unsigned char *p, size_t size)
{
    uint64_t wide = crc;
    while (size >= 8) {
        uint64_t word = 0;
        std::memcpy(&word, p, 8);
        wide = _mm_crc32_u64(wide, word);
        p += 8;
        size -= 8;
    }
    auto narrow = uint32_t(wide);
    while (size-- > 0)
        narrow = _mm_crc32_u8(narrow, *p++);
    return narrow;
}

bool haveSse42()
{
    static const bool have = [] {
        __builtin_cpu_init(); // this may run before the compiler's own initialisers
        return __builtin_cpu_supports("sse4.2") != 0;
    }();
    return have;
}
#endif

} // namespace

void Crc32::update(const void *data, size_t size)
{
    const auto *p = static_cast<const unsigned char *>(data);
#if defined(__x86_64__)
    if (haveSse42()) {
        m_state = hardware(m_state, p, size);
        return;
    }
#endif
    m_state = software(m_state, p, size);
}

uint32_t Crc32::of(const void *data, size_t size)
{
    Crc32 crc;
    crc.update(data, size);
    return crc.value();
}

} // namespace corescope
