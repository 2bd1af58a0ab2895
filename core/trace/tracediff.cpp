// SPDX-License-Identifier: MIT
#include "trace/tracediff.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace corescope {
namespace {

template <typename T>
std::string show(const T &value)
{
    if constexpr (std::is_enum_v<T>) {
        return std::to_string(int(value));
    } else if constexpr (std::is_same_v<T, std::string>) {
        return "'" + value + "'";
    } else if constexpr (std::is_same_v<T, bool>) {
        return value ? "true" : "false";
    } else if constexpr (std::is_arithmetic_v<T>) {
        return std::to_string(value);
    } else {
        std::ostringstream text;
        text << value.size() << " items";
        return text.str();
    }
}

/// Collects the first difference; later comparisons are skipped once one is found.
class Differ
{
public:
    template <typename T>
    void field(const std::string &where, const T &a, const T &b)
    {
        if (!m_difference && !(a == b))
            m_difference = where + ": " + show(a) + " vs " + show(b);
    }
    /// A Column or a std::vector.
    template <typename Values>
    void column(const std::string &where, const Values &a, const Values &b)
    {
        if (m_difference)
            return;
        if (a.size() != b.size()) {
            m_difference = where + ": " + std::to_string(a.size()) + " vs "
                           + std::to_string(b.size()) + " rows";
            return;
        }
        for (size_t i = 0; i < a.size(); ++i) {
            if (!(a[i] == b[i])) {
                field(where + "[" + std::to_string(i) + "]", a[i], b[i]);
                return;
            }
        }
    }
    [[nodiscard]] const std::optional<std::string> &difference() const { return m_difference; }

private:
    std::optional<std::string> m_difference;
};

void compareMetadata(Differ &d, const TraceMetadata &a, const TraceMetadata &b)
{
    d.field("title", a.title, b.title);
    d.field("workload", a.workload, b.workload);
    d.field("model", a.model, b.model);
    d.field("workers", a.workers, b.workers);
    d.field("tasks", a.tasks, b.tasks);
    d.field("params", a.params.size(), b.params.size());
    if (a.params.size() == b.params.size()) {
        for (auto i = a.params.begin(), j = b.params.begin(); i != a.params.end(); ++i, ++j) {
            d.field("param key", i->first, j->first);
            d.field("param " + i->first, i->second, j->second);
        }
    }
    d.field("captureMethod", a.captureMethod, b.captureMethod);
    d.field("capturePrecisionNs", a.capturePrecisionNs, b.capturePrecisionNs);
    d.field("clock", a.clock, b.clock);
    d.field("monotonicOriginNs", a.monotonicOriginNs, b.monotonicOriginNs);
    d.field("machineCores", a.machineCores, b.machineCores);
    d.field("cpuModel", a.cpuModel, b.cpuModel);
    d.field("kernel", a.kernel, b.kernel);
    d.field("appVersion", a.appVersion, b.appVersion);
    d.field("startedUnixMs", a.startedUnixMs, b.startedUnixMs);
    d.field("wallNs", a.wallNs, b.wallNs);
    d.field("cancelled", a.cancelled, b.cancelled);
    d.field("droppedEvents", a.droppedEvents, b.droppedEvents);
    d.field("resultsOk", a.resultsOk, b.resultsOk);
    d.field("tasksDone", a.tasksDone, b.tasksDone);
    d.column("problems", a.problems, b.problems);
    d.field("busySampling", a.busySampling, b.busySampling);
    d.field("busySampleIntervalNs", a.busySampleIntervalNs, b.busySampleIntervalNs);
    d.column("allowedCores", a.allowedCores, b.allowedCores);
    d.field("recorderCpuNs", a.recorderCpuNs, b.recorderCpuNs);
}

/// One span with its name resolved, in an order that does not depend on how ties were broken.
using SpanRow = std::tuple<TimeNs, TimeNs, int, uint32_t, std::string, uint64_t>;

std::vector<SpanRow> spanRows(const Trace &trace, size_t thread)
{
    const ThreadSpans &s = trace.spansOf(thread);
    std::vector<SpanRow> rows;
    rows.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const bool named = s.kind[i] == SpanKind::Named && s.task[i] < trace.spanNames().size();
        rows.emplace_back(s.begin[i], s.end[i], int(s.kind[i]), named ? 0u : s.task[i],
                          named ? trace.spanNames()[s.task[i]] : std::string(), s.result[i]);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::string describe(const SpanRow &row)
{
    std::ostringstream text;
    text << '[' << std::get<0>(row) << ", " << std::get<1>(row) << ") kind " << std::get<2>(row)
         << " task " << std::get<3>(row) << " '" << std::get<4>(row) << "' result "
         << std::get<5>(row);
    return text.str();
}

} // namespace

std::optional<std::string> TraceDiff::firstDifference(const TraceMetadata &a,
                                                      const TraceMetadata &b)
{
    Differ d;
    compareMetadata(d, a, b);
    return d.difference();
}

std::optional<std::string> TraceDiff::firstDifference(const Trace &a, const Trace &b)
{
    Differ d;
    compareMetadata(d, a.metadata(), b.metadata());
    d.field("threads", a.threads().size(), b.threads().size());
    for (size_t t = 0; t < a.threads().size() && !d.difference(); ++t) {
        const ThreadInfo &x = a.threads()[t];
        const ThreadInfo &y = b.threads()[t];
        const std::string where = "thread " + std::to_string(t);
        d.field(where + " pid", x.pid, y.pid);
        d.field(where + " tid", x.tid, y.tid);
        d.field(where + " name", x.name, y.name);
        d.field(where + " role", x.role, y.role);
        d.field(where + " begin", x.begin, y.begin);
        d.field(where + " end", x.end, y.end);
        d.field(where + " kernelCpuNs", x.kernelCpuNs, y.kernelCpuNs);
        const std::string states = where + " states.";
        d.column(states + "begin", a.statesOf(t).begin, b.statesOf(t).begin);
        d.column(states + "end", a.statesOf(t).end, b.statesOf(t).end);
        d.column(states + "state", a.statesOf(t).state, b.statesOf(t).state);
        d.column(states + "core", a.statesOf(t).core, b.statesOf(t).core);
        const std::string waits = where + " waits.";
        d.column(waits + "begin", a.waitsOf(t).begin, b.waitsOf(t).begin);
        d.column(waits + "end", a.waitsOf(t).end, b.waitsOf(t).end);
        d.column(waits + "object", a.waitsOf(t).object, b.waitsOf(t).object);
        d.column(waits + "endedBy", a.waitsOf(t).endedBy, b.waitsOf(t).endedBy);
        // Spans that begin together may come in either order; compare them as sets.
        const auto rowsA = spanRows(a, t);
        const auto rowsB = spanRows(b, t);
        d.field(where + " spans", rowsA.size(), rowsB.size());
        for (size_t i = 0; i < rowsA.size() && i < rowsB.size() && !d.difference(); ++i) {
            if (rowsA[i] != rowsB[i])
                d.field(where + " span " + std::to_string(i), describe(rowsA[i]),
                        describe(rowsB[i]));
        }
    }
    d.field("cores", a.coreCount(), b.coreCount());
    for (size_t c = 0; c < a.coreCount() && !d.difference(); ++c) {
        const std::string where = "core " + std::to_string(c) + " slices.";
        d.column(where + "begin", a.slicesOnCore(c).begin, b.slicesOnCore(c).begin);
        d.column(where + "end", a.slicesOnCore(c).end, b.slicesOnCore(c).end);
        d.column(where + "thread", a.slicesOnCore(c).thread, b.slicesOnCore(c).thread);
    }
    d.field("markers", a.markers().size(), b.markers().size());
    for (size_t i = 0; i < a.markers().size() && !d.difference(); ++i) {
        const Marker &x = a.markers()[i];
        const Marker &y = b.markers()[i];
        if (x.time == y.time && x.kind == y.kind && x.thread == y.thread
            && x.otherThread == y.otherThread && x.core == y.core && x.fromCore == y.fromCore
            && x.transit == y.transit)
            continue;
        const std::string where = "marker " + std::to_string(i);
        d.field(where + " time", x.time, y.time);
        d.field(where + " kind", x.kind, y.kind);
        d.field(where + " thread", x.thread, y.thread);
        d.field(where + " otherThread", x.otherThread, y.otherThread);
        d.field(where + " core", x.core, y.core);
        d.field(where + " fromCore", x.fromCore, y.fromCore);
        d.field(where + " transit", x.transit, y.transit);
    }
    d.field("wait objects", a.waitObjects().size(), b.waitObjects().size());
    for (size_t i = 0; i < a.waitObjects().size() && !d.difference(); ++i) {
        const std::string where = "wait object " + std::to_string(i);
        d.field(where + " kind", a.waitObjects()[i].kind, b.waitObjects()[i].kind);
        d.field(where + " name", a.waitObjects()[i].name, b.waitObjects()[i].name);
    }
    for (size_t c = 0; c < a.coreCount() && c < b.coreCount() && !d.difference(); ++c) {
        const std::string where = "core " + std::to_string(c) + " busy samples";
        d.column(where + " begin", a.busySamplesOf(c).begin, b.busySamplesOf(c).begin);
        d.column(where + " end", a.busySamplesOf(c).end, b.busySamplesOf(c).end);
        d.column(where + " busy", a.busySamplesOf(c).busy, b.busySamplesOf(c).busy);
    }
    d.field("counters", a.counters().size(), b.counters().size());
    for (size_t i = 0; i < a.counters().size() && !d.difference(); ++i) {
        const CounterTrack &x = a.counters()[i];
        const CounterTrack &y = b.counters()[i];
        const std::string where = "counter " + std::to_string(i);
        d.field(where + " name", x.name, y.name);
        d.field(where + " kind", x.kind, y.kind);
        d.field(where + " pid", x.pid, y.pid);
        d.column(where + " time", x.time, y.time);
        d.column(where + " value", x.value, y.value);
    }
    return d.difference();
}

} // namespace corescope
