// SPDX-License-Identifier: MIT
#include "engine/workloads/sha256.h"

#include <bit>
#include <cstring>

namespace corescope {
namespace {

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::array<uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t bigEndian(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

} // namespace

void Sha256::compress(const uint8_t *block)
{
    std::array<uint32_t, 64> w;
    for (size_t i = 0; i < 16; ++i)
        w[i] = bigEndian(block + 4 * i);
    for (size_t i = 16; i < 64; ++i) {
        const uint32_t s0 = std::rotr(w[i - 15], 7) ^ std::rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const uint32_t s1 = std::rotr(w[i - 2], 17) ^ std::rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = m_state;
    for (size_t i = 0; i < 64; ++i) {
        const uint32_t t1 = h + (std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25))
                            + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
        const uint32_t t2 =
            (std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    const std::array<uint32_t, 8> add{a, b, c, d, e, f, g, h};
    for (size_t i = 0; i < 8; ++i)
        m_state[i] += add[i];
}

void Sha256::update(std::span<const std::byte> bytes)
{
    const auto *p = reinterpret_cast<const uint8_t *>(bytes.data());
    size_t left = bytes.size();
    m_length += left;
    if (m_filled > 0) {
        const size_t take = std::min(left, m_block.size() - m_filled);
        std::memcpy(m_block.data() + m_filled, p, take);
        m_filled += take;
        p += take;
        left -= take;
        if (m_filled < m_block.size())
            return;
        compress(m_block.data());
        m_filled = 0;
    }
    for (; left >= 64; p += 64, left -= 64)
        compress(p);
    std::memcpy(m_block.data(), p, left);
    m_filled = left;
}

Sha256::Digest Sha256::finish()
{
    // A one bit, zeros to 56 bytes of the last block, then the length in bits, big-endian.
    const uint64_t bits = m_length * 8;
    std::array<std::byte, 72> padding{};
    padding[0] = std::byte{0x80};
    const size_t zeros = (m_filled < 56 ? 56 : 120) - m_filled;
    for (size_t i = 0; i < 8; ++i)
        padding[zeros + i] = std::byte(bits >> (56 - 8 * i));
    update(std::span(padding).first(zeros + 8));
    Digest digest;
    for (size_t i = 0; i < 8; ++i)
        for (size_t k = 0; k < 4; ++k)
            digest[4 * i + k] = uint8_t(m_state[i] >> (24 - 8 * k));
    return digest;
}

Sha256::Digest Sha256::of(std::span<const std::byte> bytes)
{
    Sha256 hash;
    hash.update(bytes);
    return hash.finish();
}

std::string Sha256::hex(const Digest &digest)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const uint8_t byte : digest) {
        out += kDigits[byte >> 4];
        out += kDigits[byte & 15];
    }
    return out;
}

} // namespace corescope
