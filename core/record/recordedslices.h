// SPDX-License-Identifier: MIT
#pragma once

#include "record/kernelrecords.h"

#include <cstdint>
#include <vector>

namespace corescope {

/// One stretch of a recorded program's thread on a CPU.
struct RecordedSlice
{
    int32_t pid = 0;
    int32_t tid = 0;
    uint16_t cpu = 0;
    int64_t begin = 0;
    int64_t end = 0;
    /// How the slice ended.
    enum class End : uint8_t {
        Preempted, ///< it still wanted to run
        Blocked,   ///< it gave the CPU up: it sleeps or waits
        Exited,
        Running, ///< it was still on its CPU when the records end
    };
    End how = End::Blocked;
};

/// The slices the kernel's records describe, by thread and then time. The records leave two
/// edges out, which this fills from the others: recording starts at exec, while the program's
/// first thread is already on its CPU (its first slice begins at the exec), and a thread's
/// recording ends before its last switch-out (its last slice ends at its exit, or at `end` if
/// it is still running then).
[[nodiscard]] std::vector<RecordedSlice> recordedSlices(const KernelRecords &records, int64_t end);

} // namespace corescope
