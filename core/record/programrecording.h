// SPDX-License-Identifier: MIT
#pragma once

#include "record/gillog.h"
#include "record/launchedprogram.h"
#include "record/pythonnames.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corescope {

/// What is known of one run of another program besides the kernel's records (which the
/// recorder decodes as they come, see ProgramTraceDecoder): what the GIL library and the Python
/// helper wrote, the command lines, and how it ended. Times are CLOCK_MONOTONIC nanoseconds.
struct ProgramRecording
{
    std::vector<std::string> argv;
    std::string workingDirectory;
    std::string title;   ///< empty: the command line
    int32_t pid = 0;     ///< the program's first process
    int64_t startNs = 0; ///< its exec
    int64_t endNs = 0;   ///< the end of the recording
    int64_t startedUnixMs = 0;
    uint64_t lostRecords = 0; ///< switch records the kernel could not hand over
    std::vector<GilProcessLog> gil;
    std::vector<PythonName> names;
    std::map<int32_t, std::string> commandLines; ///< by pid, read while each process ran
    std::string captureMethod;                   ///< "perf" or "sampling"
    int64_t precisionNs = 0;
    std::string busySampling; ///< how the cores' busy time was sampled (TraceMetadata's)
    int64_t busySampleIntervalNs = 0;
    int64_t recorderCpuNs = 0;       ///< the recorder's own CPU time so far (TraceMetadata's)
    std::optional<ProgramExit> exit; ///< nullopt while it runs
    bool started = true;             ///< false when it could not start (problems say why)
    bool cancelled = false;
    size_t leftoversStopped = 0; ///< processes it left running that the recorder ended
    std::vector<std::string> problems;
};

} // namespace corescope
