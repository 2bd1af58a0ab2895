// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace corescope {

/// Declares one parameter of a workload or an execution model, with its range and default.
struct ParamSpec
{
    enum class Type { Integer, Real, IntegerList };

    std::string name;
    Type type = Type::Integer;
    std::string defaultValue;
    double minimum = 0;
    double maximum = 0;
    std::string unit;
    std::string description;
};

/// Parameter values after validation against their specs: every declared name has a value.
class ParamSet
{
public:
    /// Checks `values` against `specs`: unknown names, unparsable values and values out of range
    /// are refused with a message naming the parameter; missing ones take their defaults.
    [[nodiscard]] static Result<ParamSet> validate(const std::vector<ParamSpec> &specs,
                                                   const std::map<std::string, std::string> &values);

    [[nodiscard]] int64_t integer(const std::string &name) const;
    [[nodiscard]] double real(const std::string &name) const;
    [[nodiscard]] std::vector<int64_t> integers(const std::string &name) const;
    /// Every value as text, defaults included (what a child process is handed).
    [[nodiscard]] const std::map<std::string, std::string> &values() const { return m_values; }

private:
    std::map<std::string, std::string> m_values;
};

/// Splits "key=value"; nullopt-like Error when there is no '=' or no key.
[[nodiscard]] Result<std::pair<std::string, std::string>> parseParamAssignment(const std::string &text);

} // namespace corescope
