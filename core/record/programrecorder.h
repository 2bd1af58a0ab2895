// SPDX-License-Identifier: MIT
#pragma once

#include "record/processtreecapture.h"
#include "record/procsampler.h"
#include "record/programrecording.h"
#include "record/programtracedecoder.h"
#include "result.h"
#include "trace/trace.h"

#include <chrono>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace corescope {

/// How a recorded program's time on the cores is captured.
enum class RecordCapture : uint8_t {
    Auto,     ///< the kernel's switch records where allowed, else sampling (and a problem line)
    Perf,     ///< the kernel's switch records, or an error
    Sampling, ///< /proc sampling: approximate, needs no permission
};
[[nodiscard]] std::string_view recordCaptureName(RecordCapture capture);
[[nodiscard]] Result<RecordCapture> parseRecordCapture(std::string_view name);

struct RecordOptions
{
    ProgramSpec program;
    RecordCapture capture = RecordCapture::Auto;
    /// Loads the GIL library and the Python helper into the program (harmless if it is no Python).
    bool python = true;
    std::string title;
    int64_t samplingIntervalNs = 2'000'000;
    std::string gilLibrary;   ///< libcorescope-gil.so; empty: not found, no GIL lanes
    std::string pythonHelper; ///< the folder holding sitecustomize.py; empty: no Python names
};

/// A recording that has ended: how it went, and its trace.
struct FinishedRecording
{
    ProgramRecording recording;
    Trace trace;
};

/// Runs another program and records it: starts it held before exec, attaches the capture, lets
/// it go, and gathers records while the caller calls poll(), decoding them into the trace as
/// they come (a long recording keeps its trace, not its records); finish() stops what the
/// program left running and hands the recording and its trace over. One program, one recorder.
class ProgramRecorder
{
public:
    /// The program, held before exec, with its recording attached; an error says why it cannot
    /// be recorded as asked (the kernel refused, the system could not fork).
    [[nodiscard]] static Result<std::unique_ptr<ProgramRecorder>> prepare(RecordOptions options);
    /// Lets the program run; an error names the command and why it did not start (a shell
    /// would exit 127 then).
    [[nodiscard]] Status begin();
    ~ProgramRecorder();
    ProgramRecorder(const ProgramRecorder &) = delete;
    ProgramRecorder &operator=(const ProgramRecorder &) = delete;

    /// Gathers and decodes what arrived; the program's end once it has ended. Call it every few
    /// milliseconds.
    std::optional<ProgramExit> poll();
    /// Asks the program to stop, as Ctrl+C in its terminal would (SIGINT).
    void interrupt();
    /// Marks the recording cancelled (the user stopped it).
    void setCancelled() { m_recording.cancelled = true; }
    /// The recording so far.
    [[nodiscard]] const ProgramRecording &recording() const { return m_recording; }
    /// The trace so far, for a live view, GIL lanes and all: it costs what arrived since the
    /// last one, and is complete and immutable.
    [[nodiscard]] std::shared_ptr<const Trace> liveTrace();
    /// Readable when the program has ended, for poll() loops; -1 where there are no pidfds.
    [[nodiscard]] int exitDescriptor() const { return m_program.exitDescriptor(); }

    /// Ends the recording: waits up to `grace` for the program (and what it left behind) to
    /// end, then stops them; reads the GIL logs and Python names, and builds the trace.
    [[nodiscard]] FinishedRecording finish(std::chrono::milliseconds grace);

private:
    ProgramRecorder(RecordOptions options, LaunchedProgram program, std::string scratch);
    void gather(int64_t now);
    void readCommandLines(const KernelRecords &arrived);
    /// Hands the decoder what the GIL logs gained since the last call (opening the logs of
    /// processes that began since); false where a slot was still being written (since less
    /// than kGilStallNs), so the events after it, which may be older than the kernel's records
    /// at hand, are still to come.
    bool followGil(int64_t now);
    ProgramTraceDecoder &decoder();

    RecordOptions m_options;
    LaunchedProgram m_program;
    std::string m_scratch; ///< the folder the GIL library and the helper write into
    std::optional<ProcessTreeCapture> m_capture;
    std::optional<ProcSampler> m_sampler;
    std::unique_ptr<CoreBusySampler> m_busy; ///< the cores' idle accounting, null if closed
    int64_t m_cpuAtStart = 0;                ///< this process's CPU time when the program began
    ProgramRecording m_recording;
    KernelRecords m_arrived;                         ///< gathered, handed to the decoder at once
    std::optional<ProgramTraceDecoder> m_decoder;    ///< from the program's start
    std::map<std::string, GilLogFollower> m_gilLogs; ///< by path, each read as far as written
    std::vector<GilLogFormat::Event> m_gilEvents;    ///< read from one of them, reused
    int64_t m_decodedUpTo = std::numeric_limits<int64_t>::min();
    std::optional<int64_t> m_gilStalledSince; ///< since when a slot has been unwritten
    static constexpr int64_t kGilStallNs = 100'000'000;
    int64_t m_nextSample = 0;
    /// Python's names are read again this often while the program runs.
    static constexpr int64_t kNamesIntervalNs = 100'000'000;
    int64_t m_nextNames = 0;
};

} // namespace corescope
