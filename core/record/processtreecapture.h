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
    /// Ring sizes to try, in pages per CPU: 64 kept up with 76 k switches a second; the smaller
    /// ones are for users whose locked-memory allowance (about 0.5 MiB) cannot hold that.
    static constexpr std::initializer_list<size_t> kPageChoices = {64, 32, 16, 8};

    /// Opens the rings for `pid`, a child of ours paused before exec (recording starts at its
    /// exec), or for the calling thread (see enable()).
    [[nodiscard]] static Result<ProcessTreeCapture>
    attach(pid_t pid, std::initializer_list<size_t> pageChoices = kPageChoices);

    /// Records from now on rather than from exec: attached to the calling thread, each program
    /// it starts is recorded from its birth (its own switches come with the thread's).
    [[nodiscard]] Status enable();

    /// Moves what the rings hold into `records` (call it often enough that no ring fills up).
    void drain(KernelRecords &records);

    [[nodiscard]] size_t cpuCount() const { return m_rings.size(); }
    /// One per ring: readable (poll) once a ring is a few pages full and wants draining.
    [[nodiscard]] std::vector<int> descriptors() const;

private:
    explicit ProcessTreeCapture(std::vector<PerfRing> rings);

    std::vector<PerfRing> m_rings; ///< index: CPU
};

} // namespace corescope
