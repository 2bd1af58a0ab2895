// SPDX-License-Identifier: MIT
#include "record/programtracedecoder.h"

#include "engine/capture/corebusysampler.h"

#include "engine/engine.h"
#include "record/programtrace.h"

#include <algorithm>
#include <limits>

namespace corescope {
namespace {

std::string commandLine(const std::vector<std::string> &argv)
{
    std::string out;
    for (const std::string &word : argv)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

} // namespace

ProgramTraceDecoder::ProgramTraceDecoder(int64_t origin)
    : m_origin(origin)
{
    m_builder.keepInOrder();
}

void ProgramTraceDecoder::takeGil(const GilProcessLog &log,
                                  std::span<const GilLogFormat::Event> events)
{
    m_gil.try_emplace(log.pid, Gil{GilPairing(log.startedNs), std::nullopt});
    for (const GilLogFormat::Event &event : events)
        m_waiting.emplace_back(GilRecord{event, log.pid});
}

void ProgramTraceDecoder::take(KernelRecords &records, int64_t upTo)
{
    for (std::vector<KernelSwitch> &cpu : records.switchesPerCpu) {
        m_waiting.insert(m_waiting.end(), cpu.begin(), cpu.end());
        cpu.clear(); // its capacity serves the next batch
    }
    m_waiting.insert(m_waiting.end(), records.tasks.begin(), records.tasks.end());
    records.tasks.clear();
    for (KernelComm &comm : records.comms)
        m_waiting.emplace_back(std::move(comm));
    records.comms.clear();
    decodeUpTo(upTo);
}

void ProgramTraceDecoder::decodeUpTo(int64_t upTo)
{
    // One time order; at one instant births, then names, switches, and deaths last,
    // so that whatever a thread did at the instant it exited is its own. Each CPU's records
    // are in order already, and the sort keeps them so.
    struct Key
    {
        int64_t time;
        int rank;
        auto operator<=>(const Key &) const = default;
    };
    const auto keyOf = [](const Record &record) {
        return std::visit(
            [](const auto &r) -> Key {
                using R = std::decay_t<decltype(r)>;
                if constexpr (std::is_same_v<R, KernelTaskEvent>)
                    return {r.time, r.kind == KernelTaskEvent::Kind::Fork ? 0 : 3};
                else if constexpr (std::is_same_v<R, KernelComm>)
                    return {r.time, 1};
                else if constexpr (std::is_same_v<R, GilRecord>)
                    return {r.event.time, 2};
                else
                    return {r.time, 2};
            },
            record);
    };
    std::stable_sort(m_waiting.begin(), m_waiting.end(),
                     [&](const Record &a, const Record &b) { return keyOf(a) < keyOf(b); });
    size_t done = 0;
    for (; done < m_waiting.size() && keyOf(m_waiting[done]).time < upTo; ++done)
        std::visit([this](const auto &record) { apply(record); }, m_waiting[done]);
    m_waiting.erase(m_waiting.begin(), m_waiting.begin() + ptrdiff_t(done));
    giveFinished();
}

void ProgramTraceDecoder::takeBusySamples(const CoreBusySampler &sampler)
{
    m_busySamplesGiven = sampler.addTo(m_builder, m_origin, m_busySamplesGiven);
}

Trace ProgramTraceDecoder::snapshot(const ProgramRecording &recording)
{
    describeThreads(recording);
    m_builder.metadata() = describe(recording);
    m_builder.metadata().live = true;
    OpenIntervals open;
    for (uint32_t life = 0; life < uint32_t(m_lives.size()); ++life)
        m_switches.addOpenTo(open, life, life, m_origin, recording.endNs);
    addOpenHolds(open, recording.endNs);
    return m_builder.snapshot(open);
}

Trace ProgramTraceDecoder::build(const ProgramRecording &recording)
{
    decodeUpTo(std::numeric_limits<int64_t>::max());
    m_switches.finish(recording.endNs);
    giveFinished();
    for (uint32_t life = 0; life < uint32_t(m_lives.size()); ++life) {
        const Life &l = m_lives[life];
        m_switches.addLastStateTo(m_builder, life, life, l.ended ? l.end : recording.endNs,
                                  m_origin);
    }
    addOpenHolds(m_builder, recording.endNs); // cut short by the end of the recording
    describeThreads(recording);
    m_builder.metadata() = describe(recording);
    return m_builder.build();
}

/// What a process's GIL events make of its threads' lives: GIL waits laid over their time
/// off the core, holds as spans, hand-offs and drop requests as markers. A tid with no life yet
/// (its birth not recorded) is left out.
class ProgramTraceDecoder::GilSink
{
public:
    GilSink(ProgramTraceDecoder &decoder, Gil &gil)
        : m_decoder(decoder)
        , m_gil(gil)
    {
    }
    void waitBegins(int32_t tid, int64_t time)
    {
        if (const auto life = lifeAt(tid, time))
            m_decoder.m_switches.beginKnownWait(*life, time, ThreadState::GilWait);
    }
    void waited(int32_t tid, int64_t begin, int64_t end)
    {
        if (const auto life = lifeAt(tid, begin))
            m_decoder.m_switches.endKnownWait(*life, end);
    }
    void acquires(int32_t tid, int64_t time)
    {
        const auto life = lifeAt(tid, time);
        if (!life)
            return;
        if (m_gil.holder && *m_gil.holder != *life)
            m_decoder.m_builder.addMarker(
                {time - m_decoder.m_origin, MarkerKind::GilHandoff, *life, *m_gil.holder, 0, 0});
        m_gil.holder = life;
    }
    void held(int32_t tid, int64_t begin, int64_t end, bool /*cutShort*/)
    {
        if (const auto life = lifeAt(tid, begin))
            m_decoder.m_builder.addSpan(*life, begin - m_decoder.m_origin, end - m_decoder.m_origin,
                                        SpanKind::GilHold);
    }
    void dropRequested(int32_t tid, int64_t time)
    {
        if (const auto life = lifeAt(tid, time))
            m_decoder.m_builder.addMarker(
                {time - m_decoder.m_origin, MarkerKind::GilDropRequest, *life, *life, 0, 0});
    }

private:
    [[nodiscard]] std::optional<uint32_t> lifeAt(int32_t tid, int64_t time) const
    {
        const std::optional<size_t> life = m_decoder.lifeAt(tid, time);
        return life ? std::optional<uint32_t>(uint32_t(*life)) : std::nullopt;
    }
    ProgramTraceDecoder &m_decoder;
    Gil &m_gil;
};

void ProgramTraceDecoder::apply(const GilRecord &gil)
{
    Gil &process = m_gil.at(gil.pid);
    GilSink sink(*this, process);
    process.pairing.add(gil.event, sink);
}

template <typename Sink>
void ProgramTraceDecoder::addOpenHolds(Sink &sink, int64_t until) const
{
    for (const auto &[pid, gil] : m_gil) {
        for (const auto &[tid, begin] : gil.pairing.holding()) {
            if (const std::optional<size_t> life = lifeAt(tid, begin))
                sink.addSpan(uint32_t(*life), begin - m_origin, std::max(begin, until) - m_origin,
                             SpanKind::GilHold);
        }
    }
}

void ProgramTraceDecoder::apply(const KernelTaskEvent &task)
{
    const auto known = m_livesOf.find(task.tid);
    Life *last = known == m_livesOf.end() ? nullptr : &m_lives[known->second.back()];
    if (task.kind == KernelTaskEvent::Kind::Fork) {
        if (last && !last->ended) {
            // Born again without a recorded death (its exit record was lost).
            last->end = std::max(last->begin, task.time);
            last->ended = true;
        }
        const size_t life = addLife(task.tid, task.pid, task.time);
        if (task.ptid != 0 && task.ptid != task.tid)
            m_lives[life].parent = seenAt(task.ptid, task.ppid, task.time);
    } else if (last && !last->ended) {
        const auto life = uint32_t(known->second.back());
        if (m_switches.onCore(life))
            m_switches.switchOut(life, task.time, std::nullopt);
        last->end = std::max(last->begin, task.time);
        last->ended = true;
    } else {
        // A death whose birth was before the recording (or lost).
        m_lives[addLife(task.tid, task.pid, task.time)].ended = true;
    }
}

void ProgramTraceDecoder::apply(const KernelComm &comm)
{
    const size_t life = seenAt(comm.tid, comm.pid, comm.time);
    m_lives[life].kernelName = comm.name;
    m_lives[life].execed = m_lives[life].execed || comm.exec;
    // Recording begins at the exec, while the program's first thread is on its CPU.
    if (comm.exec && !m_switches.onCore(uint32_t(life)))
        m_switches.switchIn(uint32_t(life), comm.time, comm.cpu);
}

void ProgramTraceDecoder::apply(const KernelSwitch &s)
{
    const auto life = uint32_t(seenAt(s.tid, s.pid, s.time));
    switch (s.kind) {
    case KernelSwitch::Kind::In:
        m_switches.switchIn(life, s.time, s.cpu);
        break;
    case KernelSwitch::Kind::OutPreempted:
    case KernelSwitch::Kind::OutBlocked:
        // Without its switch-in (before the recording) nothing is known of the slice.
        if (m_switches.onCore(life))
            m_switches.switchOut(life, s.time,
                                 s.kind == KernelSwitch::Kind::OutPreempted
                                     ? ThreadState::Runnable
                                     : ThreadState::Blocked); // unless the GIL says more
        break;
    }
}

void ProgramTraceDecoder::giveFinished()
{
    for (uint32_t life = 0; life < uint32_t(m_lives.size()); ++life)
        m_switches.addFinishedTo(m_builder, life, life, m_origin);
}

size_t ProgramTraceDecoder::addLife(int32_t tid, int32_t pid, int64_t time)
{
    m_lives.push_back({pid, tid, time, time, false, false, std::nullopt, {}, {}});
    m_livesOf[tid].push_back(m_lives.size() - 1);
    m_builder.addThread({});
    return m_lives.size() - 1;
}

/// The life of `tid` that was alive at `time`: the first not yet ended then. A time after every
/// life of it ended is the last one's.
std::optional<size_t> ProgramTraceDecoder::lifeAt(int32_t tid, int64_t time) const
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
size_t ProgramTraceDecoder::seenAt(int32_t tid, int32_t pid, int64_t time)
{
    const size_t life = lifeAt(tid, time).value_or(m_lives.size());
    if (life == m_lives.size())
        return addLife(tid, pid, time);
    m_lives[life].begin = std::min(m_lives[life].begin, time);
    return life;
}

void ProgramTraceDecoder::addPythonNames(const ProgramRecording &recording)
{
    m_processNames.clear();
    for (Life &life : m_lives)
        life.pythonName.clear();
    // Python's names carry no time: a name is its process's latest life of that tid.
    for (const PythonName &name : recording.names) {
        if (name.kind == PythonName::Kind::Interpreter)
            continue;
        if (name.kind == PythonName::Kind::Process) {
            m_processNames[name.pid] = name.name;
            continue;
        }
        const auto it = m_livesOf.find(name.tid);
        if (it == m_livesOf.end())
            continue;
        for (auto life = it->second.rbegin(); life != it->second.rend(); ++life) {
            if (m_lives[*life].pid == name.pid) {
                m_lives[*life].pythonName = name.name;
                break;
            }
        }
    }
}

void ProgramTraceDecoder::describeThreads(const ProgramRecording &recording)
{
    addPythonNames(recording);
    // Names are found again at each call: a later record (an exec, a command line read, a
    // name from Python) may change what an earlier life is called.
    m_names.assign(m_lives.size(), std::nullopt);
    m_kernelNames.assign(m_lives.size(), std::nullopt);
    for (size_t life = 0; life < m_lives.size(); ++life) {
        const Life &f = m_lives[life];
        ThreadInfo &t = m_builder.thread(uint32_t(life));
        t.pid = f.pid;
        t.tid = f.tid;
        t.begin = std::max<int64_t>(0, f.begin - m_origin);
        t.end = std::max(t.begin, (f.ended ? f.end : recording.endNs) - m_origin);
        t.role = f.pid != recording.pid ? ThreadRole::ChildProcess
                 : f.tid == f.pid       ? ThreadRole::Engine
                                        : ThreadRole::Worker;
        t.name = nameOf(life, recording);
    }
}

/// Whether `life` is the latest of its pid's main thread: what is known of a pid by pid alone
/// (its command line, its Python name) is the latest process's that had it.
bool ProgramTraceDecoder::latestOfItsPid(size_t life) const
{
    const Life &f = m_lives[life];
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
const std::string &ProgramTraceDecoder::kernelName(size_t life)
{
    if (!m_kernelNames[life]) {
        m_kernelNames[life] = std::string(); // a cycle of records ends here
        const Life &f = m_lives[life];
        m_kernelNames[life] = !f.kernelName.empty() ? f.kernelName
                              : f.parent            ? kernelName(*f.parent)
                                                    : std::string();
    }
    return *m_kernelNames[life];
}

const std::string &ProgramTraceDecoder::nameOf(size_t life, const ProgramRecording &recording)
{
    if (m_names[life])
        return *m_names[life];
    m_names[life] = std::string(); // a cycle of records ends here
    const Life &f = m_lives[life];
    std::string name;
    if (f.tid == f.pid) {
        const bool latest = latestOfItsPid(life);
        const auto named = m_processNames.find(f.pid);
        const auto line = recording.commandLines.find(f.pid);
        if (latest && named != m_processNames.end())
            name = named->second;
        else if (latest && line != recording.commandLines.end() && !line->second.empty())
            name = line->second;
        else if (f.parent && !f.execed && m_lives[*f.parent].pid != f.pid)
            name = nameOf(processOf(*f.parent), recording);
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
size_t ProgramTraceDecoder::processOf(size_t life) const
{
    const Life &f = m_lives[life];
    if (f.tid == f.pid)
        return life;
    return lifeAt(f.pid, f.begin).value_or(life);
}

TraceMetadata ProgramTraceDecoder::describe(const ProgramRecording &r) const
{
    TraceMetadata m;
    describeMachine(m);
    const std::string line = commandLine(r.argv);
    m.title = r.title.empty() ? line : r.title;
    m.workload = line;
    m.model = kRecordedModel;
    m.params["command"] = line;
    if (!r.workingDirectory.empty())
        m.params["cwd"] = r.workingDirectory;
    if (r.exit)
        m.params["exit"] = r.exit->describe();
    m.captureMethod = r.captureMethod;
    m.capturePrecisionNs = r.precisionNs;
    m.busySampling = r.busySampling;
    m.busySampleIntervalNs = r.busySampleIntervalNs;
    m.recorderCpuNs = r.recorderCpuNs;
    m.clock = "monotonic";
    m.monotonicOriginNs = r.startNs;
    m.startedUnixMs = r.startedUnixMs;
    m.wallNs = std::max<int64_t>(0, r.endNs - r.startNs);
    m.cancelled = r.cancelled;
    m.droppedEvents = r.lostRecords;
    m.resultsOk = r.exit && r.exit->shellStatus() == 0;
    m.problems = r.problems;
    if (r.leftoversStopped > 0)
        m.params["leftovers stopped"] = std::to_string(r.leftoversStopped);
    if (r.started && r.exit && r.exit->shellStatus() != 0)
        m.problems.push_back((r.exit->signal ? "the program was " : "the program ")
                             + r.exit->describe());
    return m;
}

} // namespace corescope
