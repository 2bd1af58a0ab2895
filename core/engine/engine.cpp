// SPDX-License-Identifier: MIT
#include "engine/engine.h"

#include "engine/capture/corebusysampler.h"
#include "engine/capture/cpuclockcapture.h"
#include "engine/capture/threadcapture.h"
#include "engine/executionmodel.h"
#include "engine/logdecoder.h"
#include "engine/mappedmemory.h"
#include "engine/recorder.h"
#include "engine/runcontrol.h"
#include "engine/workload.h"
#include "version.h"

#include <sched.h>
#include <sys/eventfd.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <new>
#include <thread>

namespace corescope {

/// What a run in progress shares with cancel() and snapshot().
struct Engine::Live
{
    std::shared_ptr<Recorder> recorder = std::make_shared<Recorder>();
    MappedMemory controlMemory;
    RunControl *control = nullptr;
    int cancelFd = -1;
    TraceMetadata metadata;
    ClockCalibration calibration;          ///< the run's own, anchored at its start
    std::unique_ptr<CoreBusySampler> busy; ///< null where the kernel's idle accounting is closed

    [[nodiscard]] Trace decode(TraceMetadata facts) const
    {
        const size_t cores = facts.machineCores;
        return LogDecoder(recorder->logs(), calibration, cores)
            .decode(Clock::now(), std::move(facts), busy.get());
    }

    ~Live()
    {
        if (control)
            control->~RunControl();
        if (cancelFd >= 0)
            close(cancelFd);
    }
};

void describeMachine(TraceMetadata &metadata)
{
    metadata.machineCores = std::max(1u, std::thread::hardware_concurrency());
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) == 0) {
            metadata.cpuModel = line.substr(line.find(':') + 2);
            break;
        }
    }
    utsname names{};
    if (uname(&names) == 0)
        metadata.kernel = std::string(names.sysname) + " " + names.release;
    metadata.appVersion = kVersion;
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
            if (CPU_ISSET(cpu, &allowed))
                metadata.allowedCores.push_back(uint16_t(cpu));
        }
    }
}

namespace {

TraceMetadata describeRun(const ValidatedRunSpec &spec, const CaptureBackend &capture)
{
    TraceMetadata m;
    describeMachine(m);
    m.workload = spec.spec.workload;
    m.model = spec.spec.model;
    m.workers = spec.workers;
    m.tasks = spec.tasks;
    m.params = spec.params.values();
    m.title = m.workload + " · " + m.model + " · " + std::to_string(m.workers)
              + (m.workers == 1 ? " worker" : " workers");
    m.captureMethod = std::string(captureMethodName(capture.method()));
    m.capturePrecisionNs = capture.precisionNs();
    m.clock = Clock::calibration().usesTsc ? "tsc" : "monotonic";
    m.startedUnixMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    return m;
}

} // namespace

Engine::Engine() = default;
Engine::~Engine() = default;

Result<Trace> Engine::run(const ValidatedRunSpec &spec)
{
    auto capture = CaptureBackend::create(spec.spec.capture, Clock::calibration().anchoredNow());
    if (!capture)
        return Error{capture.error()};
    const CaptureBackend &backend = *capture.value();
    const ClockCalibration &calibration = backend.calibration();

    auto live = std::make_shared<Live>();
    live->calibration = calibration;
    auto controlMemory = MappedMemory::shared("corescope-control", sizeof(RunControl));
    if (!controlMemory)
        return Error{controlMemory.error()};
    live->controlMemory = std::move(controlMemory).value();
    live->control = new (live->controlMemory.data()) RunControl;
    live->control->taskCount = spec.tasks;
    live->cancelFd = eventfd(0, EFD_CLOEXEC);
    if (live->cancelFd < 0)
        return Error{"cannot create the cancel eventfd"};
    live->metadata = describeRun(spec, backend);

    // Inputs are made before the clock starts: every model is timed on the same work alone.
    auto prepared = spec.workload->prepare(spec.params, spec.tasks, false);
    if (!prepared)
        return Error{"workload " + spec.spec.workload + ": " + prepared.error()};
    auto engineLog = live->recorder->addThreadLog("engine");
    if (!engineLog)
        return Error{engineLog.error()};
    EventLog &log = *engineLog.value();
    live->busy = CoreBusySampler::start(live->metadata.machineCores);
    if (live->busy) {
        live->metadata.busySampling = std::string(live->busy->sourceName());
        live->metadata.busySampleIntervalNs = live->busy->intervalNs();
    }
    const uint64_t beginTicks = Clock::now();
    log.append(Event{beginTicks, 0, spec.workers, EventLog::currentCore(), EventKind::RunBegin, 0});
    auto engineCapture = backend.startThread(log);
    {
        std::lock_guard lock(m_mutex);
        m_live = live;
    }

    RunSetup setup{spec,
                   *live->recorder,
                   *live->control,
                   live->controlMemory.fd(),
                   live->controlMemory.size(),
                   live->cancelFd,
                   backend,
                   *prepared.value(),
                   log,
                   *engineCapture,
                   {},
                   {}};
    const Status executed = spec.model->execute(setup);
    const bool cancelled = live->control->cancelled.load();
    engineCapture->finish();
    const uint64_t endTicks = Clock::now();
    log.append(Event{endTicks, 0, 0, EventLog::currentCore(), EventKind::RunEnd,
                     cancelled ? EventFlag::kCancelled : uint8_t(0)});
    if (live->busy)
        live->busy->stop();
    {
        std::lock_guard lock(m_mutex);
        m_live.reset();
    }
    if (!executed)
        return Error{"model " + spec.spec.model + ": " + executed.error()};

    TraceMetadata metadata = live->metadata;
    metadata.cancelled = cancelled;
    metadata.problems = std::move(setup.problems);
    metadata.wallNs = calibration.toNs(endTicks) - calibration.toNs(beginTicks);
    metadata.resultsOk = !cancelled;
    for (uint32_t task = 0; task < spec.tasks; ++task) {
        const bool done = live->control->isDone(task);
        metadata.tasksDone += done ? 1 : 0;
        if (!done || !prepared.value()->verify(task, live->control->results[task]))
            metadata.resultsOk = false;
    }
    if (!cancelled) {
        if (auto problem = prepared.value()->sharedStateProblem(metadata.tasksDone)) {
            metadata.resultsOk = false;
            metadata.problems.push_back(std::move(*problem));
        }
    }
    metadata.droppedEvents = live->recorder->dropped();
    if (const int fallbacks = backend.fallbackThreads(); fallbacks > 0)
        metadata.problems.push_back(std::to_string(fallbacks)
                                    + " threads were captured by cpuclock: the kernel refused "
                                      "more perf ring buffers");
    return live->decode(std::move(metadata));
}

void Engine::cancel()
{
    std::lock_guard lock(m_mutex);
    if (!m_live)
        return;
    m_live->control->cancel();
    const uint64_t one = 1;
    // Wakes every worker blocked in TaskContext::wait(); children see the same eventfd.
    [[maybe_unused]] const ssize_t written = write(m_live->cancelFd, &one, sizeof(one));
}

std::optional<Engine::Progress> Engine::progress() const
{
    std::lock_guard lock(m_mutex);
    if (!m_live)
        return std::nullopt;
    Progress progress{0, m_live->control->taskCount};
    for (uint32_t task = 0; task < progress.total; ++task)
        progress.done += m_live->control->isDone(task) ? 1 : 0;
    return progress;
}

std::optional<Trace> Engine::snapshot() const
{
    std::shared_ptr<Live> live;
    {
        std::lock_guard lock(m_mutex);
        live = m_live;
    }
    if (!live)
        return std::nullopt;
    TraceMetadata metadata = live->metadata;
    metadata.live = true;
    const auto logs = live->recorder->logs();
    metadata.wallNs =
        live->calibration.toNs(Clock::now()) - live->calibration.toNs(logs.front()->at(0).ticks);
    return live->decode(std::move(metadata));
}

} // namespace corescope
