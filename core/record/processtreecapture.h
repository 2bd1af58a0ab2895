// SPDX-License-Identifier: MIT
#pragma once

#include "engine/capture/perfring.h"
#include "record/kernelrecords.h"
#include "result.h"

#include <sys/types.h>

#include <vector>

namespace corescope {

/// The kernel's context-switch, thread and name records of another program and of every thread
/// and process it starts, without root: one perf ring per CPU on the program's pid with
/// `inherit`, which an unprivileged user may open on its own children where
/// kernel.perf_event_paranoid <= 2. Attach before the program execs; recording starts at exec.
class ProcessTreeCapture
{
public:
    /// Opens the rings for `pid`, a child of ours paused before exec.
    [[nodiscard]] static Result<ProcessTreeCapture> attach(pid_t pid);

    /// Moves what the rings hold into `records` (call it often enough that no ring fills up).
    void drain(KernelRecords &records);

    [[nodiscard]] size_t cpuCount() const { return m_rings.size(); }

private:
    explicit ProcessTreeCapture(std::vector<PerfRing> rings);

    std::vector<PerfRing> m_rings; ///< index: CPU
};

} // namespace corescope
