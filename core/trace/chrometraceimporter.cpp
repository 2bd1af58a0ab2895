// SPDX-License-Identifier: MIT
#include "trace/chrometraceimporter.h"

#include "trace/chrometraceassembler.h"
#include "trace/chrometraceevent.h"
#include "trace/chrometraceschema.h"
#include "trace/filemapping.h"
#include "trace/inputfile.h"
#include "trace/jsonarraywindows.h"
#include "trace/jsontextscanner.h"
#include "trace/kinds.h"
#include "trace/schedswitchparser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <unordered_map>
#include <utility>

namespace corescope {
namespace {

using namespace simdjson;
using Schema = ChromeTraceSchema;

/// Bytes after the JSON: simdjson's padding, a ']' the array form may lack, and the ']' that
/// closes the last window.
constexpr size_t kSlack = SIMDJSON_PADDING + 2;

/// Times beyond this many microseconds (about 104 days) are taken for damage.
constexpr double kMaxMicros = double(Schema::kMaxTimeNs) / 1000.0;

/// Cores that the runs of a file's metadata may declare beyond one for each of its bytes.
constexpr size_t kCoresFree = 4096;

/// A raw token without the whitespace that follows it.
std::string_view trimmed(std::string_view token)
{
    while (!token.empty()
           && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r'
               || token.back() == '\t'))
        token.remove_suffix(1);
    return token;
}

/// "-?digits(.digits)?" microseconds (as Chrome and we write them) to nanoseconds without the
/// rounding of a double; false for any other shape, which the caller then reads as a double.
bool exactMicros(std::string_view token, int64_t &ns)
{
    token = trimmed(token);
    size_t i = 0;
    const bool negative = i < token.size() && token[i] == '-';
    if (negative)
        ++i;
    const size_t first = i;
    int64_t whole = 0;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') {
        whole = whole * 10 + (token[i] - '0');
        if (++i - first > 12)
            return false; // beyond kMaxMicros: let the slow path say so
    }
    if (i == first || (token[first] == '0' && i - first > 1))
        return false;
    int64_t fraction = 0;
    if (i < token.size() && token[i] == '.') {
        const size_t dot = ++i;
        int digits = 0;
        while (i < token.size() && token[i] >= '0' && token[i] <= '9') {
            if (digits < 3)
                fraction = fraction * 10 + (token[i] - '0');
            else if (digits == 3 && token[i] >= '5')
                ++fraction; // round to the nearest nanosecond
            ++digits;
            ++i;
        }
        if (i == dot)
            return false;
        for (; digits < 3; ++digits)
            fraction *= 10;
    }
    if (i != token.size())
        return false;
    ns = whole * 1000 + fraction;
    if (negative)
        ns = -ns;
    return true;
}

/// Errors about one value's type or range, after which parsing goes on.
bool recoverable(error_code error)
{
    return error == INCORRECT_TYPE || error == NUMBER_OUT_OF_RANGE;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool wellFormedNumber(std::string_view t)
{
    size_t i = 0;
    if (i < t.size() && t[i] == '-')
        ++i;
    if (i >= t.size() || !isDigit(t[i]))
        return false;
    if (t[i] == '0')
        ++i;
    else
        while (i < t.size() && isDigit(t[i]))
            ++i;
    if (i < t.size() && t[i] == '.') {
        if (++i >= t.size() || !isDigit(t[i]))
            return false;
        while (i < t.size() && isDigit(t[i]))
            ++i;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        if (++i < t.size() && (t[i] == '+' || t[i] == '-'))
            ++i;
        if (i >= t.size() || !isDigit(t[i]))
            return false;
        while (i < t.size() && isDigit(t[i]))
            ++i;
    }
    return i == t.size();
}

/// On-Demand reports a malformed literal ("tru", "1.2.3") as a wrong type; only the token
/// itself tells a type mismatch (valid JSON, skipped) from broken JSON (an error).
error_code typeError(ondemand::value &value, error_code error)
{
    if (!recoverable(error))
        return error;
    const std::string_view token = trimmed(value.raw_json_token());
    if (token.empty())
        return TAPE_ERROR;
    const char c = token.front();
    const bool fine = c == '"' || c == '{' || c == '[' || token == "true" || token == "false"
                      || token == "null" || ((c == '-' || isDigit(c)) && wellFormedNumber(token));
    return fine ? SUCCESS : TAPE_ERROR;
}

/// An integer, or a number with decimals rounded, or nothing for other types.
error_code readNumber(ondemand::value &value, ChromeTraceEvent::Number &out)
{
    int64_t integer = 0;
    if (!value.get_int64().get(integer)) {
        out = {integer, true};
        return SUCCESS;
    }
    uint64_t big = 0;
    if (!value.get_uint64().get(big)) {
        out = {int64_t(big), true}; // results use all 64 bits; the bits are what matters
        return SUCCESS;
    }
    double real = 0;
    const error_code error = value.get_double().get(real);
    if (!error && std::isfinite(real) && std::fabs(real) < 9.2e18) {
        out = {int64_t(std::llround(real)), true};
        return SUCCESS;
    }
    return error ? typeError(value, error) : SUCCESS;
}

/// A counter's value from its token: a finite number, or a string that holds one (as some
/// tools write them); nothing for anything else.
std::optional<double> counterNumber(std::string_view token)
{
    token = trimmed(token);
    if (token.size() >= 2 && token.front() == '"' && token.back() == '"')
        token = token.substr(1, token.size() - 2);
    if (!wellFormedNumber(token))
        return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

/// Reads the fields of one event that the assembler looks at.
class EventReader final : public JsonElementSink
{
public:
    EventReader(ChromeTraceAssembler &assembler, ImportReport &report)
        : m_assembler(assembler)
        , m_report(report)
    {
    }

    error_code read(ondemand::value &element) override
    {
        reset();
        ondemand::json_type type;
        if (auto error = element.type().get(type))
            return error;
        if (type == ondemand::json_type::array) {
            // Not an event, but its nesting is checked like everything the importer reads, so
            // that `[[[[…]]]]` is refused as it would be anywhere else. (Values inside events
            // are stepped over without recursion, so their depth can harm nothing.)
            ondemand::array array;
            std::string_view text;
            if (auto error = element.get_array().get(array))
                return error;
            if (auto error = array.raw_json().get(text))
                return error;
            size_t end = 0;
            if (JsonTextScanner scanner(text); !scanner.skipValue(end))
                return DEPTH_ERROR;
        }
        if (type != ondemand::json_type::object) {
            m_notObject = true;
            return SUCCESS;
        }
        ondemand::object object;
        if (auto error = element.get_object().get(object))
            return error;
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            if (auto error = this->field(field))
                return error;
        }
        return SUCCESS;
    }

    void commit(uint64_t index, size_t offset) override
    {
        if (m_notObject) {
            m_report.skip("entries of traceEvents that are not objects");
            return;
        }
        m_assembler.add(m_event, index, offset);
    }

private:
    /// Clears what the last event set. Assigning a fresh ChromeTraceEvent would write all of its
    /// few hundred bytes for every event, which showed up as a fifth of the import's time.
    void reset()
    {
        for (size_t i = 0; i < m_touchedCount; ++i)
            *m_touched[i] = {};
        m_touchedCount = 0;
        ChromeTraceEvent &e = m_event;
        e.phase = 0;
        e.name = {};
        e.category = {};
        e.pid = {};
        e.tid = {};
        e.ts = 0;
        e.dur = 0;
        e.hasTs = false;
        e.hasDur = false;
        e.timeOutOfRange = false;
        e.flowId = {};
        e.localId = {};
        e.globalId = {};
        e.counterValues.clear();
        e.bindPoint = {};
        e.scope = {};
        e.badField = {};
        e.continued = false;
        e.argName = {};
        e.ourRole = {};
        e.ours = false;
        m_notObject = false;
    }

    error_code number(ondemand::value &value, ChromeTraceEvent::Number &out)
    {
        const error_code error = readNumber(value, out);
        if (out.present && m_touchedCount < m_touched.size())
            m_touched[m_touchedCount++] = &out;
        return error;
    }

    error_code bad(ondemand::value &value, std::string_view name, error_code error)
    {
        if (const error_code broken = typeError(value, error))
            return broken;
        if (m_event.badField.empty())
            m_event.badField = name;
        return SUCCESS;
    }

    error_code string(ondemand::value &value, std::string_view &out, std::string_view name)
    {
        const error_code error = value.get_string().get(out);
        return error ? bad(value, name, error) : SUCCESS;
    }

    /// Microseconds as written ("1234.567") to nanoseconds, exactly; numbers in other shapes
    /// (exponents) go through a double. A number written as a string ("ts": "200.5", which
    /// some writers do and Perfetto accepts) is read as the number.
    error_code time(ondemand::value &value, int64_t &out, bool &present, std::string_view name)
    {
        const std::string_view token = trimmed(value.raw_json_token());
        if (exactMicros(token, out)) {
            present = true;
            return SUCCESS; // an unread scalar is stepped over by the parser
        }
        if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
            const std::string_view inner = token.substr(1, token.size() - 2);
            if (!exactMicros(inner, out)) {
                double micros = 0;
                const char *last = inner.data() + inner.size();
                const auto [end, error] = std::from_chars(inner.data(), last, micros);
                if (!wellFormedNumber(inner) || error != std::errc() || end != last)
                    return bad(value, name, INCORRECT_TYPE); // a string, but not a number
                if (!std::isfinite(micros) || std::fabs(micros) > kMaxMicros)
                    m_event.timeOutOfRange = true;
                else
                    out = int64_t(std::llround(micros * 1000.0));
            }
            present = true;
            return SUCCESS;
        }
        double micros = 0;
        const error_code error = value.get_double().get(micros);
        if (error)
            return bad(value, name, error);
        present = true;
        if (!std::isfinite(micros) || std::fabs(micros) > kMaxMicros)
            m_event.timeOutOfRange = true;
        else
            out = int64_t(std::llround(micros * 1000.0));
        return SUCCESS;
    }

    /// A pid or tid: a number, or a string (some tools name their threads that way), which gets
    /// a number of its own below zero.
    error_code id(ondemand::value &value, ChromeTraceEvent::Id &out, std::string_view name)
    {
        int64_t number = 0;
        if (!value.get_int64().get(number)) {
            out.value = number;
            out.present = true;
            return SUCCESS;
        }
        std::string_view text;
        const error_code error = value.get_string().get(text);
        if (error) {
            double real = 0;
            if (value.get_double().get(real) || !std::isfinite(real) || std::fabs(real) > 9.0e18)
                return bad(value, name, error);
            out.value = int64_t(real);
            out.present = true;
            return SUCCESS;
        }
        auto [found, added] =
            m_stringIds.emplace(std::string(text), -int64_t(m_stringIds.size()) - 1);
        out.value = found->second;
        out.present = true;
        out.isString = true;
        out.text = text;
        return SUCCESS;
    }

    error_code field(ondemand::field &field)
    {
        const ondemand::raw_json_string key = field.key();
        ondemand::value value = field.value();
        const char first = key.raw()[0];
        switch (first) {
        case 'p':
            if (key == "ph") {
                std::string_view phase;
                if (auto error = string(value, phase, "ph"))
                    return error;
                m_event.phase = phase.size() == 1 ? phase[0] : (phase.empty() ? 0 : '?');
                return SUCCESS;
            }
            if (key == "pid")
                return id(value, m_event.pid, "pid");
            break;
        case 't':
            if (key == "tid")
                return id(value, m_event.tid, "tid");
            if (key == "ts")
                return time(value, m_event.ts, m_event.hasTs, "ts");
            break;
        case 'd':
            if (key == "dur")
                return time(value, m_event.dur, m_event.hasDur, "dur");
            break;
        case 'n':
            if (key == "name")
                return string(value, m_event.name, "name");
            break;
        case 'c':
            if (key == "cat")
                return string(value, m_event.category, "cat");
            break;
        case 'a':
            if (key == "args")
                return args(value);
            break;
        case 'i':
            if (key == "id") {
                m_event.flowId = value.raw_json_token();
                return SUCCESS;
            }
            if (key == "id2")
                return id2(value);
            break;
        case 'b':
            if (key == "bp")
                return string(value, m_event.bindPoint, "bp");
            break;
        case 's':
            if (key == "s")
                return string(value, m_event.scope, "s");
            break;
        default:
            break;
        }
        return SUCCESS; // anything else is skipped by the parser
    }

    error_code args(ondemand::value &value)
    {
        ondemand::object object;
        error_code error = value.get_object().get(object);
        if (error)
            return typeError(value, error); // args that are not an object: ignored
        for (auto result : object) {
            ondemand::field field;
            if ((error = std::move(result).get(field)))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value v = field.value();
            // Before anything reads the value: any key of a counter's args is a value (the phase
            // is not known yet if "ph" comes after "args").
            const bool counter = m_event.phase == 'C' || m_event.phase == 0;
            const std::string_view token = counter ? v.raw_json_token() : std::string_view();
            ChromeTraceEvent::Number *number = nullptr;
            if (key == "cpu")
                number = &m_event.cpu;
            else if (key == "task")
                number = &m_event.task;
            else if (key == "result")
                number = &m_event.result;
            else if (key == "core")
                number = &m_event.core;
            else if (key == "fromCore")
                number = &m_event.fromCore;
            else if (key == "otherPid")
                number = &m_event.otherPid;
            else if (key == "otherTid")
                number = &m_event.otherTid;
            else if (key == "pid")
                number = &m_event.argPid;
            else if (key == "tid")
                number = &m_event.argTid;
            else if (key == "sort_index")
                number = &m_event.sortIndex;
            else if (key == "object")
                number = &m_event.object;
            else if (key == "endedByPid")
                number = &m_event.endedByPid;
            else if (key == "endedByTid")
                number = &m_event.endedByTid;
            if (number) {
                if ((error = this->number(v, *number)))
                    return error;
            } else if (key == "continued") {
                bool flag = false;
                error = v.get_bool().get(flag);
                if (error && typeError(v, error))
                    return typeError(v, error);
                m_event.continued = !error && flag;
            } else if (key == "name") {
                error = v.get_string().get(m_event.argName);
                if (error && typeError(v, error))
                    return typeError(v, error);
            } else if (key == Schema::kOurKey) {
                if ((error = ours(v)))
                    return error;
            } else if (counter) {
                // A malformed literal is broken JSON here as wherever a value is read.
                if ((error = typeError(v, INCORRECT_TYPE)))
                    return error;
            }
            if (counter) {
                std::string_view name;
                if ((error = field.unescaped_key().get(name)))
                    return error;
                const std::optional<double> read = counterNumber(token);
                m_event.counterValues.push_back({name, read.value_or(0), read.has_value()});
            }
        }
        return SUCCESS;
    }

    /// `id2`, the async id of newer writers: {"local": …} within the process, or {"global": …}.
    error_code id2(ondemand::value &value)
    {
        ondemand::object object;
        if (const error_code error = value.get_object().get(object))
            return bad(value, "id2", error);
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value v = field.value();
            if (key == "local")
                m_event.localId = trimmed(v.raw_json_token());
            else if (key == "global")
                m_event.globalId = trimmed(v.raw_json_token());
        }
        return SUCCESS;
    }

    error_code ours(ondemand::value &value)
    {
        ondemand::object object;
        error_code error = value.get_object().get(object);
        if (error)
            return typeError(value, error);
        m_event.ours = true;
        for (auto result : object) {
            ondemand::field field;
            if ((error = std::move(result).get(field)))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value v = field.value();
            ChromeTraceEvent::Number *number = key == "run"           ? &m_event.ourRun
                                               : key == "thread"      ? &m_event.ourThread
                                               : key == "statesOf"    ? &m_event.ourStatesOf
                                               : key == "waitsOf"     ? &m_event.ourWaitsOf
                                               : key == "core"        ? &m_event.ourCore
                                               : key == "pid"         ? &m_event.ourPid
                                               : key == "tid"         ? &m_event.ourTid
                                               : key == "beginNs"     ? &m_event.ourBegin
                                               : key == "endNs"       ? &m_event.ourEnd
                                               : key == "kernelCpuNs" ? &m_event.ourKernelCpu
                                                                      : nullptr;
            if (number) {
                if ((error = this->number(v, *number)))
                    return error;
            } else if (key == "role") {
                error = v.get_string().get(m_event.ourRole);
                if (error && typeError(v, error))
                    return typeError(v, error);
            }
        }
        return SUCCESS;
    }

    ChromeTraceAssembler &m_assembler;
    ImportReport &m_report;
    ChromeTraceEvent m_event;
    std::array<ChromeTraceEvent::Number *, 32> m_touched{};
    size_t m_touchedCount = 0;
    bool m_notObject = false;
    std::unordered_map<std::string, int64_t> m_stringIds;
};

/// Parses one complete JSON value in place (the `metadata` object).
class MetadataReader
{
public:
    MetadataReader(ChromeTraceAssembler &assembler, ImportReport &report,
                   std::optional<SweepLayout> &sweep)
        : m_assembler(assembler)
        , m_report(report)
        , m_sweep(sweep)
    {
    }

    /// Reads the value at [begin, end) of `data`, which has padding after `capacity`.
    error_code read(const char *data, size_t length, size_t capacity)
    {
        m_coreBudget = kCoresFree + length;
        ondemand::parser parser;
        ondemand::document document;
        if (auto error = parser.iterate(data, length, capacity).get(document))
            return error;
        ondemand::object object;
        if (auto error = document.get_object().get(object))
            return recoverable(error) ? SUCCESS : error; // not an object: ignored
        std::string cpuModel;
        std::string kernel;
        int64_t cores = 0;
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value value = field.value();
            std::string_view text;
            if (key == Schema::kOurKey) {
                if (auto error = ours(value))
                    return error;
            } else if (key == "cpu-brand" && !value.get_string().get(text)) {
                cpuModel = std::string(text);
            } else if (key == "os-version" && !value.get_string().get(text)) {
                kernel = std::string(text);
            } else if (key == "num-cpus") {
                if (value.get_int64().get(cores))
                    cores = 0;
            }
        }
        m_assembler.setMachine(cpuModel, uint32_t(std::clamp<int64_t>(cores, 0, 1 << 20)), kernel);
        return SUCCESS;
    }

private:
    static void text(ondemand::value &value, std::string &out)
    {
        std::string_view s;
        if (!value.get_string().get(s))
            out = std::string(s);
    }
    template <typename T>
    static void integer(ondemand::value &value, T &out)
    {
        ChromeTraceEvent::Number number;
        if (!readNumber(value, number) && number.present)
            out = T(number.value);
    }
    /// Calls `each` with every element of `value`; a value that is no array is ignored.
    template <typename Each>
    static error_code forEachElement(ondemand::value &value, const Each &each)
    {
        ondemand::array array;
        if (auto error = value.get_array().get(array))
            return recoverable(error) ? SUCCESS : error;
        for (auto item : array) {
            ondemand::value element;
            if (auto error = std::move(item).get(element))
                return error;
            if (auto error = each(element))
                return error;
        }
        return SUCCESS;
    }

    error_code ours(ondemand::value &value)
    {
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return recoverable(error) ? SUCCESS : error;
        std::vector<ChromeTraceAssembler::RunInfo> runs;
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value v = field.value();
            if (key == "format") {
                int64_t format = 0;
                if (!v.get_int64().get(format) && format > Schema::kFormat)
                    m_report.warn("written by a newer CoreScope (JSON layout "
                                  + std::to_string(format)
                                  + "); read as far as this version understands");
            } else if (key == "sweep") {
                if (auto error = sweep(v))
                    return error;
            } else if (key == "runs") {
                if (auto error = forEachElement(v, [&](ondemand::value &run) {
                        return this->run(run, runs.emplace_back());
                    }))
                    return error;
            }
        }
        m_assembler.setRuns(std::move(runs));
        return SUCCESS;
    }

    error_code run(ondemand::value &value, ChromeTraceAssembler::RunInfo &run)
    {
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return recoverable(error) ? SUCCESS : error;
        TraceMetadata &m = run.metadata;
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            std::string_view key;
            if (auto error = field.unescaped_key().get(key))
                return error;
            ondemand::value v = field.value();
            if (key == "title")
                text(v, m.title);
            else if (key == "workload")
                text(v, m.workload);
            else if (key == "model")
                text(v, m.model);
            else if (key == "workers")
                integer(v, m.workers);
            else if (key == "tasks")
                integer(v, m.tasks);
            else if (key == "captureMethod")
                text(v, m.captureMethod);
            else if (key == "capturePrecisionNs")
                integer(v, m.capturePrecisionNs);
            else if (key == "clock")
                text(v, m.clock);
            else if (key == "monotonicOriginNs")
                integer(v, m.monotonicOriginNs);
            else if (key == "busySampling")
                text(v, m.busySampling);
            else if (key == "busySampleIntervalNs")
                integer(v, m.busySampleIntervalNs);
            else if (key == "recorderCpuNs")
                integer(v, m.recorderCpuNs);
            else if (key == "otherProgramsTid")
                integer(v, run.otherProgramsTid);
            else if (key == "machineCores")
                integer(v, m.machineCores);
            else if (key == "cpuModel")
                text(v, m.cpuModel);
            else if (key == "kernel")
                text(v, m.kernel);
            else if (key == "appVersion")
                text(v, m.appVersion);
            else if (key == "startedUnixMs")
                integer(v, m.startedUnixMs);
            else if (key == "wallNs")
                integer(v, m.wallNs);
            else if (key == "droppedEvents")
                integer(v, m.droppedEvents);
            else if (key == "tasksDone")
                integer(v, m.tasksDone);
            else if (key == "offsetNs")
                integer(v, run.offset);
            else if (key == "cores") {
                int64_t cores = 0;
                integer(v, cores);
                run.cores = size_t(std::clamp<int64_t>(cores, 0, 65536));
                if (run.cores > m_coreBudget) {
                    m_report.warn("a run declares " + std::to_string(run.cores)
                                  + " cores, more than its file could describe; read as "
                                  + std::to_string(m_coreBudget));
                    run.cores = m_coreBudget;
                }
                m_coreBudget -= run.cores;
            } else if (key == "cancelled" || key == "resultsOk") {
                bool flag = false;
                if (!v.get_bool().get(flag))
                    (key == "cancelled" ? m.cancelled : m.resultsOk) = flag;
            } else if (key == "params") {
                ondemand::object params;
                if (v.get_object().get(params))
                    continue;
                for (auto p : params) {
                    ondemand::field param;
                    if (auto error = std::move(p).get(param))
                        return error;
                    std::string_view name;
                    if (auto error = param.unescaped_key().get(name))
                        return error;
                    std::string copy(name);
                    ondemand::value pv = param.value();
                    text(pv, m.params[copy]);
                }
            } else if (key == "problems") {
                if (auto error = forEachElement(v, [&](ondemand::value &problem) {
                        text(problem, m.problems.emplace_back());
                        return SUCCESS;
                    }))
                    return error;
            } else if (key == "allowedCores") {
                if (auto error = forEachElement(v, [&](ondemand::value &core) {
                        int64_t index = -1;
                        integer(core, index);
                        if (index >= 0 && index <= std::numeric_limits<uint16_t>::max())
                            m.allowedCores.push_back(uint16_t(index));
                        return SUCCESS;
                    }))
                    return error;
            } else if (key == "busySamples") {
                if (auto error = forEachElement(
                        v, [&](ondemand::value &row) { return busySample(row, run); }))
                    return error;
            } else if (key == "waitObjects") {
                if (auto error = forEachElement(v, [&](ondemand::value &described) {
                        return waitObject(described, run.waitObjects.emplace_back());
                    }))
                    return error;
            }
        }
        return SUCCESS;
    }

    /// One [core, begin, end, busy] of a run's busy samples; a malformed one is skipped.
    error_code busySample(ondemand::value &value, ChromeTraceAssembler::RunInfo &run)
    {
        std::array<int64_t, 4> fields{-1, 0, 0, -1};
        size_t count = 0;
        if (auto error = forEachElement(value, [&](ondemand::value &field) {
                if (count < fields.size())
                    integer(field, fields[count]);
                ++count;
                return SUCCESS;
            }))
            return error;
        const auto [core, begin, end, busy] = fields;
        if (count != 4 || core < 0 || core >= int64_t(run.cores) || end < begin || busy < 0
            || busy > end - begin) {
            m_report.skip("malformed busy samples");
            return SUCCESS;
        }
        run.busySamples.push_back({uint16_t(core), begin, end, busy});
        return SUCCESS;
    }

    /// One of a run's wait objects; nothing for one of a kind this version does not know, so that
    /// the waits that name it are skipped and the others keep their indices.
    error_code waitObject(ondemand::value &value, std::optional<WaitObject> &out)
    {
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return recoverable(error) ? SUCCESS : error;
        std::string kind;
        WaitObject read;
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value v = field.value();
            if (key == "kind")
                text(v, kind);
            else if (key == "name")
                text(v, read.name);
        }
        if (const auto known = waitObjectKindNamed(kind)) {
            read.kind = *known;
            out = std::move(read);
        } else {
            m_report.warn("a wait object of unknown kind '" + kind
                          + "'; the waits for it are skipped");
        }
        return SUCCESS;
    }

    error_code sweep(ondemand::value &value)
    {
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return recoverable(error) ? SUCCESS : error;
        SweepLayout layout;
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value v = field.value();
            if (key == "workload") {
                text(v, layout.workload);
            } else if (key == "parallelismLimit") {
                integer(v, layout.parallelismLimit);
            } else if (key == "cancelled") {
                bool flag = false;
                if (!v.get_bool().get(flag))
                    layout.cancelled = flag;
            } else if (key == "points") {
                if (auto error = forEachElement(v, [&](ondemand::value &p) {
                        return point(p, layout.points.emplace_back());
                    }))
                    return error;
            }
        }
        m_sweep = std::move(layout);
        return SUCCESS;
    }

    static error_code point(ondemand::value &value, SweepLayout::Point &point)
    {
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return recoverable(error) ? SUCCESS : error;
        for (auto result : object) {
            ondemand::field field;
            if (auto error = std::move(result).get(field))
                return error;
            const ondemand::raw_json_string key = field.key();
            ondemand::value v = field.value();
            if (key == "model") {
                text(v, point.model);
            } else if (key == "workers") {
                integer(v, point.workers);
            } else if (key == "runs") {
                if (auto error = forEachElement(v, [&](ondemand::value &run) {
                        integer(run, point.runs.emplace_back());
                        return SUCCESS;
                    }))
                    return error;
            }
        }
        return SUCCESS;
    }

    ChromeTraceAssembler &m_assembler;
    ImportReport &m_report;
    std::optional<SweepLayout> &m_sweep;
    /// Cores the runs may still declare. A core costs its trace columns even with nothing on
    /// it, and costs the file no bytes: all runs together get a few thousand, and one more for
    /// each byte of the metadata that declares them.
    size_t m_coreBudget = 0;
};

std::string baseName(const std::string &path)
{
    const size_t slash = path.rfind('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.rfind('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

/// The outer layer of the document: which form, which keys, where the events are.
class Import
{
public:
    Import(char *data, size_t size, size_t capacity, const std::string &name,
           const ChromeTraceImportOptions &options, FileMapping *mapping = nullptr)
        : m_data(data)
        , m_size(size)
        , m_capacity(capacity)
        , m_name(name)
        , m_options(options)
        , m_mapping(mapping)
        , m_assembler(baseName(name), m_result.report)
        , m_events(m_assembler, m_result.report)
    {
    }

    Result<ChromeTraceImport> run()
    {
        try {
            if (!document())
                return Error{m_name + ": " + m_error};
            m_result.runs = m_assembler.finish();
            return std::move(m_result);
        } catch (const std::bad_alloc &) {
            return Error{m_name + ": not enough memory to import it"};
        }
    }

private:
    bool fail(size_t at, const std::string &what)
    {
        m_error = what + " at byte " + std::to_string(at);
        return false;
    }
    std::string_view text() const { return std::string_view(m_data, m_size); }

    bool document()
    {
        size_t pos = 0;
        if (m_size >= 3 && std::memcmp(m_data, "\xEF\xBB\xBF", 3) == 0)
            pos = 3; // a byte-order mark, which some Windows tools write
        JsonTextScanner scanner(text());
        pos = scanner.skipWhitespace(pos);
        if (pos == m_size) {
            m_error = "the file holds only whitespace, not JSON";
            return false;
        }
        if (m_data[pos] == '[')
            return arrayForm(pos);
        if (m_data[pos] != '{')
            return fail(pos, std::string("not a Chrome trace: the JSON is neither an object nor an "
                                         "array (it starts with '")
                                 + printable(m_data[pos]) + "')");
        return objectForm(pos);
    }

    static std::string printable(char c)
    {
        if (c >= 0x20 && c < 0x7F)
            return std::string(1, c);
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
        return hex;
    }

    bool arrayForm(size_t pos)
    {
        // The format lets a writer that was stopped leave out the final ']' (and leave a comma).
        size_t last = m_size;
        const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
        while (last > pos && space(m_data[last - 1]))
            --last;
        if (last > pos + 1 && m_data[last - 1] == ',') {
            m_data[last - 1] = ']';
        } else if (last > pos + 1 && m_data[last - 1] != ']') {
            if (m_size + kSlack > m_capacity)
                return fail(last, "an array without its ']'");
            m_data[m_size++] = ']';
        }
        const size_t end = events(pos);
        if (end == SIZE_MAX)
            return false;
        return trailing(end);
    }

    bool objectForm(size_t pos)
    {
        JsonTextScanner scanner(text());
        ++pos;
        bool sawEvents = false;
        std::string key;
        for (bool first = true;; first = false) {
            pos = scanner.skipWhitespace(pos);
            if (pos < m_size && m_data[pos] == '}' && first)
                break;
            if (!scanner.readString(pos, key))
                return fail(scanner.errorOffset(),
                            "expected a key of the top-level object (" + scanner.error() + ")");
            pos = scanner.skipWhitespace(pos);
            if (pos >= m_size || m_data[pos] != ':')
                return fail(pos, "expected ':' after \"" + key + "\"");
            pos = scanner.skipWhitespace(pos + 1);
            if (pos >= m_size)
                return fail(pos, "the file ends before the value of \"" + key + "\"");
            if (key == "traceEvents") {
                if (m_data[pos] != '[')
                    return fail(pos, "traceEvents is not an array");
                pos = events(pos);
                if (pos == SIZE_MAX)
                    return false;
                sawEvents = true;
            } else if (key == "systemTraceEvents") {
                SchedSwitchParser parser(
                    [&](const SchedSwitch &change) { m_assembler.add(change); });
                if (!parser.parse(text(), pos))
                    return fail(parser.errorOffset(), parser.error());
                for (const auto &[event, count] : parser.otherEvents())
                    m_result.report.skip("systemTraceEvents lines of " + event, count);
                if (parser.unreadableLines() > 0)
                    m_result.report.skip("systemTraceEvents lines that are not ftrace text",
                                         parser.unreadableLines());
                sawEvents = true;
            } else if (key == "metadata") {
                size_t end = pos;
                if (!scanner.skipValue(end))
                    return fail(scanner.errorOffset(), scanner.error());
                MetadataReader reader(m_assembler, m_result.report, m_result.sweep);
                if (auto error = reader.read(m_data + pos, end - pos, m_capacity - pos))
                    return fail(pos, "the metadata is not valid JSON ("
                                         + std::string(error_message(error)) + ")");
                pos = end;
            } else {
                if (!scanner.skipValue(pos))
                    return fail(scanner.errorOffset(), scanner.error());
                if (key != "displayTimeUnit" && key != "otherData")
                    m_result.report.skip("top-level keys (\"" + key + "\")");
            }
            pos = scanner.skipWhitespace(pos);
            if (pos < m_size && m_data[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < m_size && m_data[pos] == '}')
                break;
            return fail(pos, pos < m_size ? "expected ',' or '}' in the top-level object"
                                          : "truncated: the file ends inside the top-level object");
        }
        if (!sawEvents) {
            m_error =
                "not a Chrome trace: the JSON object has neither traceEvents nor systemTraceEvents";
            return false;
        }
        return trailing(pos + 1);
    }

    bool trailing(size_t pos)
    {
        pos = JsonTextScanner(text()).skipWhitespace(pos);
        if (pos < m_size)
            return fail(pos, "unexpected content after the JSON");
        return true;
    }

    size_t events(size_t pos)
    {
        JsonArrayWindows windows(m_data, m_size, m_capacity, m_options.windowBytes);
        const size_t end = windows.run(pos, m_events, [&](size_t done) {
            if (m_mapping)
                m_mapping->release(done);
            return !m_options.progress || m_options.progress(done, m_size);
        });
        if (end == SIZE_MAX)
            m_error = windows.error() == "cancelled" ? "import cancelled"
                                                     : "traceEvents: " + windows.error();
        return end;
    }

    char *m_data;
    size_t m_size;
    size_t m_capacity;
    const std::string &m_name;
    const ChromeTraceImportOptions &m_options;
    FileMapping *m_mapping;
    ChromeTraceImport m_result;
    ChromeTraceAssembler m_assembler;
    EventReader m_events;
    std::string m_error;
};

} // namespace

Result<ChromeTraceImport> ChromeTraceImporter::read(const InputFile &file,
                                                    const ChromeTraceImportOptions &options)
{
    // Mapped rather than read: no copy of the file, and the pages of events already read go
    // back to the system as the import proceeds, so that the file and the model it becomes do
    // not both take their full size at once.
    if (auto mapping = FileMapping::map(file, kSlack)) {
        FileMapping &m = mapping.value();
        return Import(m.data(), m.size(), m.capacity(), file.path(), options, &m).run();
    }
    auto contents = file.readAll(kSlack);
    if (!contents)
        return Error{contents.error()};
    InputFile::Contents &c = contents.value();
    return Import(c.bytes.get(), c.size, c.size + kSlack, file.path(), options).run();
}

Result<ChromeTraceImport> ChromeTraceImporter::parse(std::string_view json, const std::string &name,
                                                     const ChromeTraceImportOptions &options)
{
    const size_t capacity = json.size() + kSlack;
    std::unique_ptr<char[]> copy(new (std::nothrow) char[capacity]);
    if (!copy)
        return Error{name + ": not enough memory to import it"};
    std::memcpy(copy.get(), json.data(), json.size());
    std::memset(copy.get() + json.size(), 0, capacity - json.size());
    return Import(copy.get(), json.size(), capacity, name, options).run();
}

} // namespace corescope
