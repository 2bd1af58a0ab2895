// SPDX-License-Identifier: MIT
#include "engine/workerinvocation.h"

#include "engine/params.h"

#include <charconv>
#include <cstdio>
#include <sstream>

namespace corescope {
namespace {

template<typename T>
bool parseNumber(const std::string &text, T &out)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::string formatCalibration(const ClockCalibration &c)
{
    char buffer[128];
    std::snprintf(buffer, sizeof(buffer), "%llu:%lld:%.17g:%d",
                  static_cast<unsigned long long>(c.tickOrigin), static_cast<long long>(c.nsOrigin),
                  c.nsPerTick, c.usesTsc ? 1 : 0);
    return buffer;
}

bool parseCalibration(const std::string &text, ClockCalibration &c)
{
    unsigned long long ticks = 0;
    long long ns = 0;
    int usesTsc = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%llu:%lld:%lg:%d%c", &ticks, &ns, &c.nsPerTick, &usesTsc, &tail) != 4
        || !(c.nsPerTick > 0))
        return false;
    c.tickOrigin = ticks;
    c.nsOrigin = ns;
    c.usesTsc = usesTsc != 0;
    return true;
}

} // namespace

std::vector<std::string> WorkerInvocation::toArguments() const
{
    std::vector<std::string> args{
        "--index",         std::to_string(index),
        "--parent",        std::to_string(parent),
        "--workload",      workload,
        "--capture",       std::string(captureMethodName(capture)),
        "--calibration",   formatCalibration(calibration),
        "--control-bytes", std::to_string(controlBytes),
        "--log-bytes",     std::to_string(logBytes)};
    for (const auto &[key, value] : params) {
        args.push_back("--param");
        args.push_back(key + "=" + value);
    }
    return args;
}

Result<WorkerInvocation> WorkerInvocation::parse(const std::vector<std::string> &arguments)
{
    WorkerInvocation w;
    bool haveWorkload = false;
    for (size_t i = 0; i < arguments.size(); i += 2) {
        const std::string &option = arguments[i];
        if (i + 1 >= arguments.size())
            return Error{"option " + option + " needs a value"};
        const std::string &value = arguments[i + 1];
        const auto bad = [&] { return Error{"option " + option + ": bad value '" + value + "'"}; };
        if (option == "--index") {
            if (!parseNumber(value, w.index))
                return bad();
        } else if (option == "--parent") {
            if (!parseNumber(value, w.parent))
                return bad();
        } else if (option == "--workload") {
            w.workload = value;
            haveWorkload = true;
        } else if (option == "--capture") {
            auto method = parseCaptureMethod(value);
            if (!method)
                return bad();
            w.capture = method.value();
        } else if (option == "--calibration") {
            if (!parseCalibration(value, w.calibration))
                return bad();
        } else if (option == "--control-bytes") {
            if (!parseNumber(value, w.controlBytes))
                return bad();
        } else if (option == "--log-bytes") {
            if (!parseNumber(value, w.logBytes))
                return bad();
        } else if (option == "--param") {
            auto assignment = parseParamAssignment(value);
            if (!assignment)
                return bad();
            w.params[assignment.value().first] = assignment.value().second;
        } else {
            return Error{"unknown option '" + option + "'"};
        }
    }
    if (!haveWorkload || w.controlBytes == 0 || w.logBytes == 0)
        return Error{"--workload, --control-bytes and --log-bytes are required"};
    return w;
}

} // namespace corescope
