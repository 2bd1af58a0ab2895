// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace corescope {

class ByteReader;
class ByteWriter;

static_assert(std::endian::native == std::endian::little,
              "the native trace format is written and read as little-endian memory");

/// A chunk's tag: four ASCII letters read as a little-endian number.
constexpr uint32_t nativeChunkTag(const char (&name)[5])
{
    return uint32_t(uint8_t(name[0])) | uint32_t(uint8_t(name[1])) << 8
           | uint32_t(uint8_t(name[2])) << 16 | uint32_t(uint8_t(name[3])) << 24;
}

/// The layout of `.cstrace` files, shared by NativeTraceWriter and NativeTraceReader. All
/// integers are little-endian; "varint" is unsigned LEB128, "svarint" zigzag then LEB128.
///
/// A file is a 16-byte header (magic, major and minor version, CRC-32C of those 12 bytes) and a
/// sequence of chunks. Each chunk has a 24-byte header (tag, flags, stored and raw payload size,
/// CRC-32C of the stored payload, CRC-32C of the header's first 20 bytes) and a payload, one zstd
/// frame or stored as is. A run is a `RUN ` chunk (string table; metadata, threads and span names
/// as indexes into it; the run's event totals; its clock origin, since 1.2; later minor versions
/// may append fields; since 1.3 the wait objects and counter tracks; since 1.4 how the cores' busy
/// time was sampled, which cores the run could use and a recorder's own CPU time) followed by
/// `EVTS` chunks; a
/// sweep's runs are followed by a `SWEP` chunk that groups them into points (since 1.1); `END `
/// closes the file with the number of runs, so that a file cut at a chunk boundary is still
/// noticed. Unknown chunks are skipped unless flagged required.
///
/// An `EVTS` payload is a sequence of segments: table (slices, states, spans, markers), owner
/// (core or thread), rows, the owner's total rows, the byte length of the columns, then the
/// columns one after another. Times are deltas that restart in each segment: slices and states
/// store the gap since the previous end and the duration, spans and markers the step since the
/// previous begin, so that sorted, back-to-back intervals cost a byte or two. Since 1.3 a
/// markers segment may end with a column of transits (a reader of 1.2 files finds none), and
/// there are tables of wait causes (per thread) and counter values (per counter track); since
/// 1.4 one of each core's sampled busy time.
struct NativeTraceFormat
{
    static constexpr std::array<uint8_t, 8> kMagic = {0x89, 'C', 'S', 'T', 'R', 'A', 'C', 'E'};
    static constexpr uint16_t kMajorVersion = 1;
    static constexpr uint16_t kMinorVersion = 4;
    static constexpr size_t kFileHeaderSize = 16;
    static constexpr size_t kChunkHeaderSize = 24;

    static constexpr uint32_t kRunTag = nativeChunkTag("RUN ");
    static constexpr uint32_t kEventsTag = nativeChunkTag("EVTS");
    static constexpr uint32_t kSweepTag = nativeChunkTag("SWEP");
    static constexpr uint32_t kEndTag = nativeChunkTag("END ");

    /// Chunk flags.
    static constexpr uint16_t kCompressed = 1; ///< the payload is one zstd frame
    static constexpr uint16_t kRequired = 2;   ///< a reader that does not know the tag must refuse

    /// Limits a reader enforces before allocating anything a header asks for.
    static constexpr uint32_t kMaxChunkBytes = 64u << 20;
    /// zstd packs our varint columns 2 to 4 times; a header claiming far more is damaged. The
    /// writer stores a block uncompressed rather than exceed this.
    static constexpr uint32_t kMaxCompressionRatio = 256;

    /// Tables of an event block.
    enum class Table : uint8_t {
        Slices = 1,
        States = 2,
        Spans = 3,
        Markers = 4,
        Waits = 5,      ///< since 1.3
        Counters = 6,   ///< since 1.3
        BusySamples = 7 ///< since 1.4
    };
    static constexpr size_t kTableCount = 8; ///< one past the last table's number
    /// Fewest bytes one row of each table takes (one per column), to bound counts by the bytes
    /// that must hold them.
    static constexpr size_t minRowBytes(Table table)
    {
        switch (table) {
        case Table::Slices:
            return 3;
        case Table::States:
            return 4;
        case Table::Spans:
            return 5;
        case Table::Markers:
            return 6;
        case Table::Waits:
            return 4;
        case Table::Counters:
            return 2;
        case Table::BusySamples:
            return 3;
        }
        return 1;
    }

    /// A thread index or kNoThread as one varint: 0 for none, the index + 1 otherwise.
    static constexpr uint64_t encodeThreadOrNone(uint32_t thread)
    {
        return thread == UINT32_MAX ? 0 : uint64_t(thread) + 1;
    }
    /// A counter's value: an integer (most are counts) as a signed varint of twice it; any
    /// other as the varint 1 followed by its 8 bytes.
    static void encodeCounterValue(ByteWriter &out, double value);
    /// Reads what encodeCounterValue() wrote; false for a malformed value.
    [[nodiscard]] static bool decodeCounterValue(ByteReader &in, double &value);

    struct ChunkHeader
    {
        uint32_t tag = 0;
        uint16_t flags = 0;
        uint32_t storedSize = 0;
        uint32_t rawSize = 0;
        uint32_t payloadCrc = 0;
    };
    [[nodiscard]] static std::array<uint8_t, kChunkHeaderSize> encode(const ChunkHeader &header);
    /// Decodes a chunk header, or explains in a few words what is wrong with it.
    [[nodiscard]] static bool decode(const uint8_t *bytes, ChunkHeader &header, std::string &why);
    [[nodiscard]] static std::array<uint8_t, kFileHeaderSize> fileHeader();
    /// "RUN ", "EVTS", or the tag's bytes in hex when they are not printable.
    [[nodiscard]] static std::string tagName(uint32_t tag);

    /// For tests and fuzzers: rewrites every checksum of an edited file so that it matches the
    /// bytes, letting the edit reach the decoder. Stops at the first chunk that does not fit.
    static void recomputeChecksums(std::span<uint8_t> file);
};

} // namespace corescope
