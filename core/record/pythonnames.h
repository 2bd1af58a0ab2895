// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace corescope {

/// A name the recorded program's Python gave one of its threads (`Thread(name=…)`) or
/// processes (`Process(name=…)`), or what its interpreter is, as
/// core/record/python/sitecustomize.py wrote it.
struct PythonName
{
    enum class Kind : uint8_t {
        Thread,
        Process,
        Interpreter, ///< "CPython 3.11.2", "CPython 3.13.0 free-threaded": one per interpreter
    };
    int32_t pid = 0;
    int32_t tid = 0;
    Kind kind = Kind::Thread;
    std::string name;
};

/// The environment variable that tells the helper where to write.
inline constexpr const char *kPythonNamesVariable = "CORESCOPE_PY_NAMES_DIR";

/// Every name written into `folder`, in the order each process wrote them. A line cut short
/// (a program killed while writing) is skipped.
[[nodiscard]] Result<std::vector<PythonName>> readPythonNames(const std::string &folder);

} // namespace corescope
