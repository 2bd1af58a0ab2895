// SPDX-License-Identifier: MIT
#pragma once

#include "record/kernelrecords.h"
#include "record/programrecording.h"
#include "trace/switchreconstruction.h"
#include "trace/trace.h"
#include "trace/tracebuilder.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace corescope {

/// Turns a recording into a Trace as its records come: births, deaths, names and switches in
/// one time order, each thread's slices and states through the one reconstruction of
/// context switches. take() consumes what arrived since the last call and decodes what is
/// before a given time, so that a live view pays for the new records only and no record is
/// kept once decoded; build() ends it.
///
/// A lane per life of a thread (a tid the kernel hands out again after its thread exited is
/// another life), in the order they appear; processes named by Python where it named them,
/// else by their command line (or, forked and not exec'd, their parent's name), threads by
/// Python's name, else the kernel's.
class CoreBusySampler;

class ProgramTraceDecoder
{
public:
    /// `origin`: the recording's start (its exec), the trace's time 0.
    explicit ProgramTraceDecoder(int64_t origin);

    /// GIL events that `log`'s process wrote (since the last call for it), to be decoded with
    /// the kernel's records in one time order: give them before the take() whose `upTo` passes
    /// them.
    void takeGil(const GilProcessLog &log, std::span<const GilLogFormat::Event> events);
    /// Moves the records out of `records` (which is left empty, but for its lost count) and
    /// decodes, in time order, those before `upTo` (every record before it has arrived); the
    /// rest wait for a later call.
    void take(KernelRecords &records, int64_t upTo);
    /// The cores' busy time sampled since the last call.
    void takeBusySamples(const CoreBusySampler &sampler);
    /// The trace so far: what is decoded, threads still on a core until the recording's end.
    [[nodiscard]] Trace snapshot(const ProgramRecording &recording);
    /// The whole trace of the ended recording, with the records still waiting. Call it once.
    [[nodiscard]] Trace build(const ProgramRecording &recording);

private:
    /// One life of a thread of the recording: from its birth to its death.
    struct Life
    {
        int32_t pid = 0;
        int32_t tid = 0;
        int64_t begin = 0;
        int64_t end = 0;
        bool ended = false; ///< its exit was recorded (at `end`)
        bool execed = false;
        std::optional<size_t> parent; ///< the life that forked it, if known
        std::string kernelName;
        std::string pythonName;
    };
    /// One GIL event of process `pid`.
    struct GilRecord
    {
        GilLogFormat::Event event;
        int32_t pid;
    };
    using Record = std::variant<KernelTaskEvent, KernelComm, KernelSwitch, GilRecord>;
    /// A process's GIL, as its events have told so far.
    struct Gil
    {
        GilPairing pairing;
        std::optional<uint32_t> holder; ///< the life that took it last
    };
    class GilSink;

    void decodeUpTo(int64_t upTo);
    void apply(const KernelTaskEvent &task);
    void apply(const KernelComm &comm);
    void apply(const KernelSwitch &s);
    void apply(const GilRecord &gil);
    /// Each GIL hold under way, from its beginning to `until`.
    template <typename Sink>
    void addOpenHolds(Sink &sink, int64_t until) const;
    void giveFinished();

    size_t addLife(int32_t tid, int32_t pid, int64_t time);
    [[nodiscard]] std::optional<size_t> lifeAt(int32_t tid, int64_t time) const;
    size_t seenAt(int32_t tid, int32_t pid, int64_t time);

    void addPythonNames(const ProgramRecording &recording);
    void describeThreads(const ProgramRecording &recording);
    [[nodiscard]] bool latestOfItsPid(size_t life) const;
    const std::string &kernelName(size_t life);
    const std::string &nameOf(size_t life, const ProgramRecording &recording);
    [[nodiscard]] size_t processOf(size_t life) const;
    [[nodiscard]] TraceMetadata describe(const ProgramRecording &recording) const;

    TraceBuilder m_builder;
    SwitchReconstruction m_switches;
    int64_t m_origin;              ///< the recording's start: the trace's time 0
    size_t m_busySamplesGiven = 0; ///< CoreBusySampler::addTo()'s place

    std::vector<Record> m_waiting; ///< taken, not decoded yet: at or after the last `upTo`

    std::vector<Life> m_lives;                        ///< every life; its index is its thread's
    std::map<int32_t, std::vector<size_t>> m_livesOf; ///< tid → its lives, in time order

    std::vector<std::optional<std::string>> m_names;       ///< by life, while naming
    std::vector<std::optional<std::string>> m_kernelNames; ///< by life, while naming
    std::map<int32_t, std::string> m_processNames;         ///< by pid, from Python
    std::map<int32_t, Gil> m_gil;                          ///< by pid
};

} // namespace corescope
