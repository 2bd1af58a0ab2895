// SPDX-License-Identifier: MIT
#include "engine/params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <sstream>

namespace corescope {
namespace {

std::optional<int64_t> parseInteger(std::string_view text)
{
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

std::optional<double> parseReal(const std::string &text)
{
    if (text.empty())
        return std::nullopt;
    // strtod is locale-independent enough for "C" numbers, and g++ 12 lacks from_chars(double).
    char *end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::vector<std::string> splitList(const std::string &text)
{
    std::vector<std::string> parts;
    std::stringstream stream(text);
    std::string part;
    while (std::getline(stream, part, ','))
        parts.push_back(part);
    return parts;
}

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string rangeText(const ParamSpec &spec)
{
    return formatNumber(spec.minimum) + " to " + formatNumber(spec.maximum);
}

Status checkValue(const ParamSpec &spec, const std::string &text)
{
    const auto refuse = [&](const std::string &why) {
        return Error{"parameter '" + spec.name + "': " + why};
    };
    switch (spec.type) {
    case ParamSpec::Type::Integer: {
        const auto value = parseInteger(text);
        if (!value)
            return refuse("'" + text + "' is not an integer");
        if (double(*value) < spec.minimum || double(*value) > spec.maximum)
            return refuse(text + " is out of range (" + rangeText(spec) + ")");
        return {};
    }
    case ParamSpec::Type::Real: {
        const auto value = parseReal(text);
        if (!value)
            return refuse("'" + text + "' is not a number");
        if (*value < spec.minimum || *value > spec.maximum)
            return refuse(text + " is out of range (" + rangeText(spec) + ")");
        return {};
    }
    case ParamSpec::Type::IntegerList: {
        const auto parts = splitList(text);
        if (parts.empty())
            return refuse("the list is empty");
        // A one-item list reads like a plain number, and so do its messages.
        const bool single = parts.size() == 1;
        for (size_t i = 0; i < parts.size(); ++i) {
            const std::string item = single ? "" : "item " + std::to_string(i + 1) + " ";
            const auto value = parseInteger(parts[i]);
            if (!value)
                return refuse(item + "'" + parts[i] + "' is not an integer");
            if (double(*value) < spec.minimum || double(*value) > spec.maximum)
                return refuse(item + (single ? parts[i] : "(" + parts[i] + ")")
                              + " is out of range (" + rangeText(spec) + ")");
        }
        return {};
    }
    }
    return refuse("unknown type");
}

} // namespace

Result<ParamSet> ParamSet::validate(const std::vector<ParamSpec> &specs,
                                    const std::map<std::string, std::string> &values)
{
    for (const auto &entry : values) {
        const std::string &name = entry.first; // a plain reference: lambdas may capture it
        const bool known = std::any_of(specs.begin(), specs.end(),
                                       [&](const ParamSpec &spec) { return spec.name == name; });
        if (!known) {
            std::string names;
            for (const auto &spec : specs)
                names += (names.empty() ? "" : ", ") + spec.name;
            return Error{"unknown parameter '" + name + "' (known: "
                         + (names.empty() ? std::string("none") : names) + ")"};
        }
    }
    ParamSet set;
    for (const auto &spec : specs) {
        const auto given = values.find(spec.name);
        const std::string &text = given != values.end() ? given->second : spec.defaultValue;
        if (auto status = checkValue(spec, text); !status)
            return Error{status.error()};
        set.m_values[spec.name] = text;
    }
    return set;
}

int64_t ParamSet::integer(const std::string &name) const
{
    return parseInteger(m_values.at(name)).value_or(0);
}

double ParamSet::real(const std::string &name) const
{
    return parseReal(m_values.at(name)).value_or(0.0);
}

std::vector<int64_t> ParamSet::integers(const std::string &name) const
{
    std::vector<int64_t> result;
    for (const auto &part : splitList(m_values.at(name)))
        result.push_back(parseInteger(part).value_or(0));
    return result;
}

Result<std::pair<std::string, std::string>> parseParamAssignment(const std::string &text)
{
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0)
        return Error{"'" + text + "' is not of the form key=value"};
    return std::pair{text.substr(0, equals), text.substr(equals + 1)};
}

} // namespace corescope
