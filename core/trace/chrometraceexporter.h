// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <functional>
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

    /// Hands the document to `out` about a megabyte at a time.
    void write(std::span<const Trace> runs, const std::function<void(std::string_view)> &out) const;
    [[nodiscard]] std::string toString(std::span<const Trace> runs) const;

private:
    ChromeJsonFlavour m_flavour;
};

} // namespace corescope
