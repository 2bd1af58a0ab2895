// SPDX-License-Identifier: MIT
// A long recording's kernel records, made up and handed over a batch at a time: what the live
// benchmarks (bench_record's decoder, bench_window's window) feed on.
#pragma once

#include "record/kernelrecords.h"
#include "record/programrecording.h"

namespace corescope {

/// A recording of 16 threads taking turns on 2 CPUs, 10 µs a slice, whose records come a
/// batch at a time: what the kernel's rings hand a long recording's recorder.
class GrowingRecording
{
public:
    static constexpr int32_t kPid = 100;
    static constexpr int kThreads = 16;

    GrowingRecording()
    {
        r.argv = {"synthetic"};
        r.pid = kPid;
        r.startNs = 1'000'000'000;
        r.endNs = r.startNs;
        r.captureMethod = "perf";
        arrived.switchesPerCpu.resize(2);
        arrived.comms.push_back({r.startNs, kPid, kPid, 0, true, "synthetic"});
        for (int32_t t = 1; t < kThreads; ++t)
            arrived.tasks.push_back(
                {r.startNs, KernelTaskEvent::Kind::Fork, kPid, kPid, kPid + t, kPid, 0});
    }
    /// `slices` more, one after another on each CPU, into `arrived`.
    void grow(size_t slices)
    {
        for (size_t i = 0; i < slices; ++i, ++m_slices) {
            const auto cpu = uint16_t(m_slices % 2);
            const int64_t begin = r.startNs + int64_t(m_slices / 2) * 10'000;
            const int32_t tid = kPid + int32_t(m_slices % kThreads);
            auto &ring = arrived.switchesPerCpu[cpu];
            ring.push_back({begin, kPid, tid, cpu, KernelSwitch::Kind::In});
            ring.push_back({begin + 10'000, kPid, tid, cpu, KernelSwitch::Kind::OutPreempted});
            r.endNs = begin + 10'000;
        }
    }

    ProgramRecording r;
    KernelRecords arrived; ///< since the decoder last took them

private:
    size_t m_slices = 0;
};

} // namespace corescope
