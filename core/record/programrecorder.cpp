// SPDX-License-Identifier: MIT
#include "record/programrecorder.h"

#include "engine/clock.h"
#include "record/gillogformat.h"

#include <dirent.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <thread>

namespace corescope {
namespace {

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

/// What a GIL log says of the process's GIL when it is not a plain "found".
std::optional<std::string> gilProblem(const GilProcessLog &log)
{
    using Discovery = GilLogFormat::Discovery;
    const std::string process = "process " + std::to_string(log.pid);
    if (log.dropped > 0)
        return process + ": " + std::to_string(log.dropped)
               + " GIL events did not fit in its log; its GIL lanes end early";
    if (log.discovery == Discovery::Searching) {
        const uint32_t v = log.pythonVersion;
        return process + " (CPython " + std::to_string(v >> 24) + "."
               + std::to_string((v >> 16) & 0xff)
               + "): its GIL was not found (no known layout, and no thread waited for it), so "
                 "it has no GIL lanes";
    }
    return std::nullopt;
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
    m_recording.startedUnixMs = unixNowMs();
    if (!m_capture)
        m_sampler.emplace(m_program.pid(), m_recording.startNs);
    if (const Status started = m_program.proceed(); !started) {
        m_recording.exit = m_program.poll();
        const std::string command = m_recording.argv.empty() ? "" : m_recording.argv.front();
        return Error{"cannot start '" + command + "': " + started.error()};
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
        m_capture->drain(m_recording.kernel);
    } else if (m_sampler && now >= m_nextSample) {
        m_sampler->sample(now, m_recording.kernel);
        m_nextSample = now + m_options.samplingIntervalNs;
    }
    readCommandLines();
    m_recording.endNs = now;
}

void ProgramRecorder::readCommandLines()
{
    const KernelRecords &k = m_recording.kernel;
    for (; m_tasksSeen < k.tasks.size(); ++m_tasksSeen) {
        const KernelTaskEvent &task = k.tasks[m_tasksSeen];
        if (task.kind == KernelTaskEvent::Kind::Fork && task.pid == task.tid)
            m_recording.commandLines[task.pid] = commandLineOf(task.pid);
    }
    for (; m_commsSeen < k.comms.size(); ++m_commsSeen) {
        const KernelComm &comm = k.comms[m_commsSeen];
        if (comm.exec) {
            if (std::string line = commandLineOf(comm.pid); !line.empty())
                m_recording.commandLines[comm.pid] = std::move(line);
        }
    }
}

ProgramRecording ProgramRecorder::finish(std::chrono::milliseconds grace)
{
    const auto step = std::chrono::milliseconds(5);
    for (auto waited = std::chrono::milliseconds(0); !m_program.poll() && waited < grace;
         waited += step) {
        gather(monotonicNs());
        std::this_thread::sleep_for(step);
    }
    m_recording.leftoversStopped = m_program.stopLeftovers(grace);
    // The program is reaped by now; if it had to be stopped, stopLeftovers reaped it.
    m_recording.exit = m_program.poll();
    if (m_sampler)
        m_nextSample = 0; // one last look, which sees every thread gone
    gather(monotonicNs());
    if (m_recording.leftoversStopped > 0)
        m_recording.problems.push_back(
            std::to_string(m_recording.leftoversStopped)
            + " of its processes were still running when it ended and were stopped");
    if (m_recording.kernel.lostRecords > 0)
        m_recording.problems.push_back(std::to_string(m_recording.kernel.lostRecords)
                                       + " switch records were lost (the kernel's rings were "
                                         "full): some threads may seem on a core too long");
    if (!m_scratch.empty()) {
        if (Result<std::vector<GilProcessLog>> logs = readGilLogs(m_scratch))
            m_recording.gil = std::move(logs).value();
        else
            m_recording.problems.push_back("the GIL logs could not be read: " + logs.error());
        for (const GilProcessLog &log : m_recording.gil) {
            if (const auto problem = gilProblem(log))
                m_recording.problems.push_back(*problem);
        }
        if (Result<std::vector<PythonName>> names = readPythonNames(m_scratch))
            m_recording.names = std::move(names).value();
    }
    return m_recording;
}

} // namespace corescope
