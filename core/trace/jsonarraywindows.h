// SPDX-License-Identifier: MIT
#pragma once

// Internal to core/trace: includes simdjson, which only corescope_core links.
#include "trace/jsonelementsink.h"

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace corescope {

/// Walks a huge JSON array with simdjson On-Demand without indexing the whole file: it parses a
/// window of a few megabytes at a time, cut just after an element ("}," — the comma becomes the
/// window's closing bracket, the byte before the window its opening one; both are restored; the
/// last window gets a ']' after the file's end, since simdjson wants a document's last
/// structural character to close its root).
/// A cut that lands inside a string or a nested value shows up as a parse error near the
/// window's end; the window is then parsed again, twice as large, passing over the elements it
/// already delivered. Memory stays proportional to the window, not the file.
class JsonArrayWindows
{
public:
    static constexpr size_t kDefaultWindow = size_t(4) << 20;
    /// An element that does not parse even in a window this large is broken (or absurdly big).
    static constexpr size_t kMaxWindow = size_t(256) << 20;

    /// `data` holds `size` bytes of JSON and `capacity - size` ≥ SIMDJSON_PADDING + 1 bytes after
    /// them; its bytes are patched and restored while parsing.
    JsonArrayWindows(char *data, size_t size, size_t capacity, size_t window = kDefaultWindow);

    /// Reads the array whose '[' is at `arrayStart`; returns the offset just past its ']'.
    /// On failure returns SIZE_MAX and error() says what and where. `progress` hears after each
    /// window how far the reading got (and may cancel); no byte before that is read again.
    [[nodiscard]] size_t run(size_t arrayStart, JsonElementSink &sink,
                             const std::function<bool(size_t done)> &progress = {});
    [[nodiscard]] const std::string &error() const { return m_error; }
    [[nodiscard]] uint64_t elements() const { return m_index; }

private:
    enum class Outcome {
        Done,
        Failed
    };
    struct Attempt
    {
        Outcome outcome = Outcome::Done;
        size_t arrayEnd = 0;     ///< Done: offset just past the ']' that closed the array
        bool reachedCut = false; ///< Done: the array closed at the patched bracket
        uint64_t elements = 0;   ///< elements read from the window's start, delivered or not
        simdjson::error_code error = simdjson::SUCCESS;
        size_t failedAt = 0;    ///< Failed: offset of the element that failed, or the window
        bool inElement = false; ///< Failed: inside an element (failedAt is its start)
        bool unclosed = false;  ///< Failed: the file ends before the array does
    };

    /// Parses a window, delivering elements from number `skip` on (counted from its start).
    Attempt parseWindow(size_t start, size_t length, bool cut, uint64_t skip,
                        JsonElementSink &sink);
    /// The comma of the last "}," before `limit` and after `from`, or SIZE_MAX.
    [[nodiscard]] size_t findCut(size_t from, size_t limit) const;
    void describeFailure(const Attempt &attempt, size_t windowStart, size_t windowLength);

    char *m_data;
    size_t m_size;
    size_t m_capacity;
    size_t m_window;
    simdjson::ondemand::parser m_parser;
    uint64_t m_index = 0;
    std::string m_error;
};

} // namespace corescope
