// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <optional>
#include <string>

namespace corescope {

/// Compares two traces field by field, for round-trip tests and fuzzers: the first difference,
/// described so that a failing test says where to look. A thread's spans are compared as a set
/// (spans that begin together have no order of their own), and named spans by their names.
class TraceDiff
{
public:
    [[nodiscard]] static std::optional<std::string> firstDifference(const Trace &a, const Trace &b);
    /// Only the metadata.
    [[nodiscard]] static std::optional<std::string> firstDifference(const TraceMetadata &a,
                                                                    const TraceMetadata &b);
};

} // namespace corescope
