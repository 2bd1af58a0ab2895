// SPDX-License-Identifier: MIT
#pragma once

#include "trace/chrometraceevent.h"
#include "trace/importreport.h"
#include "trace/schedswitchparser.h"
#include "trace/trace.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corescope {

/// Turns decoded Chrome trace events and sched_switch records into runs. Lanes are the
/// (pid, tid) pairs events name; a lane that an `M` event declared with `args.corescope` is one
/// of ours (a thread, its states or waits track, or a core of the portable flavour) and its
/// events are read by category, exactly as ChromeTraceExporter wrote them. Any other lane is a
/// thread of another tool's trace, whose slices become named spans; its async slices (`b`/`e`)
/// become task lanes, one per id, and its counters (`C`) counter tracks of kind Imported.
class ChromeTraceAssembler
{
public:
    /// A run's facts from `metadata.corescope.runs`.
    struct RunInfo
    {
        TraceMetadata metadata;
        size_t cores = 0;
        TimeNs offset = 0;
        /// What its waits name by index; nothing where the file's kind is not one this version
        /// knows.
        std::vector<std::optional<WaitObject>> waitObjects;
        /// Each core's sampled busy time, as our exporter writes it in the run's metadata.
        struct BusySample
        {
            uint16_t core;
            TimeNs begin;
            TimeNs end;
            TimeNs busy;
        };
        std::vector<BusySample> busySamples;
        /// The tid our exporter gave other programs' time on the CPU tracks (0: none): a
        /// placeholder for viewers, not a thread of the run.
        int64_t otherProgramsTid = 0;
    };

    ChromeTraceAssembler(std::string title, ImportReport &report);
    ~ChromeTraceAssembler();
    ChromeTraceAssembler(const ChromeTraceAssembler &) = delete;
    ChromeTraceAssembler &operator=(const ChromeTraceAssembler &) = delete;

    void setRuns(std::vector<RunInfo> runs);
    /// What other tools' metadata says about the machine, for files that are not ours.
    void setMachine(std::string cpuModel, uint32_t cores, std::string kernel);

    /// One event, `index` in the file's order, starting at byte `offset`.
    void add(const ChromeTraceEvent &event, uint64_t index, size_t offset);
    void add(const SchedSwitch &change);

    /// Builds the runs; the assembler is spent afterwards.
    [[nodiscard]] std::vector<Trace> finish();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace corescope
