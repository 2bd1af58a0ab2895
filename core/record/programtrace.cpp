// SPDX-License-Identifier: MIT
#include "record/programtrace.h"

#include "engine/engine.h"
#include "record/recordedslices.h"
#include "trace/switchreconstruction.h"
#include "trace/tracebuilder.h"

#include <algorithm>
#include <map>
#include <optional>

namespace corescope {
namespace {

std::string commandLine(const std::vector<std::string> &argv)
{
    std::string out;
    for (const std::string &word : argv)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

/// One life of a thread of the recording: from its birth to its death. A tid the kernel hands
/// out again after the thread that had it exited is another life, with a lane of its own.
struct ThreadFacts
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

class ProgramTraceBuilder
{
public:
    explicit ProgramTraceBuilder(const ProgramRecording &r)
        : m_r(r)
        , m_slices(recordedSlices(r.kernel, r.endNs))
    {
    }

    Trace build()
    {
        collectThreads();
        TraceBuilder builder(m_r.kernel.switchesPerCpu.size());
        describe(builder.metadata());
        m_index.resize(m_lives.size());
        for (const auto &[tid, lives] : m_livesOf) {
            for (const size_t life : lives)
                m_index[life] = builder.addThread(info(life));
        }

        SwitchReconstruction switches;
        for (size_t i = 0; i < m_slices.size(); ++i) {
            const RecordedSlice &s = m_slices[i];
            switches.addSlice(m_index[m_sliceLife[i]], s.begin, s.end, s.cpu, after(s.how));
        }
        addGil(builder, switches);
        switches.finish(m_r.endNs);
        for (const uint32_t index : m_index)
            switches.addThreadTo(builder, index, index, m_r.startNs);
        return builder.build();
    }

private:
    static std::optional<ThreadState> after(RecordedSlice::End how)
    {
        switch (how) {
        case RecordedSlice::End::Preempted:
            return ThreadState::Runnable;
        case RecordedSlice::End::Blocked:
            return ThreadState::Blocked; // unless a known wait (the GIL) says more

        case RecordedSlice::End::Exited:
        case RecordedSlice::End::Running:
            break;
        }
        return std::nullopt;
    }

    size_t addLife(int32_t tid, int32_t pid, int64_t time)
    {
        m_lives.push_back({pid, tid, time, m_r.endNs, false, false, std::nullopt, {}, {}});
        m_livesOf[tid].push_back(m_lives.size() - 1);
        return m_lives.size() - 1;
    }

    /// The life of `tid` that was alive at `time`: the first not yet ended then. A time after
    /// every life of it ended is the last one's.
    [[nodiscard]] std::optional<size_t> lifeAt(int32_t tid, int64_t time) const
    {
        const auto it = m_livesOf.find(tid);
        if (it == m_livesOf.end())
            return std::nullopt;
        for (const size_t life : it->second) {
            if (!m_lives[life].ended || time < m_lives[life].end)
                return life;
        }
        return it->second.back();
    }

    /// As lifeAt, adding the life when the tid is new, and moving its birth back to `time`.
    size_t seenAt(int32_t tid, int32_t pid, int64_t time)
    {
        const size_t life = lifeAt(tid, time).value_or(m_lives.size());
        if (life == m_lives.size())
            return addLife(tid, pid, time);
        m_lives[life].begin = std::min(m_lives[life].begin, time);
        return life;
    }

    /// Births and deaths first, in time order (they arrive in the order each CPU's ring was
    /// read): they say where one life of a tid ends and the next begins.
    void collectLives()
    {
        std::vector<const KernelTaskEvent *> tasks;
        tasks.reserve(m_r.kernel.tasks.size());
        for (const KernelTaskEvent &task : m_r.kernel.tasks)
            tasks.push_back(&task);
        std::stable_sort(tasks.begin(), tasks.end(),
                         [](const auto *a, const auto *b) { return a->time < b->time; });
        std::vector<std::pair<size_t, const KernelTaskEvent *>> forks;
        for (const KernelTaskEvent *task : tasks) {
            const auto known = m_livesOf.find(task->tid);
            ThreadFacts *last = known == m_livesOf.end() ? nullptr : &m_lives[known->second.back()];
            if (task->kind == KernelTaskEvent::Kind::Fork) {
                if (last && !last->ended) {
                    // Born again without a recorded death (its exit record was lost).
                    last->end = std::max(last->begin, task->time);
                    last->ended = true;
                }
                forks.emplace_back(addLife(task->tid, task->pid, task->time), task);
            } else if (last && !last->ended) {
                last->end = std::max(last->begin, task->time);
                last->ended = true;
            } else {
                // A death whose birth was before the recording (or lost): the life ends here
                // and begins where the other records first see it.
                const size_t life = addLife(task->tid, task->pid, task->time);
                m_lives[life].ended = true;
            }
        }
        for (const auto &[life, fork] : forks) {
            if (fork->ptid != 0 && fork->ptid != fork->tid)
                m_lives[life].parent = seenAt(fork->ptid, fork->ppid, fork->time);
        }
    }

    void collectThreads()
    {
        collectLives();
        for (const KernelComm &comm : m_r.kernel.comms) {
            ThreadFacts &f = m_lives[seenAt(comm.tid, comm.pid, comm.time)];
            f.kernelName = comm.name;
            f.execed = f.execed || comm.exec;
        }
        m_sliceLife.reserve(m_slices.size());
        for (const RecordedSlice &s : m_slices)
            m_sliceLife.push_back(seenAt(s.tid, s.pid, s.begin));
        // Python's names carry no time: a name is its process's latest life of that tid.
        for (const PythonName &name : m_r.names) {
            const auto it = m_livesOf.find(name.tid);
            if (it == m_livesOf.end() || name.kind == PythonName::Kind::Interpreter)
                continue;
            if (name.kind == PythonName::Kind::Process) {
                m_processNames[name.pid] = name.name;
                continue;
            }
            for (auto life = it->second.rbegin(); life != it->second.rend(); ++life) {
                if (m_lives[*life].pid == name.pid) {
                    m_lives[*life].pythonName = name.name;
                    break;
                }
            }
        }
        m_names.assign(m_lives.size(), std::nullopt);
        m_kernelNames.assign(m_lives.size(), std::nullopt);
    }

    /// Whether `life` is the latest of its pid's main thread: what is known of a pid by pid
    /// alone (its command line, its Python name) is the latest process's that had it.
    [[nodiscard]] bool latestOfItsPid(size_t life) const
    {
        const ThreadFacts &f = m_lives[life];
        const auto it = m_livesOf.find(f.pid);
        if (it == m_livesOf.end())
            return true;
        for (auto other = it->second.rbegin(); other != it->second.rend(); ++other) {
            if (m_lives[*other].pid == f.pid)
                return *other == life;
        }
        return true;
    }

    /// The kernel's name for a life: its own, or (as the kernel copies it at fork) its parent's.
    const std::string &kernelName(size_t life)
    {
        if (!m_kernelNames[life]) {
            m_kernelNames[life] = std::string(); // a cycle of records ends here
            const ThreadFacts &f = m_lives[life];
            m_kernelNames[life] = !f.kernelName.empty() ? f.kernelName
                                  : f.parent            ? kernelName(*f.parent)
                                                        : std::string();
        }
        return *m_kernelNames[life];
    }

    /// A process by what Python called it, else by its command line, else (forked, not exec'd:
    /// the same program) by its parent's name; a thread by Python's name, else the kernel's.
    const std::string &nameOf(size_t life)
    {
        if (m_names[life])
            return *m_names[life];
        m_names[life] = std::string();
        const ThreadFacts &f = m_lives[life];
        std::string name;
        if (f.tid == f.pid) {
            const bool latest = latestOfItsPid(life);
            const auto named = m_processNames.find(f.pid);
            const auto line = m_r.commandLines.find(f.pid);
            if (latest && named != m_processNames.end())
                name = named->second;
            else if (latest && line != m_r.commandLines.end() && !line->second.empty())
                name = line->second;
            else if (f.parent && !f.execed && m_lives[*f.parent].pid != f.pid)
                name = nameOf(processOf(*f.parent));
        } else {
            name = f.pythonName;
        }
        if (name.empty())
            name = kernelName(life);
        if (name.empty())
            name = "thread " + std::to_string(f.tid);
        m_names[life] = std::move(name);
        return *m_names[life];
    }

    /// The life of the main thread of the process `life` belongs to.
    [[nodiscard]] size_t processOf(size_t life) const
    {
        const ThreadFacts &f = m_lives[life];
        if (f.tid == f.pid)
            return life;
        return lifeAt(f.pid, f.begin).value_or(life);
    }

    ThreadInfo info(size_t life)
    {
        const ThreadFacts &f = m_lives[life];
        ThreadInfo t;
        t.pid = f.pid;
        t.tid = f.tid;
        t.begin = std::max<int64_t>(0, f.begin - m_r.startNs);
        t.end = std::max(t.begin, f.end - m_r.startNs);
        t.role = f.pid != m_r.pid ? ThreadRole::ChildProcess
                 : f.tid == f.pid ? ThreadRole::Engine
                                  : ThreadRole::Worker;
        t.name = nameOf(life);
        return t;
    }

    void addGil(TraceBuilder &builder, SwitchReconstruction &switches) const
    {
        for (const GilProcessLog &log : m_r.gil) {
            const GilIntervals gil = gilIntervals(log, m_r.endNs);
            const auto indexOf = [&](const GilInterval &interval) -> std::optional<uint32_t> {
                const std::optional<size_t> life = lifeAt(interval.tid, interval.begin);
                return life ? std::optional<uint32_t>(m_index[*life]) : std::nullopt;
            };
            const TimeNs shift = m_r.startNs;
            std::optional<uint32_t> previous;
            for (const GilInterval &hold : gil.holds) {
                const auto thread = indexOf(hold);
                if (!thread)
                    continue;
                builder.addSpan(*thread, hold.begin - shift, hold.end - shift, SpanKind::GilHold);
                if (previous && *previous != *thread)
                    builder.addMarker(
                        {hold.begin - shift, MarkerKind::GilHandoff, *thread, *previous, 0, 0});
                previous = thread;
            }
            for (const GilInterval &wait : gil.waits) {
                if (const auto thread = indexOf(wait))
                    switches.addKnownWait(*thread, wait.begin, wait.end, ThreadState::GilWait);
            }
            for (const GilInterval &request : gil.dropRequests) {
                if (const auto thread = indexOf(request))
                    builder.addMarker({request.begin - shift, MarkerKind::GilDropRequest, *thread,
                                       *thread, 0, 0});
            }
        }
    }

    void describe(TraceMetadata &m) const
    {
        describeMachine(m);
        const std::string line = commandLine(m_r.argv);
        m.title = m_r.title.empty() ? line : m_r.title;
        m.workload = line;
        m.model = kRecordedModel;
        m.params["command"] = line;
        if (!m_r.workingDirectory.empty())
            m.params["cwd"] = m_r.workingDirectory;
        if (m_r.exit)
            m.params["exit"] = m_r.exit->describe();
        m.captureMethod = m_r.captureMethod;
        m.capturePrecisionNs = m_r.precisionNs;
        m.clock = "monotonic";
        m.monotonicOriginNs = m_r.startNs;
        m.startedUnixMs = m_r.startedUnixMs;
        m.wallNs = std::max<int64_t>(0, m_r.endNs - m_r.startNs);
        m.cancelled = m_r.cancelled;
        m.droppedEvents = m_r.kernel.lostRecords;
        m.resultsOk = m_r.exit && m_r.exit->shellStatus() == 0;
        m.problems = m_r.problems;
        if (m_r.leftoversStopped > 0)
            m.params["leftovers stopped"] = std::to_string(m_r.leftoversStopped);
        if (m_r.started && m_r.exit && m_r.exit->shellStatus() != 0)
            m.problems.push_back((m_r.exit->signal ? "the program was " : "the program ")
                                 + m_r.exit->describe());
    }

    const ProgramRecording &m_r;
    std::vector<RecordedSlice> m_slices;
    std::vector<size_t> m_sliceLife;                       ///< m_slices[i]'s life
    std::vector<ThreadFacts> m_lives;                      ///< every thread's every life
    std::map<int32_t, std::vector<size_t>> m_livesOf;      ///< tid → its lives, in time order
    std::vector<std::optional<std::string>> m_names;       ///< by life, once known
    std::vector<std::optional<std::string>> m_kernelNames; ///< by life, once known
    std::map<int32_t, std::string> m_processNames;         ///< by pid, from Python
    std::vector<uint32_t> m_index;                         ///< life → the Trace's thread index
};

} // namespace

Trace buildProgramTrace(const ProgramRecording &recording)
{
    return ProgramTraceBuilder(recording).build();
}

} // namespace corescope
