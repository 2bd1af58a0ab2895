// SPDX-License-Identifier: MIT
#include "trace/chrometraceassembler.h"

#include "trace/chrometraceschema.h"
#include "trace/kinds.h"
#include "trace/switchreconstruction.h"
#include "trace/tracebuilder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace corescope {
namespace {

using Schema = ChromeTraceSchema;

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
/// More runs or cores than this in a file is damage, not data.
constexpr int64_t kMaxRuns = 10'000;
constexpr int64_t kMaxCores = 65'536;
/// How far back a continued piece looks for the span it continues.
constexpr size_t kContinuationSearch = 16;

enum class LaneRole : uint8_t {
    Thread,
    States,
    Waits,
    Cpu
};

struct OpenSlice
{
    TimeNs begin = 0;
    uint32_t name = 0;
};

/// A slice of one of our task lanes between its `b` and its `e`: a state, or the lane's own.
struct OpenAsyncSlice
{
    TimeNs begin = 0;
    std::string name;
    uint16_t core = 0;
    bool lane = false; ///< the outermost: the lane's own slice, whose life its M event holds
};

struct PendingWait
{
    TimeNs begin = 0;
    TimeNs end = 0;
    int64_t object = 0;   ///< as the file has it, into the run's wait objects
    uint32_t endedBy = 0; ///< the lane of the thread that ended it, or kNone
};

struct LaneSlice
{
    TimeNs begin = 0;
    TimeNs end = 0;
    uint32_t lane = 0; ///< the thread's lane
    uint16_t core = 0;
};

/// The slices of every lane, from sched_switch lines or else from CPU lanes and T events.
struct LaneSwitches
{
    SwitchReconstruction reconstruction;
    std::vector<uint32_t> threadOfLane; ///< the reconstruction's thread of each lane, or kNone
    bool fromSched = false;
    bool any = false; ///< some lane was on a core for some time

    std::span<const SwitchSlice> slicesOf(uint32_t lane) const
    {
        return lane < threadOfLane.size() && threadOfLane[lane] != kNone
                   ? reconstruction.slicesOf(threadOfLane[lane])
                   : std::span<const SwitchSlice>();
    }
};

struct Lane
{
    int64_t pid = 0;
    int64_t tid = 0;
    LaneRole role = LaneRole::Thread;
    bool ours = false;
    uint32_t run = 0;
    uint32_t declared = kNone; ///< ours: thread index, thread of a states track, or core
    ThreadInfo info;
    TimeNs first = std::numeric_limits<TimeNs>::max();
    TimeNs last = std::numeric_limits<TimeNs>::min();
    bool task = false; ///< another tool's async slices of one id, read as a task lane
    std::vector<OpenSlice> open;
    std::vector<OpenAsyncSlice> openAsync; ///< ours, a task lane: its open async slices
    ThreadSpans spans;
    ThreadStates states;
    std::vector<PendingWait> waits;
    std::vector<LaneSlice> slices; ///< Cpu lanes and T events: the core's or thread's slices

    void touch(TimeNs begin, TimeNs end)
    {
        first = std::min(first, begin);
        last = std::max(last, end);
    }
};

struct LaneKey
{
    int64_t pid;
    int64_t tid;
    bool operator==(const LaneKey &) const = default;
};

struct LaneKeyHash
{
    size_t operator()(const LaneKey &key) const
    {
        return std::hash<int64_t>()(key.pid * 0x9E3779B97F4A7C15ll ^ key.tid);
    }
};

struct SchedRecord
{
    TimeNs time;
    uint32_t cpu;
    char prevState;
    int64_t prevTid;
    int64_t nextTid;
};

struct PendingMarker
{
    Marker marker; ///< thread and otherThread are lane indices until finish()
};

/// A process that an `M` event declared one of ours.
struct OurProcess
{
    uint32_t run = 0;
    int32_t pid = 0; ///< the real one
};

/// The values of one counter as the file has them: one per JSON pid, name and kind.
struct PendingCounter
{
    int64_t jsonPid = 0;
    std::string name;
    CounterKind kind = CounterKind::Imported;
    std::vector<std::pair<TimeNs, double>> values;
};

/// A counter track of a run, with its values in time order (the trace's times, not yet shifted).
struct RunCounter
{
    uint32_t run = 0;
    CounterTrack track;
    std::vector<std::pair<TimeNs, double>> values;
};

/// Span names of one run, each stored once.
struct NameTable
{
    std::unordered_map<std::string, uint32_t> index;
    std::vector<std::string> names;

    uint32_t intern(std::string_view name)
    {
        const auto found = index.find(std::string(name));
        if (found != index.end())
            return found->second;
        names.emplace_back(name);
        const auto added = uint32_t(names.size() - 1);
        index.emplace(names.back(), added);
        return added;
    }
};

std::string where(uint64_t index, size_t offset)
{
    return "event #" + std::to_string(index) + " at byte " + std::to_string(offset);
}

/// Nanoseconds as the microseconds a Chrome trace shows: -3000 → "-3", 1500 → "1.5".
std::string micros(TimeNs ns)
{
    std::string text = std::to_string(ns / 1000);
    if (ns < 0 && ns > -1000)
        text = "-0";
    if (const TimeNs fraction = (ns < 0 ? -ns : ns) % 1000) {
        std::string digits = std::to_string(1000 + fraction).substr(1);
        while (digits.back() == '0')
            digits.pop_back();
        text += "." + digits;
    }
    return text;
}

ThreadRole roleNamed(std::string_view name)
{
    for (size_t r = 0; r < size_t(ThreadRole::Count); ++r) {
        if (threadRoleName(ThreadRole(r)) == name)
            return ThreadRole(r);
    }
    return ThreadRole::Worker;
}

int32_t narrowId(int64_t id)
{
    return id >= std::numeric_limits<int32_t>::min() && id <= std::numeric_limits<int32_t>::max()
               ? int32_t(id)
               : 0;
}

/// `times`, `by` earlier.
void shift(Column<TimeNs> &times, TimeNs by)
{
    if (by == 0)
        return;
    Column<TimeNs> shifted;
    shifted.reserve(times.size());
    {
        Column<TimeNs>::Appender out(shifted);
        times.forEachChunk([&](std::span<const TimeNs> chunk) {
            for (TimeNs t : chunk)
                out.push(t - by);
        });
    }
    times = std::move(shifted);
}

} // namespace

struct ChromeTraceAssembler::State
{
    std::string title;
    ImportReport &report;
    std::vector<RunInfo> runs;
    std::string cpuModel;
    std::string kernel;
    uint32_t machineCores = 0;

    std::vector<Lane> lanes;
    std::unordered_map<LaneKey, uint32_t, LaneKeyHash> laneIndex;
    LaneKey lastKey{0, 0};
    uint32_t lastLane = kNone;
    std::unordered_map<uint64_t, uint32_t> declaredThreads; ///< (run, thread index) → lane
    std::unordered_map<std::string, std::pair<uint32_t, TimeNs>> flows;
    std::unordered_map<int64_t, OurProcess> ourProcesses; ///< by JSON pid
    std::unordered_map<std::string, uint32_t> asyncLanes; ///< other tools' async ids → lane
    std::vector<PendingCounter> counters;
    std::unordered_map<std::string, uint32_t> counterIndex;
    std::vector<PendingMarker> markers;
    std::vector<SchedRecord> sched;
    std::unordered_map<int64_t, std::string> commOf;
    std::unordered_map<int64_t, int64_t> tgidOf;
    std::unordered_set<int64_t> placeholderTids; ///< other programs on our CPU tracks
    std::vector<NameTable> names;
    TimeNs earliest = std::numeric_limits<TimeNs>::max();
    TimeNs latest = std::numeric_limits<TimeNs>::min();

    State(std::string t, ImportReport &r)
        : title(std::move(t))
        , report(r)
    {
    }

    /// Takes [begin, end] into the file's extent, unless that would stretch it beyond what an
    /// export can write (Schema::kMaxTimeNs): then false, and the caller skips the event.
    [[nodiscard]] bool note(TimeNs begin, TimeNs end)
    {
        const TimeNs low = std::min(earliest, begin);
        const TimeNs high = std::max(latest, end);
        if (high - low > Schema::kMaxTimeNs)
            return false;
        earliest = low;
        latest = high;
        return true;
    }

    NameTable &namesOf(uint32_t run)
    {
        if (names.size() <= run)
            names.resize(size_t(run) + 1);
        return names[run];
    }

    /// The lane of one of our threads at (pid, tid), or kNone; never adds one.
    uint32_t ourThreadLane(int64_t pid, int64_t tid) const
    {
        const auto found = laneIndex.find({pid, tid});
        if (found == laneIndex.end())
            return kNone;
        const Lane &lane = lanes[found->second];
        return lane.ours && lane.role == LaneRole::Thread ? found->second : kNone;
    }

    uint32_t laneOf(int64_t pid, int64_t tid)
    {
        const LaneKey key{pid, tid};
        if (lastLane != kNone && key == lastKey)
            return lastLane;
        auto [found, added] = laneIndex.emplace(key, uint32_t(lanes.size()));
        if (added) {
            Lane lane;
            lane.pid = pid;
            lane.tid = tid;
            lane.info.pid = narrowId(pid);
            lane.info.tid = narrowId(tid);
            lanes.push_back(std::move(lane));
        }
        lastKey = key;
        lastLane = found->second;
        return lastLane;
    }

    void metadataEvent(const ChromeTraceEvent &e, uint64_t index, size_t offset)
    {
        if (e.name == "thread_name") {
            const uint32_t l = laneOf(e.pid.value, e.tid.value);
            lanes[l].info.name = std::string(e.argName);
            if (e.ours)
                declare(l, e, index, offset);
        } else if (e.name == "process_name") {
            if (e.ours)
                declareProcess(e, index, offset);
        } else if (e.name != "process_sort_index" && e.name != "thread_sort_index"
                   && e.name != "process_labels" && e.name != "process_uptime_seconds"
                   && e.name != "num_cpus") {
            report.skip("metadata events other than names ('M' " + std::string(e.name) + ")");
        }
    }

    /// The run an `M` event of ours names, or nothing (and a warning) for one out of range.
    std::optional<uint32_t> runOf(const ChromeTraceEvent &e, std::string_view what, uint64_t index,
                                  size_t offset)
    {
        const int64_t run = e.ourRun.present ? e.ourRun.value : 0;
        if (run >= 0 && run < kMaxRuns)
            return uint32_t(run);
        report.warn(where(index, offset) + ": run " + std::to_string(run) + " is out of range; the "
                    + std::string(what) + " is read as another tool's");
        return std::nullopt;
    }

    void declareProcess(const ChromeTraceEvent &e, uint64_t index, size_t offset)
    {
        if (const auto run = runOf(e, "process", index, offset))
            ourProcesses[e.pid.value] = {*run,
                                         narrowId(e.ourPid.present ? e.ourPid.value : e.pid.value)};
    }

    void declare(uint32_t l, const ChromeTraceEvent &e, uint64_t index, size_t offset)
    {
        Lane &lane = lanes[l];
        const auto run = runOf(e, "thread", index, offset);
        if (!run)
            return;
        lane.ours = true;
        lane.run = *run;
        if (e.ourStatesOf.present) {
            lane.role = LaneRole::States;
            lane.declared = uint32_t(std::clamp<int64_t>(e.ourStatesOf.value, 0, kNone - 1));
        } else if (e.ourWaitsOf.present) {
            lane.role = LaneRole::Waits;
            lane.declared = uint32_t(std::clamp<int64_t>(e.ourWaitsOf.value, 0, kNone - 1));
        } else if (e.ourCore.present && e.ourCore.value >= 0 && e.ourCore.value < kMaxCores) {
            lane.role = LaneRole::Cpu;
            lane.declared = uint32_t(e.ourCore.value);
        } else {
            lane.role = LaneRole::Thread;
            lane.declared = uint32_t(std::clamp<int64_t>(e.ourThread.value, 0, kNone - 1));
            if (e.ourPid.present)
                lane.info.pid = narrowId(e.ourPid.value);
            if (e.ourTid.present)
                lane.info.tid = narrowId(e.ourTid.value);
            lane.info.role = roleNamed(e.ourRole);
            lane.info.begin = e.ourBegin.value;
            lane.info.end = e.ourEnd.value;
            lane.info.kernelCpuNs = e.ourKernelCpu.present ? e.ourKernelCpu.value : -1;
            declaredThreads[(uint64_t(*run) << 32) | lane.declared] = l;
        }
    }

    void addSpan(Lane &lane, TimeNs begin, TimeNs end, SpanKind kind, uint32_t task,
                 uint64_t result, bool continued)
    {
        ThreadSpans &s = lane.spans;
        if (continued) {
            // The second piece of a span cut for nesting: find the first and extend it.
            const size_t stop = s.size() > kContinuationSearch ? s.size() - kContinuationSearch : 0;
            for (size_t i = s.size(); i-- > stop;) {
                if (s.end[i] == begin && s.kind[i] == kind && s.task[i] == task
                    && s.result[i] == result) {
                    s.end.edit(i) = std::max(s.end[i], end);
                    return;
                }
            }
        }
        s.begin.push_back(begin);
        s.end.push_back(end);
        s.kind.push_back(kind);
        s.task.push_back(task);
        s.result.push_back(result);
    }

    void complete(const ChromeTraceEvent &e, TimeNs begin, TimeNs end, uint64_t index,
                  size_t offset)
    {
        const uint32_t l = laneOfEvent(e);
        Lane &lane = lanes[l];
        lane.touch(begin, end);
        if (!lane.ours) {
            addSpan(lane, begin, end, SpanKind::Named, namesOf(lane.run).intern(e.name), 0, false);
            return;
        }
        switch (lane.role) {
        case LaneRole::Thread: {
            const std::string_view c = e.category;
            const SpanKind kind = spanKindOfChromeCategory(c).value_or(SpanKind::Named);
            uint32_t task = 0;
            if (kind == SpanKind::Task)
                task = uint32_t(std::clamp<int64_t>(e.task.value, 0, kNone));
            else if (kind == SpanKind::Named)
                task = namesOf(lane.run).intern(e.name);
            addSpan(lane, begin, end, kind, task,
                    kind == SpanKind::Task ? uint64_t(e.result.value) : 0, e.continued);
            break;
        }
        case LaneRole::States: {
            const auto state = threadStateNamed(e.name);
            if (!state) {
                report.warn(where(index, offset) + ": unknown thread state '" + std::string(e.name)
                            + "'; skipped");
                return;
            }
            ThreadStates &s = lane.states;
            s.begin.push_back(begin);
            s.end.push_back(end);
            s.state.push_back(*state);
            s.core.push_back(uint16_t(std::clamp<int64_t>(e.cpu.value, 0, kMaxCores - 1)));
            break;
        }
        case LaneRole::Waits: {
            if (!e.object.present) {
                report.skip("waits that name no wait object");
                return;
            }
            const uint32_t endedBy =
                e.endedByTid.present ? laneOf(e.endedByPid.value, e.endedByTid.value) : kNone;
            lanes[l].waits.push_back({begin, end, e.object.value, endedBy});
            break;
        }
        case LaneRole::Cpu: {
            if (!e.argTid.present) {
                report.skip("CPU slices that name no thread");
                return;
            }
            if (placeholderTids.count(e.argTid.value))
                return; // other programs: the run's figures make them again
            const uint32_t thread = laneOf(e.argPid.value, e.argTid.value);
            if (end > begin)
                lanes[l].slices.push_back({begin, end, thread, uint16_t(lanes[l].declared)});
            break;
        }
        }
    }

    /// A `C` event: one value for each key of its args, on the track of its process and name
    /// (and key, where it has several); the category gives the kind of ours.
    void counter(const ChromeTraceEvent &e, TimeNs time)
    {
        if (e.counterValues.empty()) {
            report.skip("counter events without values");
            return;
        }
        const bool ours = ourProcesses.count(e.pid.value) > 0;
        const CounterKind kind = ours ? counterKindNamed(e.category).value_or(CounterKind::Imported)
                                      : CounterKind::Imported;
        for (const ChromeTraceEvent::CounterValue &value : e.counterValues) {
            if (!value.number) {
                report.skip("counter values that are not numbers");
                continue;
            }
            std::string name(e.name);
            if (e.counterValues.size() > 1)
                name += " " + std::string(value.key);
            std::string key = std::to_string(e.pid.value) + '\0' + char(kind) + name;
            const auto [found, added] = counterIndex.emplace(std::move(key), counters.size());
            if (added)
                counters.push_back({e.pid.value, std::move(name), kind, {}});
            counters[found->second].values.emplace_back(time, value.value);
        }
    }

    /// `b` and `e`: the states of one of our task lanes, or another tool's async slices, one lane
    /// per id (an `id` or `id2.local` within its process, an `id2.global` across them).
    void async(const ChromeTraceEvent &e, TimeNs time, uint64_t index, size_t offset)
    {
        if (const uint32_t l = ourThreadLane(e.pid.value, e.tid.value);
            l != kNone && e.category == Schema::kTaskLane) {
            taskLaneSlice(lanes[l], e, time, index, offset);
            return;
        }
        const bool global = !e.globalId.empty();
        const std::string_view id = global ? e.globalId : !e.localId.empty() ? e.localId : e.flowId;
        if (id.empty()) {
            report.skip("async events without an id");
            return;
        }
        std::string key = std::string(e.category) + '\0' + std::string(id);
        if (!global)
            key += '\0' + std::to_string(e.pid.value);
        auto found = asyncLanes.find(key);
        if (e.phase == 'b' && found == asyncLanes.end()) {
            Lane lane;
            lane.pid = e.pid.value;
            lane.info.pid = narrowId(e.pid.value);
            lane.info.name = e.name.empty() ? std::string("task") : std::string(e.name);
            lane.task = true;
            lanes.push_back(std::move(lane));
            found = asyncLanes.emplace(std::move(key), uint32_t(lanes.size() - 1)).first;
        }
        Lane *lane = found == asyncLanes.end() ? nullptr : &lanes[found->second];
        if (e.phase == 'b') {
            lane->touch(time, time);
            lane->open.push_back({time, namesOf(lane->run).intern(e.name)});
            return;
        }
        // The innermost open slice of that name (or the innermost, for an `e` without a name);
        // other tools' lanes are all of the first run.
        const NameTable &table = namesOf(0);
        const auto matches = [&](const OpenSlice &open) {
            return e.name.empty() || table.names[open.name] == e.name;
        };
        const auto open = lane ? std::find_if(lane->open.rbegin(), lane->open.rend(), matches)
                               : std::vector<OpenSlice>::reverse_iterator();
        if (!lane || open == lane->open.rend()) {
            report.warn(where(index, offset) + ": 'e' without a matching 'b' (id " + std::string(id)
                        + "); skipped");
            return;
        }
        const OpenSlice slice = *open;
        lane->open.erase(std::next(open).base());
        if (time < slice.begin) {
            report.warn(where(index, offset) + ": 'e' before its 'b' (negative duration, id "
                        + std::string(id) + "); skipped");
            return;
        }
        lane->touch(slice.begin, time);
        addSpan(*lane, slice.begin, time, SpanKind::Named, slice.name, 0, false);
    }

    /// Our task lane's async slices: the outermost is the lane's own, the ones within it its
    /// states.
    void taskLaneSlice(Lane &lane, const ChromeTraceEvent &e, TimeNs time, uint64_t index,
                       size_t offset)
    {
        std::vector<OpenAsyncSlice> &open = lane.openAsync;
        if (e.phase == 'b') {
            open.push_back({time, std::string(e.name),
                            uint16_t(std::clamp<int64_t>(e.cpu.value, 0, kMaxCores - 1)),
                            open.empty()});
            return;
        }
        const auto found = std::find_if(open.rbegin(), open.rend(), [&](const OpenAsyncSlice &s) {
            return e.name.empty() || s.name == e.name;
        });
        const std::string lanePlace = std::to_string(lane.pid) + "/" + std::to_string(lane.tid);
        if (found == open.rend()) {
            report.warn(where(index, offset) + ": 'e' without a matching 'b' on task lane "
                        + lanePlace + "; skipped");
            return;
        }
        const OpenAsyncSlice slice = std::move(*found);
        open.erase(std::next(found).base());
        if (time < slice.begin) {
            report.warn(where(index, offset)
                        + ": 'e' before its 'b' (negative duration) on task lane " + lanePlace
                        + "; skipped");
            return;
        }
        if (slice.lane)
            return;
        const auto state = threadStateNamed(slice.name);
        if (!state) {
            report.warn(where(index, offset) + ": unknown thread state '" + slice.name
                        + "'; skipped");
            return;
        }
        ThreadStates &s = lane.states;
        s.begin.push_back(slice.begin);
        s.end.push_back(time);
        s.state.push_back(*state);
        s.core.push_back(slice.core);
    }

    void add(const ChromeTraceEvent &e, uint64_t index, size_t offset)
    {
        if (!e.badField.empty()) {
            report.warn(where(index, offset) + ": '" + std::string(e.badField)
                        + "' has the wrong type; skipped");
            return;
        }
        if (e.phase == 'M') {
            metadataEvent(e, index, offset);
            return;
        }
        switch (e.phase) {
        case 'X':
        case 'B':
        case 'E':
        case 'T':
        case 'i':
        case 'I':
        case 's':
        case 't':
        case 'f':
        case 'C':
        case 'b':
        case 'e':
            break;
        case 'n':
            report.skip("async instant events (phase n)");
            return;
        case 0:
            report.skip("events without a phase");
            return;
        default:
            report.skip(std::string("events of phase '") + e.phase + "'");
            return;
        }
        if (!e.hasTs) {
            report.warn(where(index, offset) + ": an '" + std::string(1, e.phase)
                        + "' event without 'ts'; skipped");
            return;
        }
        if (e.timeOutOfRange) {
            report.warn(where(index, offset) + ": a time out of range; skipped");
            return;
        }
        const TimeNs dur = e.hasDur ? e.dur : 0;
        if (dur < 0) {
            report.warn(where(index, offset) + ": negative duration (" + micros(dur)
                        + " µs); skipped");
            return;
        }
        const TimeNs begin = e.ts;
        const TimeNs end = begin + dur;
        if (!note(begin, end)) {
            report.warn(where(index, offset)
                        + ": more than 104 days from the file's other events; skipped");
            return;
        }
        switch (e.phase) {
        case 'X':
            if (!e.hasDur) {
                report.skip("'X' events without 'dur'");
                return;
            }
            complete(e, begin, end, index, offset);
            return;
        case 'C':
            counter(e, begin);
            return;
        case 'b':
        case 'e':
            async(e, begin, index, offset);
            return;
        case 'B': {
            Lane &lane = lanes[laneOfEvent(e)];
            lane.touch(begin, begin);
            lane.open.push_back({begin, namesOf(lane.run).intern(e.name)});
            return;
        }
        case 'E': {
            Lane &lane = lanes[laneOfEvent(e)];
            if (lane.open.empty()) {
                report.warn(where(index, offset) + ": 'E' without a matching 'B' on thread "
                            + std::to_string(lane.pid) + "/" + std::to_string(lane.tid)
                            + "; skipped");
                return;
            }
            const OpenSlice slice = lane.open.back();
            lane.open.pop_back();
            if (begin < slice.begin) {
                report.warn(
                    where(index, offset) + ": 'E' before its 'B' (negative duration) on thread "
                    + std::to_string(lane.pid) + "/" + std::to_string(lane.tid) + "; skipped");
                return;
            }
            lane.touch(slice.begin, begin);
            addSpan(lane, slice.begin, begin, SpanKind::Named, slice.name, 0, false);
            return;
        }
        case 'T': {
            if (!e.cpu.present || e.cpu.value < 0 || e.cpu.value >= kMaxCores) {
                report.skip("'T' events without args.cpu");
                return;
            }
            const uint32_t l = laneOfEvent(e);
            lanes[l].touch(begin, end);
            if (end > begin) // a thread on a core for no time is not on it
                lanes[l].slices.push_back({begin, end, l, uint16_t(e.cpu.value)});
            return;
        }
        case 'i':
        case 'I': {
            const uint32_t l = laneOfEvent(e);
            const auto kind = markerKindNamed(e.name);
            if (!lanes[l].ours || e.category != Schema::kMarker || !kind) {
                report.skip("instant events (phases i, I)");
                return;
            }
            Marker m{begin,
                     *kind,
                     l,
                     l,
                     uint16_t(std::clamp<int64_t>(e.core.value, 0, kMaxCores - 1)),
                     uint16_t(std::clamp<int64_t>(e.fromCore.value, 0, kMaxCores - 1))};
            if (e.otherTid.present)
                m.otherThread = laneOf(e.otherPid.value, e.otherTid.value);
            markers.push_back({m});
            return;
        }
        default: { // s, t, f
            const uint32_t l = laneOfEvent(e);
            const auto kind = markerKindNamed(e.name);
            if (!lanes[l].ours || e.category != Schema::kHandoff || !kind || e.phase == 't') {
                report.skip("flow events (phases s, t, f)");
                return;
            }
            const std::string id(e.flowId);
            if (e.phase == 's') {
                flows[id] = {l, begin};
                return;
            }
            const auto start = flows.find(id);
            if (start == flows.end()) {
                report.skip("flow ends without a start");
                return;
            }
            // What was handed over was on its way from the start to the end.
            const TimeNs transit = begin - start->second.second;
            const Marker marker{begin,
                                *kind,
                                l,
                                start->second.first,
                                uint16_t(std::clamp<int64_t>(e.core.value, 0, kMaxCores - 1)),
                                uint16_t(std::clamp<int64_t>(e.fromCore.value, 0, kMaxCores - 1)),
                                transit};
            flows.erase(start);
            if (transit < 0) {
                report.warn(where(index, offset)
                            + ": a hand-off that arrives before it was sent; skipped");
                return;
            }
            markers.push_back({marker});
            return;
        }
        }
    }

    uint32_t laneOfEvent(const ChromeTraceEvent &e)
    {
        const uint32_t l = laneOf(e.pid.value, e.tid.value);
        // Node and others name threads by string instead of a thread_name event.
        if (e.tid.isString && lanes[l].info.name.empty())
            lanes[l].info.name = std::string(e.tid.text);
        return l;
    }

    void add(const SchedSwitch &change)
    {
        if (change.cpu >= kMaxCores) {
            report.skip("sched_switch lines for CPUs beyond 65535");
            return;
        }
        if (change.time < 0 || change.time > Schema::kMaxTimeNs
            || !note(change.time, change.time)) {
            report.skip("sched_switch lines beyond 104 days or that far from the other events");
            return;
        }
        // Other programs' placeholder holds the CPU for no thread of the run: idle, to it.
        const auto tidOf = [&](int64_t tid) { return placeholderTids.count(tid) ? 0 : tid; };
        sched.push_back({change.time, change.cpu, change.prevState, tidOf(change.prevTid),
                         tidOf(change.nextTid)});
        if (change.prevTid != 0 && !commOf.count(change.prevTid))
            commOf.emplace(change.prevTid, std::string(change.prevComm));
        if (change.nextTid != 0 && !commOf.count(change.nextTid))
            commOf.emplace(change.nextTid, std::string(change.nextComm));
        if (change.lineTgid >= 0 && change.prevTid != 0)
            tgidOf.emplace(change.prevTid, change.lineTgid);
    }

    /// Slices from sched_switch lines: a thread holds a CPU from the switch that brings it in to
    /// the switch that takes it out. Threads get lanes in the order they first ran (by CPU, then
    /// time); one only ever seen leaving a CPU gets none.
    LaneSwitches schedSwitches()
    {
        LaneSwitches out;
        if (sched.empty())
            return out;
        std::unordered_map<int64_t, uint32_t> idOfTid;
        std::vector<int64_t> tidOf;
        const auto id = [&](int64_t tid) {
            if (tid == 0)
                return SwitchReconstruction::kIdle;
            const auto [found, added] = idOfTid.emplace(tid, uint32_t(tidOf.size()));
            if (added)
                tidOf.push_back(tid);
            return found->second;
        };
        SwitchReconstruction &switches = out.reconstruction;
        for (const SchedRecord &r : sched)
            switches.coreSwitch(uint16_t(r.cpu), r.time, id(r.prevTid), id(r.nextTid),
                                SwitchReconstruction::stateAfterSwitchOut(r.prevState));
        sched.clear();
        sched.shrink_to_fit();
        switches.finish(latest);

        struct FirstRun
        {
            uint16_t core;
            TimeNs begin;
            uint32_t id;
        };
        std::vector<FirstRun> ran;
        for (uint32_t t = 0; t < tidOf.size(); ++t) {
            std::optional<FirstRun> first;
            for (const SwitchSlice &slice : switches.slicesOf(t)) {
                const FirstRun here{slice.core, slice.begin, t};
                if (slice.end > slice.begin
                    && (!first
                        || std::tie(here.core, here.begin) < std::tie(first->core, first->begin)))
                    first = here;
            }
            if (first)
                ran.push_back(*first);
        }
        std::sort(ran.begin(), ran.end(), [](const FirstRun &a, const FirstRun &b) {
            return std::tie(a.core, a.begin, a.id) < std::tie(b.core, b.begin, b.id);
        });
        std::unordered_map<int64_t, uint32_t> laneOfTid;
        for (uint32_t l = 0; l < lanes.size(); ++l) {
            if (lanes[l].role == LaneRole::Thread)
                laneOfTid.emplace(lanes[l].tid, l);
        }
        std::vector<std::pair<uint32_t, uint32_t>> laneAndId;
        for (const FirstRun &first : ran) {
            const int64_t tid = tidOf[first.id];
            auto [found, added] = laneOfTid.emplace(tid, uint32_t(lanes.size()));
            if (added) {
                const auto tgid = tgidOf.find(tid);
                const uint32_t l = laneOf(tgid == tgidOf.end() ? tid : tgid->second, tid);
                found->second = l;
                if (lanes[l].info.name.empty()) {
                    const auto name = commOf.find(tid);
                    lanes[l].info.name = name == commOf.end() ? std::string() : name->second;
                }
            }
            laneAndId.emplace_back(found->second, first.id);
        }
        out.threadOfLane.assign(lanes.size(), kNone);
        for (const auto &[lane, t] : laneAndId)
            out.threadOfLane[lane] = t;
        out.fromSched = out.any = !ran.empty();
        return out;
    }

    /// Slices from CPU lanes (the portable flavour) and T events, as the file has them.
    LaneSwitches laneSwitches()
    {
        LaneSwitches out;
        for (const Lane &lane : lanes) {
            for (const LaneSlice &slice : lane.slices)
                out.reconstruction.addSlice(slice.lane, slice.begin, slice.end, slice.core,
                                            std::nullopt);
            out.any = out.any || !lane.slices.empty();
        }
        out.reconstruction.finish(latest);
        out.threadOfLane.resize(lanes.size());
        for (uint32_t l = 0; l < lanes.size(); ++l)
            out.threadOfLane[l] = l;
        return out;
    }

    TraceMetadata foreignMetadata(bool coreData) const
    {
        TraceMetadata m;
        m.title = title;
        m.captureMethod = coreData ? "imported Chrome trace (cores from the trace)"
                                   : "imported Chrome trace (no core data)";
        m.clock = "unknown";
        m.cpuModel = cpuModel;
        m.kernel = kernel;
        m.machineCores = machineCores;
        return m; // no tasks, no results: TraceMetadata::fromCoreScope() says so
    }

    /// The thread of run `lane.run` that companion track `lane` (of `what`) names, or kNone with
    /// a warning. It must still be a thread of the run (a later M may have redeclared it).
    uint32_t declaredThread(const Lane &lane, const std::vector<uint32_t> &threadOf,
                            std::string_view what)
    {
        const auto target = declaredThreads.find((uint64_t(lane.run) << 32) | lane.declared);
        if (target == declaredThreads.end() || lanes[target->second].role != LaneRole::Thread
            || lanes[target->second].run != lane.run || threadOf[target->second] == kNone) {
            report.warn("a " + std::string(what) + " track names thread "
                        + std::to_string(lane.declared) + " of run " + std::to_string(lane.run + 1)
                        + ", which the file does not have");
            return kNone;
        }
        return threadOf[target->second];
    }

    /// Run `r`'s wait objects, in the order its metadata lists them, and the causes of waits from
    /// its waits tracks.
    void addWaits(TraceBuilder &builder, size_t r, TimeNs by, const std::vector<uint32_t> &threadOf)
    {
        std::vector<uint32_t> objectOf; // the metadata's index → the builder's (it merges repeats)
        if (r < runs.size()) {
            for (const std::optional<WaitObject> &object : runs[r].waitObjects)
                objectOf.push_back(object ? builder.addWaitObject(*object) : kNone);
        }
        for (Lane &lane : lanes) {
            if (lane.role != LaneRole::Waits || lane.run != r || lane.waits.empty())
                continue;
            const uint32_t t = declaredThread(lane, threadOf, "waits");
            if (t == kNone)
                continue;
            ThreadWaits waits;
            for (const PendingWait &wait : lane.waits) {
                if (wait.object < 0 || size_t(wait.object) >= objectOf.size()
                    || objectOf[size_t(wait.object)] == kNone) {
                    report.skip("waits for wait objects the run does not have");
                    continue;
                }
                uint32_t endedBy = kNoThread;
                if (wait.endedBy != kNone) {
                    if (lanes[wait.endedBy].run == r && threadOf[wait.endedBy] != kNone)
                        endedBy = threadOf[wait.endedBy];
                    else
                        report.skip("waits ended by a thread the run does not have (read as "
                                    "ended by nobody)");
                }
                waits.begin.push_back(wait.begin - by);
                waits.end.push_back(wait.end - by);
                waits.object.push_back(objectOf[size_t(wait.object)]);
                waits.endedBy.push_back(endedBy);
            }
            builder.addWaits(t, std::move(waits));
        }
    }

    /// The counter tracks of every run: the file's, given to the run of their process (ours) or
    /// to the first, in the order they first appear and with their values in time order. Two of
    /// the file's that come to the same run, process, name and kind are one track.
    std::vector<RunCounter> runCounters()
    {
        std::vector<RunCounter> out;
        std::map<std::tuple<uint32_t, int32_t, std::string, CounterKind>, size_t> index;
        for (PendingCounter &pending : counters) {
            const auto process = ourProcesses.find(pending.jsonPid);
            const OurProcess where = process != ourProcesses.end()
                                         ? process->second
                                         : OurProcess{0, narrowId(pending.jsonPid)};
            const auto [found, added] = index.emplace(
                std::tuple{where.run, where.pid, pending.name, pending.kind}, out.size());
            if (added)
                out.push_back(
                    {where.run, {std::move(pending.name), pending.kind, where.pid, {}, {}}, {}});
            auto &values = out[found->second].values;
            values.insert(values.end(), pending.values.begin(), pending.values.end());
        }
        for (RunCounter &counter : out)
            std::stable_sort(counter.values.begin(), counter.values.end(),
                             [](const auto &a, const auto &b) { return a.first < b.first; });
        return out;
    }

    std::vector<Trace> finish()
    {
        for (Lane &lane : lanes) {
            if (!lane.open.empty())
                report.skip(lane.task ? "'b' events never closed (they end with the trace)"
                                      : "'B' events never closed (they end with the trace)",
                            lane.open.size());
            if (!lane.openAsync.empty())
                report.skip("task lane slices never closed ('b' without 'e'); skipped",
                            lane.openAsync.size());
        }
        if (!flows.empty())
            report.skip("hand-off flows that never end", flows.size());
        LaneSwitches switches = schedSwitches();
        if (!switches.fromSched) // no sched_switch lines: the portable flavour's CPU lanes, or T
            switches = laneSwitches();
        std::vector<RunCounter> counterTracks = runCounters();

        int64_t runCount = std::max<int64_t>(int64_t(runs.size()), 1);
        for (const Lane &lane : lanes)
            runCount = std::max<int64_t>(runCount, int64_t(lane.run) + 1);
        for (const RunCounter &counter : counterTracks)
            runCount = std::max<int64_t>(runCount, int64_t(counter.run) + 1);
        const bool ours = !runs.empty();
        // Each run's times start at its offset (ours) or at the earliest event (theirs).
        std::vector<TimeNs> origin(size_t(runCount), 0);
        for (size_t r = 0; r < origin.size(); ++r)
            origin[r] = r < runs.size()                                  ? runs[r].offset
                        : earliest == std::numeric_limits<TimeNs>::max() ? 0
                                                                         : earliest;
        if (!ours && earliest != std::numeric_limits<TimeNs>::max())
            origin[0] = earliest;

        // Threads: every Thread lane, in the order the file named them.
        std::vector<uint32_t> threadOf(lanes.size(), kNone);
        std::vector<std::vector<uint32_t>> threadsOfRun{size_t(runCount)};
        for (uint32_t l = 0; l < lanes.size(); ++l) {
            if (lanes[l].role != LaneRole::Thread)
                continue;
            auto &list = threadsOfRun[lanes[l].run];
            threadOf[l] = uint32_t(list.size());
            list.push_back(l);
        }

        std::vector<Trace> traces;
        for (size_t r = 0; r < size_t(runCount); ++r) {
            const TimeNs by = origin[r];
            size_t cores = r < runs.size() ? runs[r].cores : 0;
            for (uint32_t l = 0; l < lanes.size(); ++l) {
                if (lanes[l].run != r)
                    continue;
                for (const SwitchSlice &s : switches.slicesOf(l)) {
                    if (s.end > s.begin)
                        cores = std::max<size_t>(cores, size_t(s.core) + 1);
                }
            }
            TraceBuilder builder(cores);
            TraceMetadata metadata =
                r < runs.size() ? runs[r].metadata : foreignMetadata(switches.any);
            if (!ours && metadata.wallNs == 0 && latest >= earliest)
                metadata.wallNs = latest - earliest;
            builder.metadata() = std::move(metadata);
            if (r < runs.size()) {
                for (const RunInfo::BusySample &sample : runs[r].busySamples)
                    builder.addBusySample(sample.core, sample.begin, sample.end, sample.busy);
            }
            if (r < names.size()) {
                for (std::string &name : names[r].names)
                    builder.addSpanName(std::move(name));
            }
            for (uint32_t l : threadsOfRun[r]) {
                Lane &lane = lanes[l];
                ThreadInfo info = lane.info;
                if (!lane.ours) {
                    if (info.name.empty())
                        info.name = "thread " + std::to_string(lane.tid);
                    info.role = lane.task ? ThreadRole::Task : ThreadRole::Worker;
                    info.begin =
                        lane.first == std::numeric_limits<TimeNs>::max() ? 0 : lane.first - by;
                    info.end = lane.last == std::numeric_limits<TimeNs>::min() ? 0 : lane.last - by;
                }
                const uint32_t t = builder.addThread(std::move(info));
                // B events still open end with the thread.
                for (const OpenSlice &open : lane.open)
                    addSpan(lane, open.begin, std::max(open.begin, lane.last), SpanKind::Named,
                            open.name, 0, false);
                shift(lane.spans.begin, by);
                shift(lane.spans.end, by);
                builder.addSpans(t, std::move(lane.spans));
            }
            // Thread states from the states tracks, and our task lanes' own.
            std::vector<bool> hasStates(threadsOfRun[r].size(), false);
            for (uint32_t l = 0; l < lanes.size(); ++l) {
                Lane &lane = lanes[l];
                if (lane.run != r || lane.states.size() == 0)
                    continue;
                const uint32_t t = lane.role == LaneRole::States
                                       ? declaredThread(lane, threadOf, "states")
                                   : lane.role == LaneRole::Thread ? threadOf[l]
                                                                   : kNone;
                if (t == kNone)
                    continue;
                shift(lane.states.begin, by);
                shift(lane.states.end, by);
                builder.addStates(t, std::move(lane.states));
                hasStates[t] = true;
            }
            addWaits(builder, r, by, threadOf);
            // Slices, and for other tools' threads the states their switches imply.
            for (uint32_t l : threadsOfRun[r]) {
                if (l >= switches.threadOfLane.size() || switches.threadOfLane[l] == kNone)
                    continue;
                const uint32_t t = threadOf[l];
                const uint32_t from = switches.threadOfLane[l];
                switches.reconstruction.addSlicesTo(builder, from, t, by);
                // Our own threads' migrations are in the file, as markers made by the same
                // reconstruction when the run was recorded; other tools' threads get theirs here.
                if (!lanes[l].ours)
                    switches.reconstruction.addMigrationsTo(builder, from, t, by);
                if (!hasStates[t] && switches.fromSched && !lanes[l].ours)
                    switches.reconstruction.addStatesTo(builder, from, t, by);
            }
            Column<Marker> runMarkers;
            for (const PendingMarker &pending : markers) {
                Marker m = pending.marker;
                if (lanes[m.thread].run != r)
                    continue;
                if (threadOf[m.thread] == kNone || threadOf[m.otherThread] == kNone
                    || lanes[m.otherThread].run != r) {
                    report.skip("markers on unknown threads");
                    continue;
                }
                m.time -= by;
                m.thread = threadOf[m.thread];
                m.otherThread = threadOf[m.otherThread];
                runMarkers.push_back(m);
            }
            builder.addMarkers(std::move(runMarkers));
            for (RunCounter &counter : counterTracks) {
                if (counter.run != r)
                    continue;
                const uint32_t c = builder.addCounter(std::move(counter.track));
                for (const auto &[time, value] : counter.values)
                    builder.addCounterValue(c, time - by, value);
            }
            traces.push_back(builder.build());
        }
        report.coreDataAbsent = !switches.any;
        return traces;
    }
};

ChromeTraceAssembler::ChromeTraceAssembler(std::string title, ImportReport &report)
    : m_state(std::make_unique<State>(std::move(title), report))
{
}

ChromeTraceAssembler::~ChromeTraceAssembler() = default;

void ChromeTraceAssembler::setRuns(std::vector<RunInfo> runs)
{
    if (runs.size() > size_t(kMaxRuns))
        runs.resize(size_t(kMaxRuns));
    m_state->runs = std::move(runs);
    for (const RunInfo &run : m_state->runs) {
        if (run.otherProgramsTid > 0)
            m_state->placeholderTids.insert(run.otherProgramsTid);
    }
}

void ChromeTraceAssembler::setMachine(std::string cpuModel, uint32_t cores, std::string kernel)
{
    m_state->cpuModel = std::move(cpuModel);
    m_state->machineCores = cores;
    m_state->kernel = std::move(kernel);
}

void ChromeTraceAssembler::add(const ChromeTraceEvent &event, uint64_t index, size_t offset)
{
    m_state->add(event, index, offset);
}

void ChromeTraceAssembler::add(const SchedSwitch &change)
{
    m_state->add(change);
}

std::vector<Trace> ChromeTraceAssembler::finish()
{
    return m_state->finish();
}

} // namespace corescope
