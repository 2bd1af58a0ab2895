// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace corescope {

/// One context switch from an ftrace `sched_switch` line.
struct SchedSwitch
{
    TimeNs time = 0;
    uint32_t cpu = 0;
    int64_t prevTid = 0;
    int64_t nextTid = 0;
    int64_t lineTgid = -1; ///< the "(tgid)" of the line's task (prev), -1 when not given
    char prevState = 'S';  ///< R, S, D, … as ftrace prints it
    std::string_view prevComm;
    std::string_view nextComm;
};

/// Reads the ftrace text that Chrome and Perfetto keep in `systemTraceEvents` (one JSON string)
/// without copying it: splits it into lines at `\n` escapes, and decodes the `sched_switch`
/// ones, which say which thread each CPU ran and when. Other lines are counted by event name.
class SchedSwitchParser
{
public:
    explicit SchedSwitchParser(std::function<void(const SchedSwitch &)> onSwitch)
        : m_onSwitch(std::move(onSwitch))
    {
    }

    /// Parses the string whose opening quote is at `pos` in `text`, and moves `pos` past its
    /// closing quote. On failure, error() says what and errorOffset() where.
    [[nodiscard]] bool parse(std::string_view text, size_t &pos);

    /// Decodes one line; false when it is not a sched_switch line (`event` then names its event,
    /// or is empty when the line is not ftrace text at all).
    [[nodiscard]] static bool parseLine(std::string_view line, SchedSwitch &out,
                                        std::string_view &event);

    [[nodiscard]] const std::map<std::string, uint64_t> &otherEvents() const { return m_other; }
    [[nodiscard]] uint64_t unreadableLines() const { return m_unreadable; }
    [[nodiscard]] uint64_t switches() const { return m_switches; }
    [[nodiscard]] const std::string &error() const { return m_error; }
    [[nodiscard]] size_t errorOffset() const { return m_errorOffset; }

private:
    void line(std::string_view text);
    /// parseLine() once the CPU column is found; false when the line does not fit around it.
    static bool parseFrom(std::string_view line, size_t open, size_t close, SchedSwitch &out,
                          std::string_view &event);

    std::function<void(const SchedSwitch &)> m_onSwitch;
    std::map<std::string, uint64_t> m_other;
    uint64_t m_unreadable = 0;
    uint64_t m_switches = 0;
    std::string m_unescaped;
    std::string m_error;
    size_t m_errorOffset = 0;
};

} // namespace corescope
