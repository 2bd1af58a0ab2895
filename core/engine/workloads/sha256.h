// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace corescope {

/// SHA-256 (FIPS 180-4), to check what a child program computed without asking it.
class Sha256
{
public:
    using Digest = std::array<uint8_t, 32>;

    void update(std::span<const std::byte> bytes);
    [[nodiscard]] Digest finish();

    [[nodiscard]] static Digest of(std::span<const std::byte> bytes);
    /// Lowercase hexadecimal, as sha256sum prints it.
    [[nodiscard]] static std::string hex(const Digest &digest);

private:
    void compress(const uint8_t *block);

    std::array<uint32_t, 8> m_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<uint8_t, 64> m_block{};
    size_t m_filled = 0;
    uint64_t m_length = 0; ///< bytes so far
};

} // namespace corescope
