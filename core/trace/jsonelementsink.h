// SPDX-License-Identifier: MIT
#pragma once

// Internal to core/trace: includes simdjson, which only corescope_core links.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>

namespace corescope {

/// Receives the elements of a JSON array one at a time. read() looks at an element and keeps
/// nothing; only commit() makes it count, so an element that a window cut in half can be read
/// again in the next window without being counted twice.
class JsonElementSink
{
public:
    virtual ~JsonElementSink() = default;
    /// Reads one element; returns a simdjson error only for broken JSON (wrong types are the
    /// sink's business, not errors here).
    [[nodiscard]] virtual simdjson::error_code read(simdjson::ondemand::value &element) = 0;
    /// Keeps what the last read() found: element number `index`, starting at byte `offset`.
    virtual void commit(uint64_t index, size_t offset) = 0;
};

} // namespace corescope
