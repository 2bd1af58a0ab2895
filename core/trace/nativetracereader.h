// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "trace/sweeplayout.h"
#include "trace/trace.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace corescope {

class InputFile;

/// What a `.cstrace` file holds: its runs and, when they are a sweep, how they group.
struct NativeTraceContents
{
    std::vector<Trace> runs;
    std::optional<SweepLayout> sweep;
};

/// Reads `.cstrace` files (see NativeTraceFormat). Every count and size in the file is checked
/// against the bytes that must hold it before anything is allocated, every checksum is verified,
/// and every index is range-checked, so a damaged file yields a message saying where, never a
/// crash.
class NativeTraceReader
{
public:
    /// Called after each chunk with the bytes read so far and the file's size; returning false
    /// cancels the load.
    using Progress = std::function<bool(uint64_t done, uint64_t total)>;

    [[nodiscard]] static Result<NativeTraceContents> read(const InputFile &file,
                                                          const Progress &progress = {});
    /// The same from memory; `name` stands for the file in messages.
    [[nodiscard]] static Result<NativeTraceContents>
    decode(std::span<const uint8_t> bytes, const std::string &name, const Progress &progress = {});
};

} // namespace corescope
