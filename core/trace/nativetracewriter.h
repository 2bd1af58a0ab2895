// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <functional>
#include <memory>
#include <span>
#include <string_view>

namespace corescope {

/// Encodes runs in the native `.cstrace` format (see NativeTraceFormat): per run a string table
/// and the metadata, then the events as columns (times as deltas, LEB128 varints) in blocks of
/// about a megabyte, each compressed with zstd.
class NativeTraceWriter
{
public:
    struct Options
    {
        /// zstd level. The fast levels below 1 leave literals unpacked: files are a sixth larger
        /// (about 5.4 instead of 4.6 bytes an event) but load a fifth faster, and loading is the
        /// goal that is tight.
        int compressionLevel = -1;
        bool compress = true; ///< false stores blocks as they are (tests and fuzz seeds)
    };

    explicit NativeTraceWriter(Options options);
    NativeTraceWriter();
    ~NativeTraceWriter();
    NativeTraceWriter(const NativeTraceWriter &) = delete;
    NativeTraceWriter &operator=(const NativeTraceWriter &) = delete;

    /// Hands the file's bytes to `out` in order, a header or a chunk at a time.
    void write(std::span<const Trace> runs, const std::function<void(std::string_view)> &out);
    /// The whole file in memory.
    [[nodiscard]] std::vector<uint8_t> encode(std::span<const Trace> runs);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace corescope
