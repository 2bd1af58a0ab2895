// SPDX-License-Identifier: MIT
#include "trace/schedswitchparser.h"

#include "trace/jsontextscanner.h"
#include "trace/utf8.h"

#include <charconv>
#include <cstring>

namespace corescope {
namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

template <typename T>
bool number(std::string_view text, T &out)
{
    if (text.empty())
        return false;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

/// "12.345678901" seconds → nanoseconds, exactly (a double would round). ftrace's clock counts
/// from boot, so a sign is no timestamp; nor is a time beyond what 64 bits of nanoseconds hold.
bool seconds(std::string_view text, TimeNs &out)
{
    const size_t dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || !isDigit(text.front()))
        return false;
    int64_t whole = 0;
    constexpr int64_t kMaxWhole = (INT64_MAX - 999'999'999) / 1'000'000'000;
    if (!number(text.substr(0, dot), whole) || whole > kMaxWhole)
        return false;
    int64_t fraction = 0;
    int digits = 0;
    for (char c : text.substr(dot + 1)) {
        if (!isDigit(c))
            return false;
        if (digits < 9) {
            fraction = fraction * 10 + (c - '0');
            ++digits;
        }
    }
    if (digits == 0)
        return false;
    for (; digits < 9; ++digits)
        fraction *= 10;
    out = whole * 1'000'000'000 + fraction;
    return true;
}

std::string_view nextToken(std::string_view &rest)
{
    size_t i = 0;
    while (i < rest.size() && isSpace(rest[i]))
        ++i;
    size_t j = i;
    while (j < rest.size() && !isSpace(rest[j]))
        ++j;
    const std::string_view token = rest.substr(i, j - i);
    rest.remove_prefix(j);
    return token;
}

} // namespace

bool SchedSwitchParser::parseLine(std::string_view line, SchedSwitch &out, std::string_view &event)
{
    event = {};
    // "<task>-<pid> (<tgid>) [<cpu>] <flags> <seconds>: <event>: <args>". The task's name may
    // hold anything, brackets too, so each "[digits]" is tried until the rest of the line fits.
    for (size_t open = line.find('['); open != std::string_view::npos;
         open = line.find('[', open + 1)) {
        size_t close = open + 1;
        while (close < line.size() && isDigit(line[close]))
            ++close;
        if (close == open + 1 || close >= line.size() || line[close] != ']')
            continue;
        if (parseFrom(line, open, close, out, event))
            return event == "sched_switch" && out.prevTid >= 0 && out.nextTid >= 0;
        event = {};
    }
    return false;
}

bool SchedSwitchParser::parseFrom(std::string_view line, size_t open, size_t close,
                                  SchedSwitch &out, std::string_view &event)
{
    if (!number(line.substr(open + 1, close - open - 1), out.cpu))
        return false;
    std::string_view rest = line.substr(close + 1);
    std::string_view token = nextToken(rest);
    if (token.empty())
        return false;
    if (token.back() != ':')
        token = nextToken(rest); // that was the flags column
    if (token.size() < 2 || token.back() != ':'
        || !seconds(token.substr(0, token.size() - 1), out.time))
        return false;
    event = nextToken(rest);
    if (event.empty() || event.back() != ':')
        return false;
    event.remove_suffix(1);
    // Back from "[": an optional "(tgid)" after the task's name.
    std::string_view head = line.substr(0, open);
    while (!head.empty() && isSpace(head.back()))
        head.remove_suffix(1);
    out.lineTgid = -1;
    if (!head.empty() && head.back() == ')') {
        const size_t paren = head.rfind('(');
        if (paren != std::string_view::npos) {
            std::string_view tgid = head.substr(paren + 1, head.size() - paren - 2);
            while (!tgid.empty() && isSpace(tgid.front()))
                tgid.remove_prefix(1);
            int64_t value = 0;
            if (number(tgid, value))
                out.lineTgid = value;
        }
    }
    if (event != "sched_switch")
        return true;
    bool prevPid = false;
    bool nextPid = false;
    while (!rest.empty()) {
        const std::string_view field = nextToken(rest);
        const size_t equals = field.find('=');
        if (equals == std::string_view::npos)
            continue; // "==>"
        const std::string_view key = field.substr(0, equals);
        const std::string_view value = field.substr(equals + 1);
        if (key == "prev_pid")
            prevPid = number(value, out.prevTid);
        else if (key == "next_pid")
            nextPid = number(value, out.nextTid);
        else if (key == "prev_state")
            out.prevState = value.empty() ? 'S' : value.front();
        else if (key == "prev_comm")
            out.prevComm = value;
        else if (key == "next_comm")
            out.nextComm = value;
    }
    return prevPid && nextPid;
}

void SchedSwitchParser::line(std::string_view text)
{
    while (!text.empty() && (text.back() == '\r' || isSpace(text.back())))
        text.remove_suffix(1);
    size_t first = 0;
    while (first < text.size() && isSpace(text[first]))
        ++first;
    if (first == text.size() || text[first] == '#')
        return;
    SchedSwitch record;
    std::string_view event;
    if (parseLine(text, record, event)) {
        ++m_switches;
        m_onSwitch(record);
    } else if (event.empty()) {
        ++m_unreadable;
    } else {
        ++m_other[std::string(event)];
    }
}

bool SchedSwitchParser::parse(std::string_view text, size_t &pos)
{
    if (pos >= text.size() || text[pos] != '"') {
        m_error = "systemTraceEvents is not a string";
        m_errorOffset = pos;
        return false;
    }
    const size_t start = pos;
    const char *data = text.data();
    const size_t size = text.size();
    size_t lineStart = pos + 1;
    bool escaped = false; // the current line has escapes other than its final \n
    const auto fail = [&](size_t at, const char *what) {
        m_error = what;
        m_errorOffset = at;
        return false;
    };
    const auto finishLine = [&](size_t end) {
        const std::string_view raw = text.substr(lineStart, end - lineStart);
        // One pass that the compiler vectorises; the careful checks run only when it finds
        // something.
        unsigned flags = 0;
        for (const char c : raw) {
            const auto u = static_cast<unsigned char>(c);
            flags |= unsigned(u < 0x20) | (unsigned(u >> 7) << 1);
        }
        if (flags & 1u) {
            for (size_t i = 0; i < raw.size(); ++i) {
                if (static_cast<unsigned char>(raw[i]) < 0x20)
                    return fail(lineStart + i, "a control character inside systemTraceEvents");
            }
        }
        if (flags & 2u) {
            if (const size_t bad = Utf8::firstInvalid(raw); bad != std::string_view::npos)
                return fail(lineStart + bad, "invalid UTF-8");
        }
        if (!escaped) {
            line(raw);
            return true;
        }
        // Rare: quotes or backslashes inside a line. Unescape it the careful way.
        std::string quoted;
        quoted.reserve(raw.size() + 2);
        quoted += '"';
        quoted.append(raw);
        quoted += '"';
        JsonTextScanner scanner(quoted);
        size_t at = 0;
        if (!scanner.readString(at, m_unescaped)) {
            m_error = scanner.error() + " in systemTraceEvents";
            m_errorOffset = lineStart + scanner.errorOffset() - 1;
            return false;
        }
        line(m_unescaped);
        return true;
    };
    size_t i = lineStart;
    // The first quote ahead is the end unless a backslash escapes it; memchr finds both fast.
    const char *quote = static_cast<const char *>(std::memchr(data + i, '"', size - i));
    while (quote) {
        const size_t end = size_t(quote - data);
        const void *slash = std::memchr(data + i, '\\', end - i);
        if (!slash) {
            if (end > lineStart && !finishLine(end))
                return false;
            pos = end + 1;
            return true;
        }
        const size_t at = size_t(static_cast<const char *>(slash) - data);
        if (at + 1 >= size)
            break;
        if (data[at + 1] == 'n') {
            if (!finishLine(at))
                return false;
            lineStart = at + 2;
            escaped = false;
        } else {
            escaped = true;
            if (at + 1 == end) // that quote was escaped: look for the next one
                quote = static_cast<const char *>(std::memchr(data + end + 1, '"', size - end - 1));
        }
        i = at + 2;
    }
    return fail(start, "systemTraceEvents is a string that is never closed");
}

} // namespace corescope
