// SPDX-License-Identifier: MIT
#include "engine/workloads/childprogram.h"

#include "engine/capture/oncpuslicer.h"
#include "engine/recorder.h"
#include "engine/spawnedprocess.h"
#include "engine/taskcontext.h"
#include "engine/workloads/uniquefd.h"
#include "record/processtreecapture.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace corescope {
namespace {

/// Writes what the kernel recorded of one program into its log, as the records come.
class ProgramLane
{
public:
    ProgramLane(EventLog &log, pid_t pid)
        : m_log(log)
        , m_pid(pid)
        , m_slicer(log)
    {
    }

    /// Takes the program's records out of `records` (a child of its own is not its lane's).
    void take(KernelRecords &records)
    {
        struct Record
        {
            int64_t time;
            enum Kind : uint8_t {
                Exec,
                In,
                Out,
                OutPreempted,
                Exit
            } kind;
            uint16_t cpu;
        };
        std::vector<Record> mine;
        for (const KernelComm &comm : records.comms) {
            if (comm.exec && comm.tid == m_pid)
                mine.push_back({comm.time, Record::Exec, comm.cpu});
        }
        for (const auto &cpu : records.switchesPerCpu) {
            for (const KernelSwitch &s : cpu) {
                if (s.tid == m_pid)
                    mine.push_back({s.time,
                                    s.kind == KernelSwitch::Kind::In ? Record::In
                                    : s.kind == KernelSwitch::Kind::OutPreempted
                                        ? Record::OutPreempted
                                        : Record::Out,
                                    s.cpu});
            }
        }
        for (const KernelTaskEvent &task : records.tasks) {
            if (task.kind == KernelTaskEvent::Kind::Exit && task.tid == m_pid)
                mine.push_back({task.time, Record::Exit, task.cpu});
        }
        // One thread's records, from the rings of every CPU: its own order is time order.
        std::stable_sort(mine.begin(), mine.end(),
                         [](const Record &a, const Record &b) { return a.time < b.time; });
        const ClockCalibration &clock = Clock::calibration();
        for (const Record &r : mine) {
            const uint64_t ticks = clock.toTicks(r.time);
            switch (r.kind) {
            case Record::Exec:
                // Only the first ends the start-up. It runs on the core it execs on, whether or
                // not its switch-in before made it into the rings.
                if (!m_execed)
                    m_log.append(Event{ticks, uint64_t(m_pid), 0, r.cpu, EventKind::ChildReady, 0});
                m_execed = true;
                if (!m_slicer.running())
                    m_slicer.switchedIn(ticks, r.cpu);
                break;
            case Record::In:
                m_slicer.switchedIn(ticks, r.cpu);
                break;
            case Record::Out:
            case Record::OutPreempted:
                m_slicer.switchedOut(ticks, r.cpu, r.kind == Record::OutPreempted);
                break;
            case Record::Exit:
                m_slicer.close(ticks);
                m_exitTicks = ticks;
                break;
            }
        }
        m_log.countDropped(records.lostRecords);
        for (auto &cpu : records.switchesPerCpu)
            cpu.clear();
        records.tasks.clear();
        records.comms.clear();
        records.lostRecords = 0;
    }

    void exited(int waitStatus, std::optional<int64_t> cpuNs, bool recorded)
    {
        const uint64_t ticks = m_exitTicks.value_or(Clock::now());
        m_slicer.close(ticks);
        if (cpuNs)
            m_log.append(Event{ticks, uint64_t(*cpuNs), 0, 0, EventKind::ThreadEnd, 0});
        m_log.append(Event{ticks, uint64_t(m_pid), uint32_t(waitStatus), 0, EventKind::ChildExit,
                           recorded ? uint8_t(0) : EventFlag::kUnrecorded});
    }

private:
    EventLog &m_log;
    pid_t m_pid;
    OnCpuSlicer m_slicer;
    bool m_execed = false;
    std::optional<uint64_t> m_exitTicks;
};

/// Reads what is in the pipe now; false once it is at its end.
bool readOutput(int fd, std::string &output)
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            output.append(buffer,
                          std::min(size_t(n), ChildProgramOutcome::kOutputLimit - output.size()));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && errno == EAGAIN;
    }
}

std::string programName(const std::string &command)
{
    const size_t slash = command.rfind('/');
    return slash == std::string::npos ? command : command.substr(slash + 1);
}

} // namespace

Result<ChildProgramOutcome> runChildProgram(TaskContext &ctx, const std::vector<std::string> &argv)
{
    if (argv.empty())
        return Error{"no program to run"};
    // Opened on this thread before the spawn, so that the program inherits them and is recorded
    // from its birth. Small rings: a program sees a few hundred switches a second, and several
    // tasks record at once within the locked-memory allowance.
    auto capture = ProcessTreeCapture::attach(currentTid(), {8, 4});
    if (capture) {
        if (auto enabled = capture.value().enable(); !enabled)
            capture = Error{enabled.error()};
    }
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return Error{"cannot run " + argv[0] + ": pipe: " + std::strerror(errno)};
    UniqueFd output(pipeFds[0]);
    UniqueFd outputEnd(pipeFds[1]);
    ::fcntl(output.get(), F_SETFL, O_NONBLOCK);

    const uint64_t spawnTicks = Clock::now();
    const uint16_t spawnCore = EventLog::currentCore();
    auto spawned = SpawnedProcess::spawn(
        {argv[0], std::vector<std::string>(argv.begin() + 1, argv.end()), {}, outputEnd.get()});
    outputEnd.reset();
    if (!spawned)
        return Error{spawned.error()};
    SpawnedProcess &child = spawned.value();
    const pid_t pid = child.pid();
    auto log = ctx.addProgramLog(programName(argv[0]), pid);
    if (!log)
        return Error{log.error()}; // the child is killed and reaped with `spawned`
    log.value()->append(Event{spawnTicks, uint64_t(pid), 0, spawnCore, EventKind::ChildSpawn, 0});
    ProgramLane lane(*log.value(), pid);

    ChildProgramOutcome outcome;
    KernelRecords records;
    const std::vector<int> rings = capture ? capture.value().descriptors() : std::vector<int>{};
    ctx.blocking(IoKind::Child, uint64_t(pid), [&] {
        bool killed = false;
        while (!child.poll()) {
            std::vector<pollfd> fds{{child.exitFd(), POLLIN, 0}, {output.get(), POLLIN, 0}};
            if (!killed)
                fds.push_back({ctx.cancelFd(), POLLIN, 0});
            for (const int ring : rings)
                fds.push_back({ring, POLLIN, 0});
            // Negative descriptors are skipped; without a pidfd only a timeout sees the exit.
            ::poll(fds.data(), nfds_t(fds.size()), child.exitFd() < 0 ? 10 : -1);
            if (output && !readOutput(output.get(), outcome.output))
                output.reset();
            if (capture) {
                capture.value().drain(records);
                lane.take(records);
            }
            if (!killed && ctx.cancelled()) {
                child.kill();
                killed = true;
            }
        }
    });
    if (output)
        readOutput(output.get(), outcome.output); // what is left; a grandchild may hold it open
    if (capture) {
        capture.value().drain(records);
        lane.take(records);
    }
    outcome.waitStatus = child.poll().value_or(0);
    lane.exited(outcome.waitStatus, child.cpuNs(), bool(capture));
    ctx.throwIfCancelled();
    return outcome;
}

} // namespace corescope
