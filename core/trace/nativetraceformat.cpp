// SPDX-License-Identifier: MIT
#include "trace/nativetraceformat.h"

#include "trace/bytereader.h"
#include "trace/bytewriter.h"
#include "trace/crc32.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace corescope {
namespace {

template <typename T>
void put(uint8_t *to, T value)
{
    std::memcpy(to, &value, sizeof(T));
}

template <typename T>
T get(const uint8_t *from)
{
    T value;
    std::memcpy(&value, from, sizeof(T));
    return value;
}

} // namespace

std::array<uint8_t, NativeTraceFormat::kChunkHeaderSize>
NativeTraceFormat::encode(const ChunkHeader &header)
{
    std::array<uint8_t, kChunkHeaderSize> bytes{};
    put(&bytes[0], header.tag);
    put(&bytes[4], header.flags);
    put(&bytes[6], uint16_t(0));
    put(&bytes[8], header.storedSize);
    put(&bytes[12], header.rawSize);
    put(&bytes[16], header.payloadCrc);
    put(&bytes[20], Crc32::of(bytes.data(), 20));
    return bytes;
}

bool NativeTraceFormat::decode(const uint8_t *bytes, ChunkHeader &header, std::string &why)
{
    if (get<uint32_t>(bytes + 20) != Crc32::of(bytes, 20)) {
        why = "chunk header checksum mismatch";
        return false;
    }
    header.tag = get<uint32_t>(bytes);
    header.flags = get<uint16_t>(bytes + 4);
    header.storedSize = get<uint32_t>(bytes + 8);
    header.rawSize = get<uint32_t>(bytes + 12);
    header.payloadCrc = get<uint32_t>(bytes + 16);
    if (header.storedSize > kMaxChunkBytes || header.rawSize > kMaxChunkBytes) {
        why = "chunk of " + std::to_string(std::max(header.storedSize, header.rawSize))
              + " bytes is larger than the format allows (" + std::to_string(kMaxChunkBytes) + ")";
        return false;
    }
    const bool compressed = header.flags & kCompressed;
    if (!compressed && header.rawSize != header.storedSize) {
        why = "stored chunk claims " + std::to_string(header.rawSize) + " bytes but holds "
              + std::to_string(header.storedSize);
        return false;
    }
    if (compressed
        && uint64_t(header.rawSize) > uint64_t(header.storedSize) * kMaxCompressionRatio + 4096) {
        why = "chunk claims to unpack " + std::to_string(header.storedSize) + " bytes into "
              + std::to_string(header.rawSize) + ", more than the format allows";
        return false;
    }
    return true;
}

std::array<uint8_t, NativeTraceFormat::kFileHeaderSize> NativeTraceFormat::fileHeader()
{
    std::array<uint8_t, kFileHeaderSize> bytes{};
    std::memcpy(bytes.data(), kMagic.data(), kMagic.size());
    put(&bytes[8], kMajorVersion);
    put(&bytes[10], kMinorVersion);
    put(&bytes[12], Crc32::of(bytes.data(), 12));
    return bytes;
}

std::string NativeTraceFormat::tagName(uint32_t tag)
{
    std::string name;
    bool printable = true;
    for (int i = 0; i < 4; ++i) {
        const char c = char((tag >> (8 * i)) & 0xFF);
        printable = printable && c >= 0x20 && c < 0x7F;
        name += c;
    }
    if (printable)
        return "'" + name + "'";
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08x", tag);
    return hex;
}

void NativeTraceFormat::recomputeChecksums(std::span<uint8_t> file)
{
    if (file.size() < kFileHeaderSize)
        return;
    put(&file[12], Crc32::of(file.data(), 12));
    size_t at = kFileHeaderSize;
    while (file.size() - at >= kChunkHeaderSize) {
        uint8_t *header = file.data() + at;
        const uint32_t stored = get<uint32_t>(header + 8);
        if (stored > file.size() - at - kChunkHeaderSize)
            break;
        put(header + 16, Crc32::of(header + kChunkHeaderSize, stored));
        put(header + 20, Crc32::of(header, 20));
        at += kChunkHeaderSize + stored;
    }
}

void NativeTraceFormat::encodeCounterValue(ByteWriter &out, double value)
{
    constexpr double kExactIntegers = double(int64_t(1) << 52);
    if (value == std::trunc(value) && std::abs(value) < kExactIntegers) {
        out.signedVarint(int64_t(value) * 2);
        return;
    }
    out.signedVarint(1);
    out.u64(std::bit_cast<uint64_t>(value));
}

bool NativeTraceFormat::decodeCounterValue(ByteReader &in, double &value)
{
    const int64_t head = in.signedVarint();
    if (head % 2 == 0) {
        value = double(head / 2);
        return in.ok();
    }
    if (head != 1)
        return false;
    value = std::bit_cast<double>(in.u64());
    return in.ok();
}

} // namespace corescope
