// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <string>
#include <vector>

namespace corescope {

class TaskContext;

/// How a program a task ran ended, and what it printed.
struct ChildProgramOutcome
{
    static constexpr size_t kOutputLimit = 64 * 1024; ///< bytes of output kept; the rest is read

    int waitStatus = 0;
    std::string output; ///< its stdout and stderr
};

/// Runs another program for a task as subprocess.run does, and records it in a lane of its own:
/// its spawn, its exec (the start-up between), each slice on a core and whether it was preempted
/// from it, its exit and the CPU time the kernel counted. The slices come from the kernel's
/// switch records of perf events the calling thread opens just before the spawn, which the
/// program inherits, so that it is recorded from its birth; where the kernel refuses them the
/// lane says its cores are unknown. The task waits for the program as a blocking call, so the GIL
/// is free meanwhile; a cancelled run kills it, then throws RunCancelled as a checkpoint does.
[[nodiscard]] Result<ChildProgramOutcome> runChildProgram(TaskContext &ctx,
                                                          const std::vector<std::string> &argv);

} // namespace corescope
