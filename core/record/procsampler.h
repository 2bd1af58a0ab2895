// SPDX-License-Identifier: MIT
#pragma once

#include "record/kernelrecords.h"

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>

namespace corescope {

/// The privilege-free fallback where the kernel refuses switch records (Debian ships
/// kernel.perf_event_paranoid = 3): at each sample it reads every thread of the program's
/// process tree from /proc (CPU time and run-queue wait from schedstat, in nanoseconds; the CPU
/// it last ran on; its name) and turns what changed into approximate switch records. A thread
/// that ran d ns since the last sample is put on its last CPU for d ns before this sample, after
/// the other threads of that CPU; a thread that also waited in the run queue was preempted.
/// Where in the interval it really ran is not known: the interval is the precision.
class ProcSampler
{
public:
    /// Samples `root` and whatever it starts; `start` is when the program began (exec).
    ProcSampler(pid_t root, int64_t start);

    /// Reads /proc now and appends what changed since the last sample.
    void sample(int64_t now, KernelRecords &out);

    [[nodiscard]] size_t threadsSeen() const { return m_everSeen; }

private:
    struct Known
    {
        int32_t pid = 0;
        uint64_t startTicks = 0; ///< when it began (another thread with its tid begins later)
        uint64_t runNs = 0;
        uint64_t waitNs = 0;
        bool seenNow = false;
    };

    std::map<int32_t, Known> m_threads; ///< by tid
    pid_t m_root;
    int64_t m_last;
    size_t m_everSeen = 0;
};

} // namespace corescope
