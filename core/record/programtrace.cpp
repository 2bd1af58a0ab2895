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

/// One thread of the recording, by tid: its process, life and the names it was given.
struct ThreadFacts
{
    int32_t pid = 0;
    int64_t begin = 0;
    int64_t end = 0;
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
        for (const auto &[tid, facts] : m_threads)
            m_index[tid] = builder.addThread(info(tid, facts));

        SwitchReconstruction switches;
        for (const RecordedSlice &s : m_slices)
            switches.addSlice(m_index.at(s.tid), s.begin, s.end, s.cpu, after(s.how));
        addGil(builder, switches);
        switches.finish(m_r.endNs);
        for (const auto &[tid, index] : m_index)
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

    ThreadFacts &facts(int32_t tid, int32_t pid, int64_t time)
    {
        auto [it, added] = m_threads.try_emplace(tid);
        if (added) {
            it->second.pid = pid;
            it->second.begin = time;
            it->second.end = m_r.endNs;
        }
        it->second.begin = std::min(it->second.begin, time);
        return it->second;
    }

    void collectThreads()
    {
        for (const KernelTaskEvent &task : m_r.kernel.tasks) {
            ThreadFacts &f = facts(task.tid, task.pid, task.time);
            if (task.kind == KernelTaskEvent::Kind::Exit)
                f.end = task.time;
        }
        for (const KernelComm &comm : m_r.kernel.comms)
            facts(comm.tid, comm.pid, comm.time).kernelName = comm.name;
        for (const RecordedSlice &s : m_slices)
            facts(s.tid, s.pid, s.begin);
        for (const PythonName &name : m_r.names) {
            const auto it = m_threads.find(name.tid);
            if (it == m_threads.end())
                continue;
            if (name.kind == PythonName::Kind::Process)
                m_processNames[name.pid] = name.name;
            else
                it->second.pythonName = name.name;
        }
    }

    ThreadInfo info(int32_t tid, const ThreadFacts &f) const
    {
        ThreadInfo t;
        t.pid = f.pid;
        t.tid = tid;
        t.begin = std::max<int64_t>(0, f.begin - m_r.startNs);
        t.end = std::max(t.begin, f.end - m_r.startNs);
        const bool main = tid == f.pid;
        t.role = f.pid != m_r.pid ? ThreadRole::ChildProcess
                 : main           ? ThreadRole::Engine
                                  : ThreadRole::Worker;
        if (main) {
            // A process is named by what Python called it, else by its command line.
            const auto named = m_processNames.find(f.pid);
            const auto line = m_r.commandLines.find(f.pid);
            t.name = named != m_processNames.end()                             ? named->second
                     : line != m_r.commandLines.end() && !line->second.empty() ? line->second
                                                                               : f.kernelName;
        } else {
            t.name = !f.pythonName.empty() ? f.pythonName : f.kernelName;
        }
        if (t.name.empty())
            t.name = "thread " + std::to_string(tid);
        return t;
    }

    void addGil(TraceBuilder &builder, SwitchReconstruction &switches) const
    {
        for (const GilProcessLog &log : m_r.gil) {
            const GilIntervals gil = gilIntervals(log, m_r.endNs);
            const auto indexOf = [&](int32_t tid) -> std::optional<uint32_t> {
                const auto it = m_index.find(tid);
                return it == m_index.end() ? std::nullopt : std::optional<uint32_t>(it->second);
            };
            const TimeNs shift = m_r.startNs;
            std::optional<uint32_t> previous;
            for (const GilInterval &hold : gil.holds) {
                const auto thread = indexOf(hold.tid);
                if (!thread)
                    continue;
                builder.addSpan(*thread, hold.begin - shift, hold.end - shift, SpanKind::GilHold);
                if (previous && *previous != *thread)
                    builder.addMarker(
                        {hold.begin - shift, MarkerKind::GilHandoff, *thread, *previous, 0, 0});
                previous = thread;
            }
            for (const GilInterval &wait : gil.waits) {
                if (const auto thread = indexOf(wait.tid))
                    switches.addKnownWait(*thread, wait.begin, wait.end, ThreadState::GilWait);
            }
            for (const GilInterval &request : gil.dropRequests) {
                if (const auto thread = indexOf(request.tid))
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
        m.model = "recorded";
        m.params["command"] = line;
        if (!m_r.workingDirectory.empty())
            m.params["cwd"] = m_r.workingDirectory;
        if (m_r.exit)
            m.params["exit"] = m_r.exit->describe();
        m.captureMethod = m_r.captureMethod;
        m.capturePrecisionNs = m_r.precisionNs;
        m.clock = "monotonic";
        m.startedUnixMs = m_r.startedUnixMs;
        m.wallNs = std::max<int64_t>(0, m_r.endNs - m_r.startNs);
        m.cancelled = m_r.cancelled;
        m.droppedEvents = m_r.kernel.lostRecords;
        m.resultsOk = m_r.exit && m_r.exit->shellStatus() == 0;
        m.problems = m_r.problems;
        if (m_r.exit && m_r.exit->shellStatus() != 0)
            m.problems.push_back((m_r.exit->signal ? "the program was " : "the program ")
                                 + m_r.exit->describe());
    }

    const ProgramRecording &m_r;
    std::vector<RecordedSlice> m_slices;
    std::map<int32_t, ThreadFacts> m_threads; ///< by tid
    std::map<int32_t, std::string> m_processNames;
    std::map<int32_t, uint32_t> m_index; ///< tid → the Trace's thread index
};

} // namespace

Trace buildProgramTrace(const ProgramRecording &recording)
{
    return ProgramTraceBuilder(recording).build();
}

} // namespace corescope
