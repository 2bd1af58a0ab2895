// SPDX-License-Identifier: MIT
#include "record/programrecorder.h"

#include "engine/capture/corebusysampler.h"
#include "engine/capture/cpuclockcapture.h"

#include "engine/clock.h"
#include "record/gillogformat.h"

#include <dirent.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <thread>

namespace corescope {
namespace {

/// How long what the program started may take to end by itself once the program has ended.
constexpr std::chrono::milliseconds kLeftoversSettle(250);

/// How long a switch record may take from its time stamp to its ring, at most: far more than
/// the kernel's write of it, less than a live view would show.
constexpr int64_t kRecordsInFlightNs = 2'000'000;

/// Tests set it to see the fallback taken where the kernel would allow switch records.
constexpr const char *kPretendNoPerf = "CORESCOPE_PRETEND_NO_PERF";

int64_t unixNowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

std::string joined(const std::vector<std::string> &words)
{
    std::string out;
    for (const std::string &word : words)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

/// `value` in front of what the variable holds in our environment, as a search path.
std::string prepended(const char *variable, const std::string &value)
{
    const char *current = std::getenv(variable);
    return current && *current ? value + ":" + current : value;
}

/// A process's command line while it runs, as a shell would show it (at most 240 characters).
std::string commandLineOf(int32_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string text(4096, '\0');
    in.read(text.data(), std::streamsize(text.size()));
    text.resize(size_t(in.gcount()));
    while (!text.empty() && text.back() == '\0')
        text.pop_back();
    for (char &c : text) {
        if (c == '\0')
            c = ' ';
    }
    if (text.size() > 240)
        text = text.substr(0, 239) + "…";
    return text;
}

void removeFolder(const std::string &folder)
{
    if (folder.empty())
        return;
    if (DIR *dir = opendir(folder.c_str())) {
        while (const dirent *entry = readdir(dir)) {
            if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
                unlink((folder + "/" + entry->d_name).c_str());
        }
        closedir(dir);
    }
    rmdir(folder.c_str());
}

std::string scratchFolder()
{
    const char *tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/corescope-record-XXXXXX";
    return mkdtemp(pattern.data()) ? pattern : std::string();
}

/// "3.11.2", from Py_Version's encoding.
std::string versionText(uint32_t v)
{
    return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xff) + "."
           + std::to_string((v >> 8) & 0xff);
}

/// The major and minor version in "CPython 3.10.13", or {0, 0}.
std::pair<unsigned, unsigned> versionIn(const std::string &interpreter)
{
    unsigned major = 0;
    unsigned minor = 0;
    if (std::sscanf(interpreter.c_str(), "%*s %u.%u", &major, &minor) != 2)
        return {0, 0};
    return {major, minor};
}

/// "812, 813 (sleep 60), …": the first five of `pids`, each as `describe` writes it.
template <typename Pids, typename Describe>
std::string firstFew(const Pids &pids, Describe describe)
{
    constexpr size_t kNamed = 5;
    std::string text;
    size_t named = 0;
    for (auto pid = pids.begin(); pid != pids.end() && named < kNamed; ++pid, ++named)
        text += (named ? ", " : "") + describe(*pid);
    return pids.size() > kNamed ? text + ", …" : text;
}

/// Why the GIL of the program's Python processes was not recorded, or how it was found where
/// that is worth saying: one line for each reason, naming the processes it applies to. A
/// process that is not Python gets none.
class GilProblems
{
public:
    GilProblems(const std::vector<GilProcessLog> &logs, const std::vector<PythonName> &names,
                bool libraryLoaded)
    {
        constexpr std::string_view kFreeThreaded = " free-threaded";
        std::map<int32_t, std::string> interpreters; // by pid, from the Python helper
        std::set<std::string> freeThreaded;          // "CPython 3.13.0"
        for (const PythonName &name : names) {
            if (name.kind != PythonName::Kind::Interpreter)
                continue;
            interpreters[name.pid] = name.name;
            if (name.name.ends_with(kFreeThreaded))
                freeThreaded.insert(name.name.substr(0, name.name.size() - kFreeThreaded.size()));
        }
        std::set<int32_t> seenByLibrary;
        for (const GilProcessLog &log : logs) {
            const std::string process = "process " + std::to_string(log.pid);
            if (log.dropped > 0)
                m_lines.push_back(process + ": " + std::to_string(log.dropped)
                                  + " GIL events did not fit in its log; its GIL lanes end early");
            if (log.discovery == GilLogFormat::Discovery::NotPython)
                continue;
            seenByLibrary.insert(log.pid);
            const std::string python = "CPython " + versionText(log.pythonVersion);
            if (freeThreaded.contains(python))
                add("free-threaded " + python + " in {}: no GIL to record", log.pid);
            else if (log.discovery == GilLogFormat::Discovery::Searching)
                add("{}: its GIL was not found (" + python
                        + ": no layout known, and no thread waited for it), so it has no GIL "
                          "lanes",
                    log.pid);
            else if (log.discovery == GilLogFormat::Discovery::FirstWait && !log.layoutKnown)
                add("{}: GIL found by its first timed wait (" + python + " layout not known)",
                    log.pid);
        }
        for (const auto &[pid, interpreter] : interpreters) {
            const std::string in = interpreter + " in {}: its GIL was not recorded";
            if (interpreter.ends_with(kFreeThreaded))
                add("free-threaded "
                        + interpreter.substr(0, interpreter.size() - kFreeThreaded.size())
                        + " in {}: no GIL to record",
                    pid);
            else if (seenByLibrary.contains(pid))
                continue;
            else if (!libraryLoaded)
                add("{}: Python's GIL was not recorded: the GIL library (libcorescope-gil.so) is "
                    "not installed beside corescope",
                    pid);
            else if (!interpreter.starts_with("CPython "))
                add(in + " (the GIL library knows CPython's only)", pid);
            else if (versionIn(interpreter) < std::pair(3u, 7u))
                add(in + " (CPython before 3.7 has no _PyRuntime for the GIL library to find)",
                    pid);
            else
                add(in
                        + ": the GIL library was not loaded into it (LD_PRELOAD removed or "
                          "ignored)",
                    pid);
        }
    }

    /// "free-threaded CPython 3.13.0 in processes 812, 813: no GIL to record".
    [[nodiscard]] std::vector<std::string> lines() &&
    {
        for (const auto &[reason, pids] : m_byReason) {
            const std::string processes =
                (pids.size() == 1 ? "process " : "processes ")
                + firstFew(pids, [](int32_t pid) { return std::to_string(pid); });
            std::string line = reason;
            line.replace(line.find("{}"), 2, processes);
            m_lines.push_back(std::move(line));
        }
        return std::move(m_lines);
    }

private:
    /// `reason` holds "{}" where the processes it applies to are named.
    void add(const std::string &reason, int32_t pid) { m_byReason[reason].insert(pid); }

    std::map<std::string, std::set<int32_t>> m_byReason;
    std::vector<std::string> m_lines;
};

/// "2 processes it left running were stopped: 812 (sleep 60), 813 (sleep 60)".
std::string leftoversProblem(const std::vector<pid_t> &stopped,
                             const std::map<int32_t, std::string> &commandLines)
{
    return std::to_string(stopped.size())
           + (stopped.size() == 1 ? " process it left running was stopped: "
                                  : " processes it left running were stopped: ")
           + firstFew(stopped, [&](pid_t pid) {
                 const auto line = commandLines.find(pid);
                 return std::to_string(pid)
                        + (line != commandLines.end() && !line->second.empty()
                               ? " (" + line->second + ")"
                               : std::string());
             });
}

} // namespace

std::string_view recordCaptureName(RecordCapture capture)
{
    switch (capture) {
    case RecordCapture::Auto:
        return "auto";
    case RecordCapture::Perf:
        return "perf";
    case RecordCapture::Sampling:
        return "sampling";
    }
    return "auto";
}

Result<RecordCapture> parseRecordCapture(std::string_view name)
{
    for (const RecordCapture c :
         {RecordCapture::Auto, RecordCapture::Perf, RecordCapture::Sampling}) {
        if (name == recordCaptureName(c))
            return c;
    }
    return Error{"unknown capture '" + std::string(name) + "' (expected auto, perf or sampling)"};
}

Result<std::unique_ptr<ProgramRecorder>> ProgramRecorder::prepare(RecordOptions options)
{
    const std::string scratch = scratchFolder();
    ProgramSpec spec = options.program;
    if (options.python && !scratch.empty()) {
        if (!options.gilLibrary.empty()) {
            spec.environment.emplace_back("LD_PRELOAD",
                                          prepended("LD_PRELOAD", options.gilLibrary));
            spec.environment.emplace_back(GilLogFormat::kDirectoryVariable, scratch);
        }
        if (!options.pythonHelper.empty()) {
            spec.environment.emplace_back("PYTHONPATH",
                                          prepended("PYTHONPATH", options.pythonHelper));
            spec.environment.emplace_back(kPythonNamesVariable, scratch);
        }
    }
    Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
    if (!program) {
        removeFolder(scratch);
        return Error{program.error()};
    }
    std::unique_ptr<ProgramRecorder> recorder(
        new ProgramRecorder(std::move(options), std::move(program).value(), scratch));
    ProgramRecording &r = recorder->m_recording;

    if (recorder->m_options.capture != RecordCapture::Sampling) {
        Result<ProcessTreeCapture> capture =
            std::getenv(kPretendNoPerf) ? Result<ProcessTreeCapture>(
                Error{std::string("pretended (") + kPretendNoPerf + ")"})
                                        : ProcessTreeCapture::attach(recorder->m_program.pid());
        if (capture) {
            recorder->m_capture.emplace(std::move(capture).value());
        } else if (recorder->m_options.capture == RecordCapture::Perf) {
            return Error{"the kernel refused its switch records: " + capture.error()
                         + "; record with --capture sampling, or allow them with: sudo sysctl "
                           "kernel.perf_event_paranoid=2"};
        } else {
            r.problems.push_back(
                "the kernel refused its switch records (" + capture.error()
                + "), so /proc was sampled every "
                + std::to_string(recorder->m_options.samplingIntervalNs / 1'000'000)
                + " ms instead: where in each interval a thread ran is not "
                  "known. For exact records: sudo sysctl "
                  "kernel.perf_event_paranoid=2");
        }
    }
    r.captureMethod = recorder->m_capture ? "perf" : "sampling";
    r.precisionNs = recorder->m_capture ? 1'000 : recorder->m_options.samplingIntervalNs;
    return recorder;
}

Status ProgramRecorder::begin()
{
    m_recording.startNs = monotonicNs();
    m_cpuAtStart = processCpuNs();
    m_recording.startedUnixMs = unixNowMs();
    if (!m_capture)
        m_sampler.emplace(m_program.pid(), m_recording.startNs);
    m_busy = CoreBusySampler::start(std::max(1u, std::thread::hardware_concurrency()));
    if (m_busy) {
        m_recording.busySampling = std::string(m_busy->sourceName());
        m_recording.busySampleIntervalNs = m_busy->intervalNs();
    }
    if (const Status started = m_program.proceed(); !started) {
        m_recording.exit = m_program.poll();
        const std::string command = m_recording.argv.empty() ? "" : m_recording.argv.front();
        const std::string why = "cannot start '" + command + "': " + started.error();
        m_recording.problems.push_back(why);
        m_recording.started = false;
        return Error{why};
    }
    return {};
}

ProgramRecorder::ProgramRecorder(RecordOptions options, LaunchedProgram program,
                                 std::string scratch)
    : m_options(std::move(options))
    , m_program(std::move(program))
    , m_scratch(std::move(scratch))
{
    m_recording.argv = m_options.program.argv;
    m_recording.workingDirectory = m_options.program.workingDirectory;
    m_recording.title = m_options.title;
    m_recording.pid = m_program.pid();
    m_recording.commandLines[m_program.pid()] = joined(m_options.program.argv);
}

ProgramRecorder::~ProgramRecorder()
{
    removeFolder(m_scratch);
}

std::optional<ProgramExit> ProgramRecorder::poll()
{
    // The exit is read first: records gathered after it cover the whole of the program.
    const std::optional<ProgramExit> exit = m_program.poll();
    gather(monotonicNs());
    return exit;
}

void ProgramRecorder::interrupt()
{
    m_program.interrupt();
}

void ProgramRecorder::gather(int64_t now)
{
    if (m_capture) {
        m_capture->drain(m_arrived);
    } else if (m_sampler && now >= m_nextSample) {
        m_sampler->sample(now, m_arrived);
        m_nextSample = now + m_options.samplingIntervalNs;
    }
    readCommandLines(m_arrived);
    // Python names its threads as it starts them: a live view can show them a moment later.
    if (!m_scratch.empty() && now >= m_nextNames) {
        if (Result<std::vector<PythonName>> names = readPythonNames(m_scratch))
            m_recording.names = std::move(names).value();
        m_nextNames = now + kNamesIntervalNs;
    }
    m_recording.endNs = now;
    m_recording.recorderCpuNs = processCpuNs() - m_cpuAtStart;
    m_recording.lostRecords = m_arrived.lostRecords;
    // `now` was read before the rings were: a record stamped a little before it may still be
    // on its way into a ring another CPU writes, so the last moments wait for the next poll.
    // The GIL logs are read after the rings: what they hold before `now` is all there.
    if (followGil(now))
        m_decodedUpTo = std::max(m_decodedUpTo, now - kRecordsInFlightNs);
    decoder().take(m_arrived, m_decodedUpTo);
}

bool ProgramRecorder::followGil(int64_t now)
{
    if (m_scratch.empty())
        return true;
    if (Result<std::vector<std::string>> paths = gilLogPaths(m_scratch)) {
        for (const std::string &path : paths.value()) {
            if (m_gilLogs.contains(path))
                continue;
            // A log whose process has not written its header yet is opened next time.
            if (Result<GilLogFollower> log = GilLogFollower::open(path))
                m_gilLogs.emplace(path, std::move(log).value());
        }
    }
    bool whole = true;
    for (auto &[path, log] : m_gilLogs) {
        m_gilEvents.clear();
        const Result<bool> read = log.readNew(m_gilEvents);
        whole = whole && (!read.ok() || read.value()); // finish() reports a log it cannot read
        decoder().takeGil(log.header(), m_gilEvents);
    }
    // A process killed while it wrote an event leaves its slot unwritten for good.
    if (whole)
        m_gilStalledSince.reset();
    else if (!m_gilStalledSince)
        m_gilStalledSince = now;
    return whole || now - *m_gilStalledSince > kGilStallNs;
}

void ProgramRecorder::readCommandLines(const KernelRecords &arrived)
{
    for (const KernelTaskEvent &task : arrived.tasks) {
        if (task.kind == KernelTaskEvent::Kind::Fork && task.pid == task.tid)
            m_recording.commandLines[task.pid] = commandLineOf(task.pid);
    }
    for (const KernelComm &comm : arrived.comms) {
        if (comm.exec) {
            if (std::string line = commandLineOf(comm.pid); !line.empty())
                m_recording.commandLines[comm.pid] = std::move(line);
        }
    }
}

ProgramTraceDecoder &ProgramRecorder::decoder()
{
    if (!m_decoder)
        m_decoder.emplace(m_recording.startNs);
    return *m_decoder;
}

std::shared_ptr<const Trace> ProgramRecorder::liveTrace()
{
    if (m_busy)
        decoder().takeBusySamples(*m_busy);
    return std::make_shared<const Trace>(decoder().snapshot(m_recording));
}

FinishedRecording ProgramRecorder::finish(std::chrono::milliseconds grace)
{
    const auto step = std::chrono::milliseconds(5);
    for (auto waited = std::chrono::milliseconds(0); !m_program.poll() && waited < grace;
         waited += step) {
        gather(monotonicNs());
        std::this_thread::sleep_for(step);
    }
    const bool stillRunning = !m_program.poll();
    // What it started may be on its way out (multiprocessing's resource tracker leaves once the
    // program has gone): a moment for that before anything is called left running.
    const auto settle = std::min(grace, kLeftoversSettle);
    for (auto waited = std::chrono::milliseconds(0);
         !stillRunning && waited < settle && m_program.running() > 0; waited += step) {
        gather(monotonicNs());
        std::this_thread::sleep_for(step);
    }
    std::vector<pid_t> stopped = m_program.stopLeftovers(grace);
    std::erase(stopped, m_program.pid());
    m_recording.leftoversStopped = stopped.size();
    // The program is reaped by now; if it had to be stopped, stopLeftovers reaped it.
    m_recording.exit = m_program.poll();
    if (m_sampler)
        m_nextSample = 0; // one last look, which sees every thread gone
    gather(monotonicNs());
    if (stillRunning)
        m_recording.problems.push_back(
            std::string(m_recording.cancelled ? "it did not end when asked to stop (SIGINT)"
                                              : "it was still running when the recording ended")
            + ", so the recorder stopped it");
    if (!stopped.empty())
        m_recording.problems.push_back(leftoversProblem(stopped, m_recording.commandLines));
    if (m_recording.lostRecords > 0)
        m_recording.problems.push_back(std::to_string(m_recording.lostRecords)
                                       + " switch records were lost (the kernel's rings were "
                                         "full): some threads may seem on a core too long");
    if (!m_scratch.empty()) {
        if (Result<std::vector<GilProcessLog>> logs = readGilLogs(m_scratch))
            m_recording.gil = std::move(logs).value();
        else
            m_recording.problems.push_back("the GIL logs could not be read: " + logs.error());
        if (Result<std::vector<PythonName>> names = readPythonNames(m_scratch))
            m_recording.names = std::move(names).value();
        const bool libraryLoaded = m_options.python && !m_options.gilLibrary.empty();
        for (std::string &line :
             GilProblems(m_recording.gil, m_recording.names, libraryLoaded).lines())
            m_recording.problems.push_back(std::move(line));
    }
    (void)followGil(std::numeric_limits<int64_t>::max()); // what is unwritten now never will be
    decoder().take(m_arrived, std::numeric_limits<int64_t>::max());
    if (m_busy) {
        m_busy->stop();
        decoder().takeBusySamples(*m_busy);
    }
    Trace trace = decoder().build(m_recording);
    return {std::move(m_recording), std::move(trace)};
}

} // namespace corescope
