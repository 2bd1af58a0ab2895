// SPDX-License-Identifier: MIT
#include "trace/jsonarraywindows.h"

#include "trace/utf8.h"

#include <cstring>

namespace corescope {
namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::string describe(simdjson::error_code error)
{
    switch (error) {
    case simdjson::UTF8_ERROR:
        return "invalid UTF-8";
    case simdjson::DEPTH_ERROR:
        return "JSON nested more than 1024 levels deep";
    case simdjson::UNCLOSED_STRING:
        return "a string that is never closed";
    case simdjson::UNESCAPED_CHARS:
        return "a control character inside a string";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
        return "malformed or cut-short JSON";
    default:
        return std::string("invalid JSON (") + simdjson::error_message(error) + ")";
    }
}

} // namespace

JsonArrayWindows::JsonArrayWindows(char *data, size_t size, size_t capacity, size_t window)
    : m_data(data)
    , m_size(size)
    , m_capacity(capacity)
    , m_window(std::max<size_t>(window, 64))
{
}

size_t JsonArrayWindows::findCut(size_t from, size_t limit) const
{
    size_t end = limit;
    while (end > from) {
        const void *found = ::memrchr(m_data + from, '}', end - from);
        if (!found)
            return SIZE_MAX;
        const size_t brace = size_t(static_cast<const char *>(found) - m_data);
        size_t next = brace + 1;
        while (next < m_size && isSpace(m_data[next]))
            ++next;
        if (next < m_size && m_data[next] == ',')
            return next;
        end = brace;
    }
    return SIZE_MAX;
}

JsonArrayWindows::Attempt JsonArrayWindows::parseWindow(size_t start, size_t length, bool cut,
                                                        uint64_t skip, JsonElementSink &sink)
{
    Attempt attempt;
    const auto fail = [&](simdjson::error_code error, size_t at, bool inElement) {
        attempt.outcome = Outcome::Failed;
        attempt.error = error;
        attempt.failedAt = at;
        attempt.inElement = inElement;
        return attempt;
    };
    simdjson::ondemand::document document;
    if (auto error = m_parser.iterate(m_data + start, length, m_capacity - start).get(document))
        return fail(error, start, false);
    simdjson::ondemand::array array;
    if (auto error = document.get_array().get(array))
        return fail(error, start, false);
    for (auto result : array) {
        simdjson::ondemand::value element;
        if (auto error = result.get(element))
            return fail(error, start, false);
        const char *location = nullptr;
        if (auto error = element.current_location().get(location))
            return fail(error, start, false);
        const size_t offset = size_t(location - m_data);
        if (auto error = sink.read(element))
            return fail(error, offset, true);
        if (attempt.elements++ >= skip)
            sink.commit(m_index++, offset);
    }
    const char *after = nullptr;
    if (document.current_location().get(after)) {
        // Nothing after the array in this window: it closed with the window's last byte, which
        // is the patched cut, or the bracket added after the end of the file.
        if (!cut) {
            attempt.outcome = Outcome::Failed;
            attempt.unclosed = true;
            attempt.failedAt = start + length - 1;
            return attempt;
        }
        attempt.reachedCut = true;
        attempt.arrayEnd = start + length;
    } else {
        size_t close = size_t(after - m_data);
        while (close > start && m_data[close - 1] != ']')
            --close;
        attempt.arrayEnd = close;
    }
    return attempt;
}

void JsonArrayWindows::describeFailure(const Attempt &attempt, size_t windowStart,
                                       size_t windowLength)
{
    if (attempt.unclosed) {
        m_error = "truncated: the file ends at byte " + std::to_string(m_size)
                  + " inside the array, after event #" + std::to_string(m_index);
        return;
    }
    if (attempt.error == simdjson::UTF8_ERROR) {
        const size_t bad = Utf8::firstInvalid(std::string_view(m_data + windowStart, windowLength));
        m_error = "invalid UTF-8 at byte "
                  + std::to_string(windowStart + (bad == std::string_view::npos ? 0 : bad));
        return;
    }
    if (!attempt.inElement) {
        m_error = describe(attempt.error) + " after event #" + std::to_string(m_index)
                  + " (in the events from byte " + std::to_string(windowStart) + ")";
        return;
    }
    m_error = describe(attempt.error) + " in event #" + std::to_string(m_index) + " at byte "
              + std::to_string(attempt.failedAt);
}

size_t JsonArrayWindows::run(size_t arrayStart, JsonElementSink &sink,
                             const std::function<bool(size_t done)> &progress)
{
    size_t pos = arrayStart;
    size_t window = m_window;
    uint64_t delivered = 0; // elements from `pos` on that the sink already has
    for (;;) {
        size_t cut = SIZE_MAX;
        if (window < m_size - pos) {
            cut = findCut(pos + 1, pos + window);
            if (cut == SIZE_MAX) {
                // Not one complete element in the window: widen it.
                if (window >= kMaxWindow) {
                    m_error = "event #" + std::to_string(m_index) + " at byte "
                              + std::to_string(pos + 1) + " is larger than "
                              + std::to_string(kMaxWindow >> 20) + " MiB or malformed";
                    return SIZE_MAX;
                }
                window *= 2;
                continue;
            }
        }
        // The last window closes with a bracket just after the file's end.
        const size_t close = cut == SIZE_MAX ? m_size : cut;
        const size_t length = close + 1 - pos;
        const char savedStart = m_data[pos];
        const char savedClose = m_data[close];
        m_data[pos] = '[';
        m_data[close] = ']';
        const Attempt attempt = parseWindow(pos, length, cut != SIZE_MAX, delivered, sink);
        m_data[pos] = savedStart;
        m_data[close] = savedClose;

        if (attempt.outcome == Outcome::Done) {
            if (!attempt.reachedCut)
                return attempt.arrayEnd;
            pos = cut;
            window = m_window;
            delivered = 0;
            if (progress && !progress(pos)) {
                m_error = "cancelled";
                return SIZE_MAX;
            }
            continue;
        }
        // A cut inside an element fails near the window's end; the whole file cannot.
        const bool genuine = cut == SIZE_MAX || attempt.error == simdjson::UTF8_ERROR
                             || attempt.error == simdjson::DEPTH_ERROR || window >= kMaxWindow;
        if (genuine) {
            describeFailure(attempt, pos, length);
            return SIZE_MAX;
        }
        delivered = std::max(delivered, attempt.elements);
        window *= 2;
    }
}

} // namespace corescope
