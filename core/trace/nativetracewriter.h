// SPDX-License-Identifier: MIT
#pragma once

#include "trace/sweeplayout.h"
#include "trace/trace.h"

#include <functional>
#include <memory>
#include <optional>
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

    using Output = std::function<void(std::string_view)>;

    /// Hands the file's bytes to `out` in order, a header or a chunk at a time; `sweep`, when
    /// the runs are a sweep, says how they group into its points.
    void write(std::span<const Trace> runs, const std::optional<SweepLayout> &sweep,
               const Output &out);
    /// The same for runs held elsewhere (the UI shares its traces), so that none is copied.
    void write(std::span<const Trace *const> runs, const std::optional<SweepLayout> &sweep,
               const Output &out);
    void write(std::span<const Trace> runs, const Output &out) { write(runs, std::nullopt, out); }
    /// The whole file in memory.
    [[nodiscard]] std::vector<uint8_t> encode(std::span<const Trace> runs,
                                              const std::optional<SweepLayout> &sweep = {});

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace corescope
