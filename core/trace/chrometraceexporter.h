// SPDX-License-Identifier: MIT
#pragma once

#include "trace/sweeplayout.h"
#include "trace/trace.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace corescope {

/// What a JSON export is made for.
enum class ChromeJsonFlavour : uint8_t {
    Perfetto, ///< ui.perfetto.dev: real CPU tracks from sched_switch lines, flows, nesting
    Portable  ///< chrome://tracing and the rest: cores as the threads of a "CPUs" process
};

/// Writes runs in the Chrome Trace Event Format (JSON object form), laid out one after another
/// on one time axis; see ChromeTraceSchema for how each part of a run is expressed.
class ChromeTraceExporter
{
public:
    explicit ChromeTraceExporter(ChromeJsonFlavour flavour)
        : m_flavour(flavour)
    {
    }

    using Output = std::function<void(std::string_view)>;

    /// Hands the document to `out` about a megabyte at a time; a sweep's layout goes into our
    /// metadata beside the runs'.
    void write(std::span<const Trace> runs, const std::optional<SweepLayout> &sweep,
               const Output &out) const;
    /// The same for runs held elsewhere (the UI shares its traces), so that none is copied.
    void write(std::span<const Trace *const> runs, const std::optional<SweepLayout> &sweep,
               const Output &out) const;
    void write(std::span<const Trace> runs, const Output &out) const
    {
        write(runs, std::nullopt, out);
    }
    [[nodiscard]] std::string toString(std::span<const Trace> runs,
                                       const std::optional<SweepLayout> &sweep = {}) const;

private:
    ChromeJsonFlavour m_flavour;
};

} // namespace corescope
