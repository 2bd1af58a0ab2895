// SPDX-License-Identifier: MIT
#include "engine/logdecoder.h"

#include "engine/capture/corebusysampler.h"
#include "engine/eventlog.h"
#include "engine/loop/eventloop.h"
#include "trace/duration.h"
#include "trace/kinds.h"
#include "trace/switchreconstruction.h"
#include "trace/tracebuilder.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>

namespace corescope {
namespace {

/// A thread's slices against the CPU time the kernel counted for it. The kernel's figure is
/// normally the larger (it includes the moments before the capture started). Slices adding up
/// to clearly more mean the capture lost switch-out records and shows the thread on a core it
/// had left, or a hypervisor took the core from under the thread (steal time is not CPU time).
struct CpuTimeCheck
{
    uint32_t thread = 0;
    TimeNs slices = 0;  ///< sum of the thread's slices
    size_t count = 0;   ///< how many, each with two edges the capture's precision may shift
    int64_t kernel = 0; ///< CLOCK_THREAD_CPUTIME at the thread's end

    /// More than edges off by the precision, and more than the 5 % of a little steal time.
    [[nodiscard]] bool contradicts(int64_t precisionNs) const
    {
        constexpr TimeNs kClockSlackNs = 100'000;
        const TimeNs edges = TimeNs(2 * count) * std::max<int64_t>(precisionNs, 0);
        return slices - kernel > std::max(kClockSlackNs + edges, kernel / 20);
    }
};

/// The time of the first event of `kind` in `log`, if any.
const Event *findFirst(const EventLog &log, EventKind kind)
{
    for (uint64_t i = 0, n = log.size(); i < n; ++i) {
        if (log.at(i).kind == kind)
            return &log.at(i);
    }
    return nullptr;
}

/// Where a coroutine suspended on the event loop, and for what.
struct Suspend
{
    TimeNs time;
    AwaitKind kind;
    uint64_t arg;
};
/// A coroutine's steps on the event loop.
struct LoopTaskSteps
{
    std::vector<TimeNs> resumes;
    std::vector<Suspend> suspends;
    TimeNs end = -1;
};

/// Where a task's job ended off the loop (on an executor thread).
struct JobEnd
{
    TimeNs time;
    uint32_t thread;
};

class Decoding
{
public:
    Decoding(const std::vector<const EventLog *> &logs, const ClockCalibration &calibration,
             size_t coreCount, uint64_t nowTicks)
        : m_logs(logs)
        , m_calibration(calibration)
        , m_builder(coreCount)
    {
        const Event *runBegin = logs.empty() ? nullptr : findFirst(*logs[0], EventKind::RunBegin);
        m_origin = calibration.toNs(runBegin ? runBegin->ticks : nowTicks);
        m_now = time(nowTicks);
    }

    Trace run(TraceMetadata metadata, const CoreBusySampler *busy)
    {
        collectThreads();
        for (size_t i = 0; i < m_logs.size(); ++i) {
            if (isProgramLog(*m_logs[i]))
                decodeProgram(uint32_t(i), *m_logs[i]);
            else
                decodeThread(uint32_t(i), *m_logs[i]);
        }
        addQueueTraffic();
        addTaskLanes();
        m_switches.finish(m_now);
        for (uint32_t i = 0; i < uint32_t(m_logs.size()); ++i)
            addSwitches(i);
        for (const CpuTimeCheck &check : m_cpuTimeChecks) {
            if (check.contradicts(metadata.capturePrecisionNs))
                metadata.problems.push_back(
                    m_builder.thread(check.thread).name + ": its on-CPU slices add up to "
                    + formatDuration(check.slices) + " but the kernel counted "
                    + formatDuration(check.kernel)
                    + " of CPU time; the capture lost switch records or a hypervisor held the "
                      "core, so the thread may be shown on a core when it did not run");
        }
        for (std::string &problem : m_problems)
            metadata.problems.push_back(std::move(problem));
        if (busy)
            busy->addTo(m_builder, m_origin);
        m_builder.metadata() = std::move(metadata);
        m_builder.metadata().monotonicOriginNs = m_origin;
        return m_builder.build();
    }

private:
    TimeNs time(uint64_t ticks) const { return m_calibration.toNs(ticks) - m_origin; }

    void collectThreads()
    {
        // The engine records each child's spawn; the child's own log starts once it runs.
        if (!m_logs.empty()) {
            const EventLog &engine = *m_logs[0];
            for (uint64_t i = 0, n = engine.size(); i < n; ++i) {
                const Event &e = engine.at(i);
                if (e.kind == EventKind::ChildSpawn)
                    m_spawnOf[int32_t(e.arg)] = time(e.ticks);
                else if (e.kind == EventKind::ChildExit)
                    m_exitOf[int32_t(e.arg)] = time(e.ticks);
            }
        }
        const int32_t engine = enginePid();
        for (size_t i = 0; i < m_logs.size(); ++i) {
            const EventLog &log = *m_logs[i];
            ThreadInfo info;
            info.pid = log.pid();
            info.tid = log.tid();
            info.name = std::string(log.name());
            info.role = i == 0               ? ThreadRole::Engine
                        : info.pid != engine ? ThreadRole::ChildProcess
                                             : ThreadRole::Worker;
            m_builder.addThread(std::move(info));
            m_indexOfTid[log.tid()] = uint32_t(i);
        }
    }

    void decodeThread(uint32_t index, const EventLog &log)
    {
        ThreadInfo &info = m_builder.thread(index);
        const bool child = info.role == ThreadRole::ChildProcess;
        TimeNs begin = -1;
        TimeNs end = -1;
        if (child) {
            if (const auto spawn = m_spawnOf.find(info.pid); spawn != m_spawnOf.end())
                begin = spawn->second;
            if (const auto exit = m_exitOf.find(info.pid); exit != m_exitOf.end())
                end = exit->second;
        }

        ThreadState waiting = child ? ThreadState::Starting : ThreadState::Running;
        TimeNs phaseStart = begin;
        bool alive = true; // until ThreadEnd: a child process may take a while yet to exit
        const auto enter = [&](TimeNs at, ThreadState next) {
            if (alive && phaseStart >= 0 && at > phaseStart)
                m_switches.addPhase(index, phaseStart, at, waiting); // Running: wants to run
            phaseStart = std::max(at, phaseStart);
            waiting = next;
        };
        struct Open
        {
            TimeNs begin = -1;
            uint32_t task = 0;
        };
        Open task;
        Open gilHold;
        Open lockHold;
        Open mainWork;
        // The wait in progress and what it is for; the event that ends it says who ended it.
        struct OpenWait
        {
            TimeNs begin = -1;
            uint32_t object = 0;
        };
        OpenWait wait;
        Open loopStep; // the event loop is running a task's step
        const auto beginWait = [&](TimeNs at, WaitObjectKind kind, uint32_t id) {
            wait = {at, objectFor(kind, id)};
        };
        const auto endWait = [&](TimeNs at, uint32_t endedBy) {
            if (wait.begin >= 0)
                m_builder.addWait(index, wait.begin, at, wait.object, endedBy);
            wait = {};
        };

        for (uint64_t i = 0, n = log.size(); i < n; ++i) {
            const Event &e = log.at(i);
            const TimeNs t = time(e.ticks);
            switch (e.kind) {
            case EventKind::OnCpu:
                // No after-state: a thread's own phases say what it did between slices, and one
                // without phases (its begin event lost) gets no Runnable or Sleeping gaps
                // guessed from the preempted flag, as before the one reconstruction.
                m_switches.addSlice(index, t, time(e.arg), e.core, std::nullopt);
                continue;
            case EventKind::RunBegin:
            case EventKind::ThreadBegin:
                if (begin < 0) {
                    begin = t;
                    phaseStart = t;
                }
                break;
            case EventKind::ChildReady:
                if (begin >= 0)
                    m_builder.addSpan(index, begin, t, SpanKind::Startup);
                enter(t, ThreadState::Running);
                break;
            case EventKind::ThreadEnd:
                info.kernelCpuNs = int64_t(e.arg);
                [[fallthrough]];
            case EventKind::RunEnd:
                enter(t, waiting);
                alive = false;
                end = std::max(end, t);
                break;
            case EventKind::TaskBegin:
                task = {t, e.arg2};
                m_runOfTask[e.arg2] = {index, t, -1};
                break;
            case EventKind::TaskSubmit:
                m_submitOfTask.try_emplace(e.arg2, t);
                break;
            case EventKind::TaskResume:
                loopStep = {t, e.arg2};
                m_loopThread = index;
                m_loopTasks[e.arg2].resumes.push_back(t);
                break;
            case EventKind::TaskSuspend: {
                const uint32_t suspended = e.arg2 & 0xFF'FFFF;
                if (loopStep.begin >= 0)
                    m_builder.addSpan(index, loopStep.begin, t, SpanKind::Task, suspended);
                loopStep = {};
                m_loopTasks[suspended].suspends.push_back({t, AwaitKind(e.arg2 >> 24), e.arg});
                break;
            }
            case EventKind::TaskEnd:
                if (loopStep.begin >= 0 && loopStep.task == e.arg2) { // a coroutine's last step
                    m_builder.addSpan(index, loopStep.begin, t, SpanKind::Task, e.arg2, e.arg);
                    m_loopTasks[e.arg2].end = t;
                    loopStep = {};
                    break;
                }
                m_jobEnds[e.arg2].push_back({t, index});
                if (const auto run = m_runOfTask.find(e.arg2); run != m_runOfTask.end())
                    run->second.end = t;
                m_builder.addSpan(index, task.begin >= 0 ? task.begin : t, t, SpanKind::Task,
                                  e.arg2, e.arg);
                task = {};
                break;
            case EventKind::GilWait:
                enter(t, ThreadState::GilWait);
                beginWait(t, WaitObjectKind::Gil, 0);
                break;
            case EventKind::GilAcquire:
                endWait(t, threadOrNone(int32_t(e.arg)));
                enter(t, ThreadState::Running);
                gilHold = {t, 0};
                addHandoff(MarkerKind::GilHandoff, t, index, int32_t(e.arg), e.core);
                break;
            case EventKind::GilRelease:
                if (gilHold.begin >= 0)
                    m_builder.addSpan(index, gilHold.begin, t, SpanKind::GilHold);
                gilHold = {};
                break;
            case EventKind::GilDropRequest:
                m_builder.addMarker({t, MarkerKind::GilDropRequest, index,
                                     indexOf(int32_t(e.arg), index), e.core, e.core});
                break;
            case EventKind::LockWait:
                enter(t, ThreadState::LockWait);
                beginWait(t, WaitObjectKind::Lock, uint32_t(e.arg));
                break;
            case EventKind::LockAcquire:
                endWait(t, threadOrNone(int32_t(e.arg2)));
                enter(t, ThreadState::Running);
                lockHold = {t, 0};
                addHandoff(MarkerKind::LockHandoff, t, index, int32_t(e.arg2), e.core);
                break;
            case EventKind::LockRelease:
                if (lockHold.begin >= 0)
                    m_builder.addSpan(index, lockHold.begin, t, SpanKind::LockHold);
                lockHold = {};
                break;
            case EventKind::IoBegin:
                enter(t, ThreadState::Io);
                if (IoKind(e.arg2) == IoKind::Child)
                    beginWait(t, WaitObjectKind::Child, uint32_t(e.arg));
                break;
            case EventKind::Idle:
                enter(t, e.arg2 == 0 ? ThreadState::Sleeping : ThreadState::Running);
                break;
            case EventKind::MainWork:
                if (e.arg2 == 0) {
                    mainWork = {t, 0};
                } else if (mainWork.begin >= 0) {
                    addMainWork(index, mainWork.begin, t);
                    mainWork = {};
                }
                break;
            case EventKind::IoEnd:
                if (IoKind(e.arg2) == IoKind::Child) // ended by the child's exit
                    endWait(t, threadOrNone(int32_t(e.arg)));
                enter(t, ThreadState::Running);
                if (index == m_loopThread)
                    m_pollEnds.push_back(t); // what a poll reports is known to be ready from now
                break;
            case EventKind::QueueWait:
                enter(t, ThreadState::QueueWait);
                beginWait(t, WaitObjectKind::Queue, uint32_t(e.arg));
                break;
            case EventKind::QueuePut:
            case EventKind::QueueGet: {
                const bool put = e.kind == EventKind::QueuePut;
                // A put's wait was ended by the get that made room; a get's by the put of the
                // item it got, which may be in a log not decoded yet (addQueueTraffic()).
                const TimeNs waitedFrom = wait.begin;
                if (put)
                    endWait(t, threadOrNone(int32_t(e.arg >> 32)));
                else
                    wait = {};
                enter(t, ThreadState::Running);
                (put ? m_puts : m_gets)
                    .push_back({index, t, queueIdOf(e.arg2), uint32_t(e.arg), depthOf(e.arg2),
                                e.core, waitedFrom});
                break;
            }
            case EventKind::ChildSpawn:
            case EventKind::ChildExit:
            case EventKind::Migration:
            case EventKind::Count:
                break;
            }
        }
        const bool finished = end >= 0;
        if (!finished)
            end = m_now;
        if (begin < 0)
            begin = end;
        enter(end, waiting);
        endWait(end, kNoThread); // a wait the thread never came back from (a cancelled run)
        // Spans still open when the thread ended (a cancelled task) end with it.
        if (task.begin >= 0) {
            m_builder.addSpan(index, task.begin, end, SpanKind::Task, task.task, 0);
            m_runOfTask[task.task].end = end;
        }
        if (loopStep.begin >= 0)
            m_builder.addSpan(index, loopStep.begin, end, SpanKind::Task, loopStep.task, 0);
        if (gilHold.begin >= 0)
            m_builder.addSpan(index, gilHold.begin, end, SpanKind::GilHold);
        if (lockHold.begin >= 0)
            m_builder.addSpan(index, lockHold.begin, end, SpanKind::LockHold);
        if (mainWork.begin >= 0)
            addMainWork(index, mainWork.begin, end);
        info.begin = begin;
        info.end = end;

        if (child) {
            if (const auto exit = m_exitOf.find(info.pid); exit != m_exitOf.end())
                m_builder.addMarker({exit->second, MarkerKind::ChildExit, index, 0, 0, 0});
        }
    }

    /// A program a task started: its log, which that task's thread wrote from the kernel's
    /// records, begins with its spawn.
    static bool isProgramLog(const EventLog &log)
    {
        return log.size() > 0 && log.at(0).kind == EventKind::ChildSpawn;
    }

    /// A program's lane: started at its spawn, starting up until its exec, then its slices
    /// (whose switch-outs say whether it was preempted or blocked; no phases of its own say
    /// more), until its exit.
    void decodeProgram(uint32_t index, const EventLog &log)
    {
        ThreadInfo &info = m_builder.thread(index);
        const TimeNs begin = time(log.at(0).ticks);
        TimeNs end = -1;
        for (uint64_t i = 1, n = log.size(); i < n; ++i) {
            const Event &e = log.at(i);
            const TimeNs t = time(e.ticks);
            switch (e.kind) {
            case EventKind::OnCpu:
                m_switches.addSlice(index, t, time(e.arg), e.core,
                                    SwitchReconstruction::stateAfterSwitchOut(
                                        bool(e.flags & EventFlag::kPreempted)));
                break;
            case EventKind::ChildReady:
                m_builder.addSpan(index, begin, t, SpanKind::Startup);
                break;
            case EventKind::ThreadEnd:
                info.kernelCpuNs = int64_t(e.arg);
                break;
            case EventKind::ChildExit:
                end = t;
                m_builder.addMarker({t, MarkerKind::ChildExit, index, 0, 0, 0});
                if (e.flags & EventFlag::kUnrecorded)
                    m_problems.push_back(info.name + " (pid " + std::to_string(info.pid)
                                         + "): the kernel would not record its context switches, "
                                           "so when it ran and on which cores is not known");
                break;
            default:
                break;
            }
        }
        info.begin = begin;
        info.end = end >= 0 ? end : std::max(begin, m_now);
    }

    /// The thread's slices, its states and where it moved to another core.
    void addSwitches(uint32_t index)
    {
        const std::span<const SwitchSlice> slices = m_switches.slicesOf(index);
        if (const int64_t kernel = m_builder.thread(index).kernelCpuNs; kernel >= 0) {
            CpuTimeCheck check{index, 0, slices.size(), kernel};
            for (const SwitchSlice &slice : slices)
                check.slices += slice.end - slice.begin;
            m_cpuTimeChecks.push_back(check);
        }
        m_switches.addThreadTo(m_builder, index, index);
    }

    /// The model's own thread computing while its workers run: a named span, its name added
    /// to the trace once.
    void addMainWork(uint32_t index, TimeNs begin, TimeNs end)
    {
        if (!m_mainWorkName)
            m_mainWorkName = m_builder.addSpanName("main thread computes");
        m_builder.addSpan(index, begin, end, SpanKind::Named, *m_mainWorkName);
    }

    /// Each item's hand-off from its put to its get (an arrow across time), the wait each get
    /// made until the item's put, and every queue's depth over time.
    void addQueueTraffic()
    {
        if (m_puts.empty() && m_gets.empty())
            return;
        std::unordered_map<uint64_t, const QueueOp *> putOf;
        const auto key = [](const QueueOp &op) { return uint64_t(op.queue) << 32 | op.number; };
        for (const QueueOp &put : m_puts)
            putOf[key(put)] = &put;
        for (const QueueOp &get : m_gets) {
            const auto found = putOf.find(key(get));
            const QueueOp *put = found == putOf.end() ? nullptr : found->second;
            if (get.waitedFrom >= 0)
                m_builder.addWait(get.thread, get.waitedFrom, get.time,
                                  objectFor(WaitObjectKind::Queue, get.queue),
                                  put ? put->thread : kNoThread);
            if (put && put->thread != get.thread)
                m_builder.addMarker({get.time, MarkerKind::QueueHandoff, get.thread, put->thread,
                                     get.core, put->core, get.time - put->time});
        }
        std::vector<const QueueOp *> ops;
        ops.reserve(m_puts.size() + m_gets.size());
        for (const auto *list : {&m_puts, &m_gets})
            for (const QueueOp &op : *list)
                ops.push_back(&op);
        std::stable_sort(ops.begin(), ops.end(),
                         [](const QueueOp *a, const QueueOp *b) { return a->time < b->time; });
        std::unordered_map<uint32_t, uint32_t> counterOf;
        for (const QueueOp *op : ops) {
            auto [it, added] = counterOf.try_emplace(op->queue, 0);
            if (added) {
                it->second = m_builder.addCounter({"queue " + std::to_string(op->queue) + " depth",
                                                   CounterKind::QueueDepth,
                                                   enginePid(),
                                                   {},
                                                   {}});
                m_builder.addCounterValue(it->second, 0, 0); // empty when the run began
            }
            m_builder.addCounterValue(it->second, op->time, double(op->depth));
        }
    }

    /// A lane for each task submitted to a pool or spawned on an event loop.
    void addTaskLanes()
    {
        if (m_submitOfTask.empty())
            return;
        std::vector<std::pair<uint32_t, TimeNs>> submits(m_submitOfTask.begin(),
                                                         m_submitOfTask.end());
        std::sort(submits.begin(), submits.end());
        for (const auto &[task, submitted] : submits) {
            if (const auto steps = m_loopTasks.find(task); steps != m_loopTasks.end())
                addLoopTaskLane(task, submitted, steps->second);
            else
                addPoolTaskLane(task, submitted);
        }
        addReadyCounter();
    }

    /// A task's lane, in the process of the run's model.
    uint32_t addTaskLane(uint32_t task, TimeNs begin, TimeNs end)
    {
        ThreadInfo info;
        info.pid = enginePid();
        info.name = "task " + std::to_string(task);
        info.role = ThreadRole::Task;
        info.begin = begin;
        info.end = std::max(begin, end);
        return m_builder.addThread(std::move(info));
    }

    /// A pool's task: waiting in the pool's queue until a worker starts it (the wait ended by
    /// that worker), then running on the worker until it ends.
    void addPoolTaskLane(uint32_t task, TimeNs submitted)
    {
        const auto run = m_runOfTask.find(task);
        const bool started = run != m_runOfTask.end();
        const TimeNs begin = started ? run->second.begin : m_now;
        const TimeNs end = started && run->second.end >= 0 ? run->second.end : m_now;
        const uint32_t lane = addTaskLane(task, submitted, end);
        m_builder.addState(lane, submitted, begin, ThreadState::QueueWait);
        m_builder.addWait(lane, submitted, begin, objectFor(WaitObjectKind::Queue, 0),
                          started ? run->second.thread : kNoThread);
        m_builder.addState(lane, begin, end, ThreadState::TaskRunning);
    }

    /// A coroutine's lane: ready until the loop resumes it, running on the loop for each step,
    /// awaiting between steps until what it awaited was done (a timer's deadline, the poll that
    /// reported its socket, the end of its executor job), then ready again until resumed.
    void addLoopTaskLane(uint32_t task, TimeNs submitted, const LoopTaskSteps &steps)
    {
        const TimeNs end = steps.end >= 0 ? steps.end : m_now;
        const uint32_t lane = addTaskLane(task, submitted, end);
        const uint32_t loop = objectFor(WaitObjectKind::Loop, 0);
        const auto ready = [&](TimeNs from, TimeNs to) {
            m_builder.addState(lane, from, to, ThreadState::Ready);
            m_builder.addWait(lane, from, to, loop, m_loopThread);
            if (to > from)
                m_readyIntervals.emplace_back(from, to);
        };
        const auto awaiting = [&](const Suspend &suspend, TimeNs until) {
            // When what it awaited was done, and by whom, as far as the trace knows.
            TimeNs done = suspend.time;
            uint32_t endedBy = kNoThread;
            WaitObjectKind object = WaitObjectKind::Timer;
            switch (suspend.kind) {
            case AwaitKind::Timer:
                done = TimeNs(suspend.arg) - m_origin;
                break;
            case AwaitKind::Socket: {
                object = WaitObjectKind::Socket;
                const auto poll = std::upper_bound(m_pollEnds.begin(), m_pollEnds.end(), until);
                done = poll == m_pollEnds.begin() ? until : *std::prev(poll);
                break;
            }
            case AwaitKind::Thread: {
                object = WaitObjectKind::Thread;
                done = until;
                for (const JobEnd &job : m_jobEnds[task]) {
                    if (job.time >= suspend.time) {
                        done = job.time;
                        endedBy = job.thread;
                        break;
                    }
                }
                break;
            }
            case AwaitKind::Yield:
                break;
            }
            done = std::clamp(done, suspend.time, until);
            if (suspend.kind != AwaitKind::Yield) {
                m_builder.addState(lane, suspend.time, done, ThreadState::Awaiting);
                m_builder.addWait(lane, suspend.time, done, objectFor(object, 0), endedBy);
            }
            ready(done, until);
        };
        for (size_t i = 0; i < steps.resumes.size(); ++i) {
            const TimeNs resumed = steps.resumes[i];
            if (i == 0)
                ready(submitted, resumed);
            else if (i - 1 < steps.suspends.size())
                awaiting(steps.suspends[i - 1], resumed);
            const TimeNs stepEnd = i < steps.suspends.size() ? steps.suspends[i].time : end;
            m_builder.addState(lane, resumed, stepEnd, ThreadState::TaskRunning);
        }
        if (steps.resumes.empty())
            ready(submitted, end);
        else if (steps.suspends.size() >= steps.resumes.size() && steps.end < 0)
            awaiting(steps.suspends.back(), end); // suspended still
    }

    /// How many tasks were ready for the loop at each moment.
    void addReadyCounter()
    {
        if (m_readyIntervals.empty())
            return;
        std::vector<std::pair<TimeNs, int>> changes;
        for (const auto &[from, to] : m_readyIntervals) {
            changes.emplace_back(from, +1);
            changes.emplace_back(to, -1);
        }
        std::sort(changes.begin(), changes.end());
        const uint32_t counter =
            m_builder.addCounter({"ready tasks", CounterKind::ReadyTasks, enginePid(), {}, {}});
        m_builder.addCounterValue(counter, 0, 0);
        int ready = 0;
        for (size_t i = 0; i < changes.size(); ++i) {
            ready += changes[i].second;
            if (i + 1 == changes.size() || changes[i + 1].first != changes[i].first)
                m_builder.addCounterValue(counter, changes[i].first, double(ready));
        }
    }

    /// The run's wait object for the GIL, lock `id` or queue `id`, added when first named.
    uint32_t objectFor(WaitObjectKind kind, uint32_t id)
    {
        const uint64_t key = uint64_t(kind) << 32 | id;
        if (const auto found = m_objects.find(key); found != m_objects.end())
            return found->second;
        const uint32_t object = m_builder.addWaitObject({kind, waitObjectName(kind, id)});
        m_objects.emplace(key, object);
        return object;
    }

    /// What the trace calls the wait object: the one GIL, loop and executor, a pool's queue
    /// (queue 0), a timer, a socket; a lock or a workload's queue by its id.
    std::string waitObjectName(WaitObjectKind kind, uint32_t id)
    {
        switch (kind) {
        case WaitObjectKind::Child:
            if (const uint32_t child = threadOrNone(int32_t(id)); child != kNoThread)
                return m_builder.thread(child).name + " (pid " + std::to_string(id) + ")";
            break;
        case WaitObjectKind::Gil:
            return "GIL";
        case WaitObjectKind::Loop:
            return "the event loop";
        case WaitObjectKind::Thread:
            return "the loop's executor";
        case WaitObjectKind::Queue:
            if (id == 0)
                return "the pool's queue";
            break;
        case WaitObjectKind::Timer:
        case WaitObjectKind::Socket:
            return std::string(kindOf(kind).name);
        default:
            break;
        }
        return std::string(kindOf(kind).name) + " " + std::to_string(id);
    }

    int32_t enginePid() const { return m_logs.empty() ? 0 : m_logs[0]->pid(); }

    /// The thread of `tid`, or kNoThread for 0 (nobody) or a thread the run does not have.
    uint32_t threadOrNone(int32_t tid) const
    {
        return tid == 0 ? kNoThread : indexOf(tid, kNoThread);
    }

    void addHandoff(MarkerKind kind, TimeNs t, uint32_t to, int32_t fromTid, uint16_t core)
    {
        if (fromTid == 0)
            return;
        const uint32_t from = indexOf(fromTid, to);
        if (from != to)
            m_builder.addMarker({t, kind, to, from, core, core});
    }

    uint32_t indexOf(int32_t tid, uint32_t fallback) const
    {
        const auto found = m_indexOfTid.find(tid);
        return found == m_indexOfTid.end() ? fallback : found->second;
    }

    const std::vector<const EventLog *> &m_logs;
    const ClockCalibration &m_calibration;
    TraceBuilder m_builder;
    SwitchReconstruction m_switches;
    TimeNs m_origin = 0;
    TimeNs m_now = 0;
    std::unordered_map<int32_t, TimeNs> m_spawnOf;
    std::unordered_map<int32_t, TimeNs> m_exitOf;
    std::unordered_map<int32_t, uint32_t> m_indexOfTid;
    std::vector<CpuTimeCheck> m_cpuTimeChecks;
    std::vector<std::string> m_problems;
    std::optional<uint32_t> m_mainWorkName;
    /// A put or get of a queue item as its thread recorded it.
    struct QueueOp
    {
        uint32_t thread;
        TimeNs time;
        uint32_t queue;
        uint32_t number;
        uint32_t depth; ///< what the op left
        uint16_t core;
        TimeNs waitedFrom; ///< where the thread began to wait for the queue, or -1
    };
    /// Where a task ran: the thread, its begin, its end (-1 while it runs).
    struct TaskRun
    {
        uint32_t thread;
        TimeNs begin;
        TimeNs end;
    };
    std::unordered_map<uint32_t, TaskRun> m_runOfTask;
    std::unordered_map<uint32_t, TimeNs> m_submitOfTask; ///< pools' and loops' tasks

    std::unordered_map<uint32_t, LoopTaskSteps> m_loopTasks;
    uint32_t m_loopThread = kNoThread;
    std::vector<TimeNs> m_pollEnds; ///< the loop's blocking polls, in time order
    std::unordered_map<uint32_t, std::vector<JobEnd>> m_jobEnds; ///< tasks ended off the loop
    std::vector<std::pair<TimeNs, TimeNs>> m_readyIntervals;
    std::vector<QueueOp> m_puts;
    std::vector<QueueOp> m_gets;
    std::unordered_map<uint64_t, uint32_t> m_objects; ///< kind << 32 | id → wait object
};

} // namespace

LogDecoder::LogDecoder(std::vector<const EventLog *> logs, const ClockCalibration &calibration,
                       size_t coreCount)
    : m_logs(std::move(logs))
    , m_calibration(calibration)
    , m_coreCount(coreCount)
{
}

Trace LogDecoder::decode(uint64_t nowTicks, TraceMetadata metadata,
                         const CoreBusySampler *busy) const
{
    return Decoding(m_logs, m_calibration, m_coreCount, nowTicks).run(std::move(metadata), busy);
}

} // namespace corescope
