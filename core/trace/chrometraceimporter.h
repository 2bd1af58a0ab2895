// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "trace/importreport.h"
#include "trace/sweeplayout.h"
#include "trace/trace.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corescope {

class InputFile;

/// What ChromeTraceImporter read: the runs (one for other tools' traces, as many as were
/// exported for ours) and what it skipped or found wrong.
struct ChromeTraceImport
{
    std::vector<Trace> runs;
    std::optional<SweepLayout> sweep; ///< from our own export of a sweep, unchecked
    ImportReport report;
};

struct ChromeTraceImportOptions
{
    /// Bytes of JSON parsed at a time (tests make it small to exercise the windows).
    size_t windowBytes = size_t(4) << 20;
    /// Bytes done and total; returning false cancels.
    std::function<bool(uint64_t done, uint64_t total)> progress;
};

/// Reads the Chrome Trace Event Format: the array form and the object form (`traceEvents`,
/// `systemTraceEvents`, `metadata`); phases B/E, X, i/I, C, M, b/e/n, s/t/f and T; `ts` in
/// microseconds with decimals. Events go through simdjson On-Demand a window at a time, so the
/// file is never turned into a tree; what CoreScope has no place for is skipped and counted,
/// and only broken JSON is an error, whose message names the file and the byte.
class ChromeTraceImporter
{
public:
    [[nodiscard]] static Result<ChromeTraceImport> read(const InputFile &file,
                                                        const ChromeTraceImportOptions &options);
    /// The same from memory (tests, fuzzers); `name` stands for the file in messages.
    [[nodiscard]] static Result<ChromeTraceImport>
    parse(std::string_view json, const std::string &name, const ChromeTraceImportOptions &options);
};

} // namespace corescope
