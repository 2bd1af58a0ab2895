// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "trace/chrometraceexporter.h"
#include "trace/importreport.h"
#include "trace/sweeplayout.h"
#include "trace/trace.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corescope {

/// A trace file as the user sees it: one or more runs (a comparison or a sweep keeps all its runs
/// together), loaded from or saved to CoreScope's native format or Chrome/Perfetto JSON.
class TraceFile
{
public:
    enum class Format : uint8_t {
        Native,    ///< `.cstrace`
        ChromeJson ///< Chrome Trace Event Format, `.json`
    };
    using JsonFlavour = ChromeJsonFlavour;
    struct SaveOptions
    {
        std::optional<Format> format; ///< default: from the extension
        JsonFlavour flavour = JsonFlavour::Perfetto;
    };
    /// Bytes done and total; returning false cancels.
    using Progress = std::function<bool(uint64_t done, uint64_t total)>;

    TraceFile() = default;
    explicit TraceFile(std::vector<Trace> runs, ImportReport report = {},
                       Format source = Format::Native);

    [[nodiscard]] const std::vector<Trace> &runs() const { return m_runs; }
    [[nodiscard]] std::vector<Trace> takeRuns() { return std::move(m_runs); }
    /// When the runs (or some of them) are a sweep: how they group into its points.
    [[nodiscard]] const std::optional<SweepLayout> &sweep() const { return m_sweep; }
    /// Fails, naming the point, when the layout refers to runs the file does not hold.
    [[nodiscard]] Status setSweep(SweepLayout sweep);
    /// What an import skipped or found wrong; empty for native files.
    [[nodiscard]] const ImportReport &importReport() const { return m_report; }
    /// The format it was loaded from.
    [[nodiscard]] Format sourceFormat() const { return m_source; }

    /// Loads either format, told apart by the file's first bytes, not its name.
    [[nodiscard]] static Result<TraceFile> load(const std::string &path,
                                                const Progress &progress = {});
    /// Saves atomically: the old file stays intact until the new one is complete on disk.
    [[nodiscard]] Status save(const std::string &path, const SaveOptions &options) const;
    [[nodiscard]] Status save(const std::string &path) const { return save(path, SaveOptions()); }
    /// Saves runs held elsewhere (the UI shares its traces) without copying them into a
    /// TraceFile; fails, naming the point, when `sweep` refers to runs not given.
    [[nodiscard]] static Status save(const std::string &path, std::span<const Trace *const> runs,
                                     const std::optional<SweepLayout> &sweep,
                                     const SaveOptions &options);

    /// `.cstrace` or `.json` (any case); nullopt for anything else.
    [[nodiscard]] static std::optional<Format> formatForPath(std::string_view path);
    [[nodiscard]] static std::string_view formatName(Format format);
    [[nodiscard]] static std::optional<JsonFlavour> parseFlavour(std::string_view name);

private:
    std::vector<Trace> m_runs;
    std::optional<SweepLayout> m_sweep;
    ImportReport m_report;
    Format m_source = Format::Native;
};

} // namespace corescope
