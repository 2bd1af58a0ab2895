// SPDX-License-Identifier: MIT
#include "trace/chrometraceexporter.h"

#include "trace/coreoccupancy.h"

#include "trace/chrometraceschema.h"
#include "trace/jsonwriter.h"
#include "trace/kinds.h"
#include "trace/spannesting.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

namespace corescope {
namespace {

using Schema = ChromeTraceSchema;

/// Where a run sits in the document: its time offset and the JSON pid and tid of each lane.
struct Layout
{
    TimeNs offset = 0;
    std::vector<int64_t> pid;             ///< per thread
    std::vector<int64_t> tid;             ///< per thread
    std::vector<int64_t> stateTid;        ///< per thread: its states track
    std::vector<int64_t> waitTid;         ///< per thread: its waits track
    std::map<int64_t, int64_t> processes; ///< real pid → JSON pid
    int64_t cpuPid = 0;                   ///< portable: the "CPUs" process
    std::vector<int64_t> cpuTid;          ///< portable: per core
    /// The placeholder that holds the CPU tracks where other programs did (0: never), and
    /// those intervals per core.
    int64_t otherTid = 0;
    std::vector<std::vector<CoreOccupancy::Interval>> others;
};

/// ftrace's letter for what a thread does once it leaves a core.
char leaveState(const ThreadStates &states, TimeNs at)
{
    const auto it = std::upper_bound(states.begin.begin(), states.begin.end(), at);
    if (it == states.begin.begin())
        return 'S';
    const size_t i = size_t(it - states.begin.begin()) - 1;
    if (states.end[i] <= at)
        return 'S';
    return kindOf(states.state[i]).prevState;
}

/// A name that survives ftrace's text format: no spaces or '=' (they separate fields), no line
/// breaks or other control characters, no brackets (they mark the CPU column).
std::string comm(std::string_view name)
{
    std::string out(name.empty() ? std::string_view("thread") : name);
    for (char &c : out) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '=' || c == '[' || c == ']' || c == '('
            || c == ')' || c == 0x7F)
            c = '_';
    }
    return out;
}

class Export
{
public:
    Export(std::span<const Trace *const> runs, const std::optional<SweepLayout> &sweep,
           ChromeJsonFlavour flavour, const std::function<void(std::string_view)> &out)
        : m_runs(runs)
        , m_sweep(sweep)
        , m_flavour(flavour)
        , m_w(out)
    {
    }

    void run()
    {
        planLayouts();
        m_w.raw("{\"metadata\":{")
            .key(Schema::kOurKey)
            .raw("{")
            .key("format")
            .integer(Schema::kFormat);
        m_w.raw(",\"runs\":[");
        for (size_t r = 0; r < m_runs.size(); ++r) {
            if (r > 0)
                m_w.raw(',');
            runMetadata(*m_runs[r], m_layouts[r]);
        }
        m_w.raw(']');
        if (m_sweep)
            sweepMetadata(*m_sweep);
        m_w.raw("}},\n\"displayTimeUnit\":\"ns\",\n\"traceEvents\":[");
        for (size_t r = 0; r < m_runs.size(); ++r)
            names(r);
        for (size_t r = 0; r < m_runs.size(); ++r) {
            const Trace &trace = *m_runs[r];
            for (size_t t = 0; t < trace.threads().size(); ++t) {
                spans(r, t);
                if (trace.threads()[t].role == ThreadRole::Task)
                    taskStates(r, t);
                else
                    states(r, t);
                waits(r, t);
            }
            markers(r);
            counters(r);
            if (m_flavour == ChromeJsonFlavour::Portable)
                cpuLanes(r);
        }
        m_w.raw("\n]");
        if (m_flavour == ChromeJsonFlavour::Perfetto) {
            m_w.raw(",\n\"systemTraceEvents\":\"");
            for (size_t r = 0; r < m_runs.size(); ++r)
                schedSwitches(r);
            m_w.raw('"');
        }
        m_w.raw("}\n");
        m_w.flush();
    }

private:
    void planLayouts()
    {
        // Run 0 keeps its real ids when they are usable; everything else gets fresh ids above
        // every real one, so that runs recorded by one process do not merge in a viewer.
        int64_t highest = 0;
        for (const Trace *trace : m_runs) {
            for (const ThreadInfo &t : trace->threads())
                highest = std::max({highest, int64_t(t.pid), int64_t(t.tid)});
        }
        m_nextId = highest + 1;
        TimeNs previousEnd = 0;
        for (size_t r = 0; r < m_runs.size(); ++r) {
            const Trace &trace = *m_runs[r];
            Layout layout;
            const TimeNs low = trace.earliest();
            const TimeNs high = trace.extent();
            if (r == 0) {
                layout.offset = -std::min<TimeNs>(low, 0);
            } else {
                const TimeNs gap = std::max<TimeNs>(1'000'000, (previousEnd) / 20);
                layout.offset = previousEnd + gap - low;
            }
            previousEnd = high + layout.offset;
            const bool realIds = r == 0 && usableIds(trace);
            const size_t n = trace.threads().size();
            layout.pid.resize(n);
            layout.tid.resize(n);
            layout.stateTid.resize(n);
            layout.waitTid.resize(n);
            const auto jsonPid = [&](int32_t pid) {
                auto [process, added] = layout.processes.emplace(pid, 0);
                if (added)
                    process->second = realIds ? pid : m_nextId++;
                return process->second;
            };
            std::set<int64_t> mainThreads; // processes whose main thread has its JSON id
            for (size_t t = 0; t < n; ++t) {
                const ThreadInfo &info = trace.threads()[t];
                layout.pid[t] = jsonPid(info.pid);
                // A main thread's tid is its pid, in JSON too; the rest get fresh ids, and so do
                // task lanes, which have no tid of their own.
                const bool main = info.tid == info.pid && mainThreads.insert(info.pid).second;
                layout.tid[t] = info.role == ThreadRole::Task ? m_nextId++
                                : realIds                     ? info.tid
                                : main                        ? layout.pid[t]
                                                              : m_nextId++;
            }
            for (const CounterTrack &counter : trace.counters())
                jsonPid(counter.pid);
            for (size_t t = 0; t < n; ++t) {
                layout.stateTid[t] = m_nextId++;
                layout.waitTid[t] = m_nextId++;
            }
            if (m_flavour == ChromeJsonFlavour::Portable) {
                layout.cpuPid = m_nextId++;
                for (size_t c = 0; c < trace.coreCount(); ++c)
                    layout.cpuTid.push_back(m_nextId++);
            }
            // Other programs where the run knows them exactly, for viewers that show CPUs.
            const CoreOccupancy occupancy = CoreOccupancy::of(trace);
            for (const CoreOccupancy::Core &core : occupancy.cores())
                layout.others.push_back(core.exactIntervals);
            if (std::any_of(layout.others.begin(), layout.others.end(),
                            [](const auto &core) { return !core.empty(); }))
                layout.otherTid = m_nextId++;
            m_layouts.push_back(std::move(layout));
        }
    }

    static bool usableIds(const Trace &trace)
    {
        std::set<int64_t> tids;
        for (const ThreadInfo &t : trace.threads()) {
            if (t.pid <= 0
                || (t.role != ThreadRole::Task && (t.tid <= 0 || !tids.insert(t.tid).second)))
                return false;
        }
        return std::all_of(trace.counters().begin(), trace.counters().end(),
                           [](const CounterTrack &c) { return c.pid > 0; });
    }

    void runMetadata(const Trace &trace, const Layout &layout)
    {
        const TraceMetadata &m = trace.metadata();
        m_w.raw('{').key("title").string(m.title);
        m_w.raw(',').key("workload").string(m.workload);
        m_w.raw(',').key("model").string(m.model);
        m_w.raw(',').key("workers").integer(m.workers);
        m_w.raw(',').key("tasks").integer(m.tasks);
        m_w.raw(',').key("params").raw('{');
        bool first = true;
        for (const auto &[key, value] : m.params) {
            if (!first)
                m_w.raw(',');
            first = false;
            m_w.string(key).raw(':').string(value);
        }
        m_w.raw('}');
        m_w.raw(',').key("captureMethod").string(m.captureMethod);
        m_w.raw(',').key("capturePrecisionNs").integer(m.capturePrecisionNs);
        m_w.raw(',').key("clock").string(m.clock);
        m_w.raw(',').key("monotonicOriginNs").integer(m.monotonicOriginNs);
        m_w.raw(',').key("machineCores").integer(m.machineCores);
        m_w.raw(',').key("cpuModel").string(m.cpuModel);
        m_w.raw(',').key("kernel").string(m.kernel);
        m_w.raw(',').key("appVersion").string(m.appVersion);
        m_w.raw(',').key("startedUnixMs").integer(m.startedUnixMs);
        m_w.raw(',').key("wallNs").integer(m.wallNs);
        m_w.raw(',').key("cancelled").raw(m.cancelled ? "true" : "false");
        m_w.raw(',').key("droppedEvents").unsignedInteger(m.droppedEvents);
        m_w.raw(',').key("resultsOk").raw(m.resultsOk ? "true" : "false");
        m_w.raw(',').key("tasksDone").integer(m.tasksDone);
        m_w.raw(',').key("problems").raw('[');
        for (size_t i = 0; i < m.problems.size(); ++i) {
            if (i > 0)
                m_w.raw(',');
            m_w.string(m.problems[i]);
        }
        m_w.raw(']');
        m_w.raw(',').key("cores").integer(int64_t(trace.coreCount()));
        m_w.raw(',').key("waitObjects").raw('[');
        for (size_t i = 0; i < trace.waitObjects().size(); ++i) {
            const WaitObject &object = trace.waitObjects()[i];
            m_w.raw(i > 0 ? ",{" : "{").key("kind").string(kindOf(object.kind).name);
            m_w.raw(',').key("name").string(object.name).raw('}');
        }
        m_w.raw(']');
        m_w.raw(',').key("busySampling").string(m.busySampling);
        m_w.raw(',').key("busySampleIntervalNs").integer(m.busySampleIntervalNs);
        m_w.raw(',').key("allowedCores").raw('[');
        for (size_t i = 0; i < m.allowedCores.size(); ++i)
            m_w.raw(i > 0 ? "," : "").integer(m.allowedCores[i]);
        m_w.raw(']');
        // [core, begin, end, busy] in ns of the run's own time, as the native format keeps them.
        m_w.raw(',').key("busySamples").raw('[');
        bool firstSample = true;
        for (size_t c = 0; c < trace.coreCount(); ++c) {
            const CoreBusySamples &samples = trace.busySamplesOf(c);
            for (size_t i = 0; i < samples.size(); ++i) {
                m_w.raw(firstSample ? "[" : ",[").integer(int64_t(c));
                m_w.raw(',').integer(samples.begin[i]).raw(',').integer(samples.end[i]);
                m_w.raw(',').integer(samples.busy[i]).raw(']');
                firstSample = false;
            }
        }
        m_w.raw(']');
        m_w.raw(',').key("recorderCpuNs").integer(m.recorderCpuNs);
        if (layout.otherTid > 0)
            m_w.raw(',').key("otherProgramsTid").integer(layout.otherTid);
        m_w.raw(',').key("offsetNs").integer(layout.offset);
        m_w.raw('}');
    }

    void sweepMetadata(const SweepLayout &sweep)
    {
        m_w.raw(',').key("sweep").raw('{').key("workload").string(sweep.workload);
        m_w.raw(',').key("parallelismLimit").integer(sweep.parallelismLimit);
        m_w.raw(',').key("cancelled").raw(sweep.cancelled ? "true" : "false");
        m_w.raw(',').key("points").raw('[');
        for (size_t p = 0; p < sweep.points.size(); ++p) {
            const SweepLayout::Point &point = sweep.points[p];
            m_w.raw(p > 0 ? ",{" : "{").key("model").string(point.model);
            m_w.raw(',').key("workers").integer(point.workers);
            m_w.raw(',').key("runs").raw('[');
            for (size_t i = 0; i < point.runs.size(); ++i)
                m_w.raw(i > 0 ? "," : "").integer(point.runs[i]);
            m_w.raw("]}");
        }
        m_w.raw("]}");
    }

    void event(char phase)
    {
        m_w.raw(m_first ? "\n{\"ph\":\"" : ",\n{\"ph\":\"").raw(phase).raw('"');
        m_first = false;
        m_w.maybeFlush();
    }
    void lane(int64_t pid, int64_t tid)
    {
        m_w.raw(',').key("pid").integer(pid).raw(',').key("tid").integer(tid);
    }
    void at(size_t run, TimeNs t) { m_w.raw(',').key("ts").micros(t + m_layouts[run].offset); }

    void metadataEvent(std::string_view name, int64_t pid, int64_t tid)
    {
        event('M');
        m_w.raw(',').key("name").string(name);
        lane(pid, tid);
    }

    void names(size_t r)
    {
        const Trace &trace = *m_runs[r];
        const Layout &layout = m_layouts[r];
        const std::string prefix =
            m_runs.size() > 1 ? "run " + std::to_string(r + 1) + ": " : std::string();
        int64_t processOrder = 0;
        for (const auto &[realPid, pid] : layout.processes) {
            std::string name = prefix + "process " + std::to_string(realPid);
            for (const ThreadInfo &t : trace.threads()) {
                if (t.pid != realPid)
                    continue;
                if (t.role == ThreadRole::Engine)
                    name = prefix + "CoreScope"
                           + (trace.metadata().title.empty() ? "" : ": " + trace.metadata().title);
                else if (t.role == ThreadRole::ChildProcess)
                    name = prefix + t.name;
                break;
            }
            metadataEvent("process_name", pid, pid);
            m_w.raw(',').key("args").raw('{').key("name").string(name);
            m_w.raw(',').key(Schema::kOurKey).raw('{').key("run").integer(int64_t(r));
            m_w.raw(',').key("pid").integer(realPid).raw("}}}");
            metadataEvent("process_sort_index", pid, pid);
            m_w.raw(',')
                .key("args")
                .raw('{')
                .key("sort_index")
                .integer(int64_t(r) * 1000 + processOrder++)
                .raw("}}");
        }
        for (size_t t = 0; t < trace.threads().size(); ++t) {
            const ThreadInfo &info = trace.threads()[t];
            metadataEvent("thread_name", layout.pid[t], layout.tid[t]);
            m_w.raw(',').key("args").raw('{').key("name").string(info.name);
            m_w.raw(',').key(Schema::kOurKey).raw('{').key("run").integer(int64_t(r));
            m_w.raw(',').key("thread").integer(int64_t(t));
            m_w.raw(',').key("pid").integer(info.pid).raw(',').key("tid").integer(info.tid);
            m_w.raw(',').key("role").string(threadRoleName(info.role));
            m_w.raw(',').key("beginNs").integer(info.begin).raw(',').key("endNs").integer(info.end);
            m_w.raw(',').key("kernelCpuNs").integer(info.kernelCpuNs).raw("}}}");
            sortIndex(layout.pid[t], layout.tid[t], int64_t(3 * t));
            // A task lane's states are async slices, on a track of their own (taskStates()).
            if (trace.statesOf(t).size() > 0 && info.role != ThreadRole::Task) {
                companionTrack(r, t, layout.stateTid[t], " (states)", "statesOf");
                sortIndex(layout.pid[t], layout.stateTid[t], int64_t(3 * t + 1));
            }
            if (trace.waitsOf(t).size() > 0) {
                companionTrack(r, t, layout.waitTid[t], " (waits)", "waitsOf");
                sortIndex(layout.pid[t], layout.waitTid[t], int64_t(3 * t + 2));
            }
        }
        if (m_flavour == ChromeJsonFlavour::Portable) {
            metadataEvent("process_name", layout.cpuPid, layout.cpuPid);
            m_w.raw(',').key("args").raw('{').key("name").string(prefix + "CPUs").raw("}}");
            metadataEvent("process_sort_index", layout.cpuPid, layout.cpuPid);
            m_w.raw(',')
                .key("args")
                .raw('{')
                .key("sort_index")
                .integer(int64_t(r) * 1000 - 1)
                .raw("}}");
            for (size_t c = 0; c < trace.coreCount(); ++c) {
                metadataEvent("thread_name", layout.cpuPid, layout.cpuTid[c]);
                m_w.raw(',').key("args").raw('{').key("name").string("CPU " + std::to_string(c));
                m_w.raw(',').key(Schema::kOurKey).raw('{').key("run").integer(int64_t(r));
                m_w.raw(',').key("core").integer(int64_t(c)).raw("}}}");
                metadataEvent("thread_sort_index", layout.cpuPid, layout.cpuTid[c]);
                m_w.raw(',').key("args").raw('{').key("sort_index").integer(int64_t(c)).raw("}}");
            }
        }
    }

    /// Names the track `tid` beside thread `t` and declares what it holds (`what` of thread t).
    void companionTrack(size_t r, size_t t, int64_t tid, std::string_view suffix,
                        std::string_view what)
    {
        const Layout &layout = m_layouts[r];
        metadataEvent("thread_name", layout.pid[t], tid);
        m_w.raw(',').key("args").raw('{').key("name").string(m_runs[r]->threads()[t].name
                                                             + std::string(suffix));
        m_w.raw(',').key(Schema::kOurKey).raw('{').key("run").integer(int64_t(r));
        m_w.raw(',').key(what).integer(int64_t(t)).raw("}}}");
    }

    void sortIndex(int64_t pid, int64_t tid, int64_t index)
    {
        metadataEvent("thread_sort_index", pid, tid);
        m_w.raw(',').key("args").raw('{').key("sort_index").integer(index).raw("}}");
    }

    void spans(size_t r, size_t t)
    {
        const Trace &trace = *m_runs[r];
        const ThreadSpans &spans = trace.spansOf(t);
        for (const SpanNesting::Piece &piece : SpanNesting::pieces(spans)) {
            // Out-of-range kinds (damaged input) read as the last row, a named slice.
            const SpanKindInfo &kind = kindOf(spans.kind[piece.span]);
            event('X');
            m_w.raw(',').key("cat").string(kind.chromeCategory).raw(',').key("name");
            if (!kind.chromeName.empty()) {
                m_w.string(kind.chromeName);
            } else if (kind.kind == SpanKind::Task) {
                m_w.raw("\"task ").integer(spans.task[piece.span]).raw('"');
            } else {
                const uint32_t name = spans.task[piece.span];
                m_w.string(name < trace.spanNames().size()
                               ? std::string_view(trace.spanNames()[name])
                               : std::string_view("slice"));
            }
            lane(m_layouts[r].pid[t], m_layouts[r].tid[t]);
            at(r, piece.begin);
            m_w.raw(',').key("dur").micros(piece.end - piece.begin);
            const bool taskArgs = kind.kind == SpanKind::Task;
            if (taskArgs || piece.continued) {
                m_w.raw(',').key("args").raw('{');
                if (taskArgs) {
                    m_w.key("task").integer(spans.task[piece.span]);
                    m_w.raw(',').key("result").unsignedInteger(spans.result[piece.span]);
                }
                if (piece.continued)
                    m_w.raw(taskArgs ? "," : "").key("continued").raw("true");
                m_w.raw('}');
            }
            m_w.raw('}');
        }
    }

    void states(size_t r, size_t t)
    {
        const ThreadStates &states = m_runs[r]->statesOf(t);
        for (size_t i = 0; i < states.size(); ++i) {
            event('X');
            m_w.raw(',').key("cat").string(Schema::kState);
            m_w.raw(',').key("name").string(threadStateName(states.state[i]));
            lane(m_layouts[r].pid[t], m_layouts[r].stateTid[t]);
            at(r, states.begin[i]);
            m_w.raw(',').key("dur").micros(states.end[i] - states.begin[i]);
            stateArgs(states, i);
            m_w.raw('}');
        }
    }

    void stateArgs(const ThreadStates &states, size_t i)
    {
        if (states.state[i] == ThreadState::Running || states.core[i] != 0)
            m_w.raw(',').key("args").raw('{').key("cpu").integer(states.core[i]).raw('}');
    }

    /// A task lane: one async slice for its life, and its states nested within it.
    void taskStates(size_t r, size_t t)
    {
        const ThreadStates &states = m_runs[r]->statesOf(t);
        if (states.size() == 0)
            return;
        const ThreadInfo &info = m_runs[r]->threads()[t];
        TimeNs begin = std::min(info.begin, states.begin[0]);
        TimeNs end = info.end;
        for (size_t i = 0; i < states.size(); ++i)
            end = std::max(end, states.end[i]);
        asyncEvent('b', r, t, info.name, begin);
        m_w.raw('}');
        for (size_t i = 0; i < states.size(); ++i) {
            const std::string_view name = threadStateName(states.state[i]);
            asyncEvent('b', r, t, name, states.begin[i]);
            stateArgs(states, i);
            m_w.raw('}');
            asyncEvent('e', r, t, name, states.end[i]);
            m_w.raw('}');
        }
        asyncEvent('e', r, t, info.name, end);
        m_w.raw('}');
    }

    /// An async event of task lane `t` (the caller closes it), with the lane's JSON tid for its
    /// id: unique in the file, and process-local so that Perfetto puts the track in the process.
    void asyncEvent(char phase, size_t r, size_t t, std::string_view name, TimeNs time)
    {
        const Layout &layout = m_layouts[r];
        event(phase);
        m_w.raw(',').key("cat").string(Schema::kTaskLane).raw(',').key("name").string(name);
        m_w.raw(',').key("id2").raw('{').key("local").integer(layout.tid[t]).raw('}');
        lane(layout.pid[t], layout.tid[t]);
        at(r, time);
    }

    void waits(size_t r, size_t t)
    {
        const Trace &trace = *m_runs[r];
        const Layout &layout = m_layouts[r];
        const ThreadWaits &waits = trace.waitsOf(t);
        for (size_t i = 0; i < waits.size(); ++i) {
            const uint32_t object = waits.object[i];
            event('X');
            m_w.raw(',').key("cat").string(Schema::kWait).raw(',').key("name");
            m_w.string(object < trace.waitObjects().size()
                           ? std::string_view(trace.waitObjects()[object].name)
                           : std::string_view("wait"));
            lane(layout.pid[t], layout.waitTid[t]);
            at(r, waits.begin[i]);
            m_w.raw(',').key("dur").micros(waits.end[i] - waits.begin[i]);
            m_w.raw(',').key("args").raw('{').key("object").integer(object);
            if (const uint32_t by = waits.endedBy[i]; by < trace.threads().size()) {
                m_w.raw(',').key("endedByPid").integer(layout.pid[by]);
                m_w.raw(',').key("endedByTid").integer(layout.tid[by]);
            }
            m_w.raw("}}");
        }
    }

    void counters(size_t r)
    {
        const Layout &layout = m_layouts[r];
        for (const CounterTrack &counter : m_runs[r]->counters()) {
            const int64_t pid = layout.processes.at(counter.pid);
            for (size_t i = 0; i < counter.size(); ++i) {
                if (!std::isfinite(counter.value[i]))
                    continue; // JSON has no way to write it
                event('C');
                m_w.raw(',').key("cat").string(kindOf(counter.kind).name);
                m_w.raw(',').key("name").string(counter.name);
                lane(pid, pid);
                at(r, counter.time[i]);
                m_w.raw(',').key("args").raw('{').key("value").real(counter.value[i]).raw("}}");
            }
        }
    }

    void markers(size_t r)
    {
        const Trace &trace = *m_runs[r];
        const Layout &layout = m_layouts[r];
        const size_t threads = trace.threads().size();
        for (const Marker &m : trace.markers()) {
            if (m.thread >= threads || m.otherThread >= threads)
                continue; // nothing to attach it to
            const bool handoff = kindOf(m.kind).handoff();
            if (handoff) {
                const int64_t id = m_flowId++;
                event('s');
                m_w.raw(',').key("cat").string(Schema::kHandoff);
                m_w.raw(',').key("name").string(markerKindName(m.kind));
                m_w.raw(',').key("id").integer(id);
                lane(layout.pid[m.otherThread], layout.tid[m.otherThread]);
                at(r, m.sentAt());
                m_w.raw('}');
                event('f');
                m_w.raw(",\"bp\":\"e\"");
                m_w.raw(',').key("cat").string(Schema::kHandoff);
                m_w.raw(',').key("name").string(markerKindName(m.kind));
                m_w.raw(',').key("id").integer(id);
            } else {
                event('i');
                m_w.raw(",\"s\":\"t\"");
                m_w.raw(',').key("cat").string(Schema::kMarker);
                m_w.raw(',').key("name").string(markerKindName(m.kind));
            }
            lane(layout.pid[m.thread], layout.tid[m.thread]);
            at(r, m.time);
            m_w.raw(',').key("args").raw('{').key("core").integer(m.core);
            m_w.raw(',').key("fromCore").integer(m.fromCore);
            if (!handoff) {
                m_w.raw(',').key("otherPid").integer(layout.pid[m.otherThread]);
                m_w.raw(',').key("otherTid").integer(layout.tid[m.otherThread]);
            }
            m_w.raw("}}");
        }
    }

    void cpuLanes(size_t r)
    {
        const Trace &trace = *m_runs[r];
        const Layout &layout = m_layouts[r];
        for (size_t c = 0; c < trace.coreCount(); ++c) {
            // The builder gave each core to one thread at a time; readers checked the threads.
            const CoreSlices &slices = trace.slicesOnCore(c);
            for (size_t i = 0; i < slices.size(); ++i) {
                const uint32_t t = slices.thread[i];
                event('X');
                m_w.raw(',').key("cat").string(Schema::kCpu);
                m_w.raw(',').key("name").string(trace.threads()[t].name);
                lane(layout.cpuPid, layout.cpuTid[c]);
                at(r, slices.begin[i]);
                m_w.raw(',').key("dur").micros(slices.end[i] - slices.begin[i]);
                m_w.raw(',').key("args").raw('{').key("pid").integer(layout.pid[t]);
                m_w.raw(',').key("tid").integer(layout.tid[t]).raw("}}");
            }
            for (const CoreOccupancy::Interval &other : othersOn(layout, c)) {
                event('X');
                m_w.raw(',').key("cat").string(Schema::kCpu);
                m_w.raw(',').key("name").string(kindOf(CoreTime::OtherPrograms).legend);
                lane(layout.cpuPid, layout.cpuTid[c]);
                at(r, other.begin);
                m_w.raw(',').key("dur").micros(other.end - other.begin);
                m_w.raw(',').key("args").raw('{').key("pid").integer(layout.otherTid);
                m_w.raw(',').key("tid").integer(layout.otherTid).raw("}}");
            }
        }
    }

    static std::span<const CoreOccupancy::Interval> othersOn(const Layout &layout, size_t core)
    {
        return core < layout.others.size() ? std::span(layout.others[core])
                                           : std::span<const CoreOccupancy::Interval>();
    }

    /// Two lines per slice at most: the thread comes onto the core (from idle, unless another
    /// thread leaves at that very moment) and leaves it (to idle or to the next thread).
    void schedSwitches(size_t r)
    {
        const Trace &trace = *m_runs[r];
        const Layout &layout = m_layouts[r];
        for (size_t c = 0; c < trace.coreCount(); ++c) {
            // The run's slices and other programs' time in one order (they never overlap).
            struct Held
            {
                TimeNs begin;
                TimeNs end;
                int64_t who; ///< a thread, or kOtherPrograms
            };
            std::vector<Held> held;
            const CoreSlices &slices = trace.slicesOnCore(c);
            for (size_t i = 0; i < slices.size(); ++i)
                held.push_back({slices.begin[i], slices.end[i], int64_t(slices.thread[i])});
            for (const CoreOccupancy::Interval &other : othersOn(layout, c))
                held.push_back({other.begin, other.end, kOtherPrograms});
            std::stable_sort(held.begin(), held.end(),
                             [](const Held &a, const Held &b) { return a.begin < b.begin; });
            for (size_t i = 0; i < held.size(); ++i) {
                const Held &h = held[i];
                if (i == 0 || held[i - 1].end != h.begin)
                    schedSwitch(r, c, h.begin, -1, 'R', h.who);
                const bool toNext = i + 1 < held.size() && held[i + 1].begin == h.end;
                const char left = h.who == kOtherPrograms
                                      ? 'S'
                                      : leaveState(trace.statesOf(size_t(h.who)), h.end);
                schedSwitch(r, c, h.end, h.who, left, toNext ? held[i + 1].who : -1);
                m_w.maybeFlush();
            }
        }
    }

    /// In schedSwitch(): the placeholder that holds a core for other programs.
    static constexpr int64_t kOtherPrograms = -2;

    /// One ftrace text line; thread -1 is the core's idle task.
    void schedSwitch(size_t r, size_t core, TimeNs at, int64_t from, char fromState, int64_t to)
    {
        const Trace &trace = *m_runs[r];
        const Layout &layout = m_layouts[r];
        const auto who = [&](int64_t thread) {
            struct Who
            {
                std::string comm;
                int64_t tid;
                int64_t pid;
            };
            if (thread == kOtherPrograms)
                return Who{"other programs", layout.otherTid, layout.otherTid};
            if (thread < 0)
                return Who{"swapper/" + std::to_string(core), 0, 0};
            return Who{comm(trace.threads()[size_t(thread)].name), layout.tid[size_t(thread)],
                       layout.pid[size_t(thread)]};
        };
        const auto prev = who(from);
        const auto next = who(to);
        const TimeNs t = at + layout.offset;
        char stamp[96];
        std::snprintf(stamp, sizeof stamp, "[%03zu] .... %lld.%09lld: sched_switch: ", core,
                      static_cast<long long>(t / 1'000'000'000),
                      static_cast<long long>(t % 1'000'000'000));
        std::string line = from < 0 ? std::string("<idle>-0 (-----) ")
                                    : prev.comm + "-" + std::to_string(prev.tid) + " ("
                                          + std::to_string(prev.pid) + ") ";
        line += stamp;
        line += "prev_comm=" + prev.comm + " prev_pid=" + std::to_string(prev.tid)
                + " prev_prio=120 prev_state=" + fromState + " ==> next_comm=" + next.comm
                + " next_pid=" + std::to_string(next.tid) + " next_prio=120";
        m_w.escaped(line).raw("\\n");
    }

    std::span<const Trace *const> m_runs;
    const std::optional<SweepLayout> &m_sweep;
    ChromeJsonFlavour m_flavour;
    JsonWriter m_w;
    std::vector<Layout> m_layouts;
    int64_t m_nextId = 1;
    int64_t m_flowId = 1;
    bool m_first = true;
};

} // namespace

void ChromeTraceExporter::write(std::span<const Trace *const> runs,
                                const std::optional<SweepLayout> &sweep, const Output &out) const
{
    Export(runs, sweep, m_flavour, out).run();
}

void ChromeTraceExporter::write(std::span<const Trace> runs,
                                const std::optional<SweepLayout> &sweep, const Output &out) const
{
    write(traceRefs(runs), sweep, out);
}

std::string ChromeTraceExporter::toString(std::span<const Trace> runs,
                                          const std::optional<SweepLayout> &sweep) const
{
    std::string text;
    write(runs, sweep, [&](std::string_view part) { text.append(part); });
    return text;
}

} // namespace corescope
