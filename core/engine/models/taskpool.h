// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace corescope {

struct RunSetup;

/// What the pool models share, as concurrent.futures and multiprocessing.Pool behave: every task
/// is submitted at once to one shared FIFO, the workers take them in turn, and a worker with no
/// task left stays, idle, until the pool shuts down once every result is in.
class TaskPool
{
public:
    /// Submits every task (a TaskSubmit each in the model's log: each task gets a lane, queued
    /// until a worker starts it), `chunkSize` at a time to a worker, and keeps workers until done.
    static void submitAll(RunSetup &setup, uint32_t chunkSize = 1);
    /// As many workers as the machine has cores, or fewer when there are fewer tasks.
    [[nodiscard]] static uint32_t defaultWorkers(uint32_t tasks);
};

} // namespace corescope
