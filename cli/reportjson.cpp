// SPDX-License-Identifier: MIT
#include "cli/reportjson.h"

#include "analysis/criticalpath.h"
#include "analysis/runsummary.h"
#include "analysis/sweepresult.h"
#include "analysis/whyquery.h"
#include "qtext/qtext.h"
#include "trace/coreoccupancy.h"
#include "trace/kinds.h"
#include "trace/trace.h"
#include "trace/tracefile.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace corescope::reportjson {
namespace {

double seconds(TimeNs ns)
{
    return double(ns) / 1e9;
}

/// What ran and how it ended: the fields every report of a run shares, under the same keys.
void insertOutcome(QJsonObject &json, const Trace &trace)
{
    const TraceMetadata &m = trace.metadata();
    QJsonObject params;
    for (const auto &[key, value] : m.params)
        params.insert(text(key), text(value));
    QJsonArray problems;
    for (const auto &problem : runProblems(trace))
        problems.append(text(problem));
    json.insert(QStringLiteral("workload"), text(m.workload));
    json.insert(QStringLiteral("model"), text(m.model));
    if (m.recorderCpuNs >= 0)
        json.insert(QStringLiteral("recorder_cpu_s"), seconds(m.recorderCpuNs));
    json.insert(QStringLiteral("workers"), qint64(m.workers));
    // Another tool's trace holds no tasks or results of ours: null, as the style says.
    const bool ours = m.fromCoreScope();
    json.insert(QStringLiteral("tasks"), ours ? QJsonValue(qint64(m.tasks)) : QJsonValue());
    json.insert(QStringLiteral("tasks_done"),
                ours ? QJsonValue(qint64(m.tasksDone)) : QJsonValue());
    json.insert(QStringLiteral("params"), params);
    json.insert(QStringLiteral("capture"),
                QJsonObject{{QStringLiteral("method"), text(m.captureMethod)},
                            {QStringLiteral("precision_s"), seconds(m.capturePrecisionNs)}});
    json.insert(QStringLiteral("clock"), text(m.clock));
    json.insert(QStringLiteral("dropped_events"), qint64(m.droppedEvents));
    json.insert(QStringLiteral("results_ok"), ours ? QJsonValue(m.resultsOk) : QJsonValue());
    json.insert(QStringLiteral("cancelled"), m.cancelled);
    json.insert(QStringLiteral("problems"), problems);
}

QJsonObject threadJson(const ThreadInfo &info, const RunSummary::Thread &thread)
{
    QJsonObject json{
        {QStringLiteral("pid"), info.pid},
        {QStringLiteral("tid"), info.tid},
        {QStringLiteral("name"), text(info.name)},
        {QStringLiteral("role"), text(threadRoleName(info.role))},
        {QStringLiteral("kernel_cpu_s"),
         info.kernelCpuNs >= 0 ? QJsonValue(seconds(info.kernelCpuNs)) : QJsonValue()},
    };
    // One key per row of the kinds table. Time on a core is the sum of the thread's slices
    // (what the core lanes show), which the running state mirrors.
    for (const ThreadStateKind &kind : threadStateKinds()) {
        const TimeNs time =
            kind.state == ThreadState::Running ? thread.onCpu : thread.in(kind.state);
        json.insert(text(kind.jsonKey), seconds(time));
    }
    return json;
}

/// A run as a file describes it: `info`'s view, without the per-thread sums of `run`.
QJsonObject runDescription(const Trace &trace)
{
    const TraceMetadata &m = trace.metadata();
    QJsonObject json{
        {QStringLiteral("title"), text(m.title)},
        {QStringLiteral("thread_count"), qint64(trace.threads().size())},
        {QStringLiteral("core_count"), qint64(trace.coreCount())},
        {QStringLiteral("events"),
         QJsonObject{{QStringLiteral("total"), qint64(trace.eventCount())},
                     {QStringLiteral("slices"), qint64(trace.sliceCount())},
                     {QStringLiteral("states"), qint64(trace.stateCount())},
                     {QStringLiteral("spans"), qint64(trace.spanCount())},
                     {QStringLiteral("markers"), qint64(trace.markers().size())},
                     {QStringLiteral("wait_causes"), qint64(trace.waitCount())},
                     {QStringLiteral("counter_values"), qint64(trace.counterValueCount())}}},
        {QStringLiteral("wall_s"), m.wallKnown() ? QJsonValue(seconds(m.wallNs)) : QJsonValue()},
        // Trace::span(): imported traces, whose wall time may be unknown, still report one.
        {QStringLiteral("span_s"), seconds(trace.span())},
        {QStringLiteral("machine_cores"), qint64(m.machineCores)},
        {QStringLiteral("cpu_model"), text(m.cpuModel)},
        {QStringLiteral("kernel"), text(m.kernel)},
        {QStringLiteral("app_version"), text(m.appVersion)},
        {QStringLiteral("started_unix_s"), double(m.startedUnixMs) / 1e3},
    };
    insertOutcome(json, trace);
    return json;
}

} // namespace

QJsonObject run(const Trace &trace)
{
    const RunSummary summary = RunSummary::of(trace);

    // Other programs' time where the run could tell, and idle time where it sampled the
    // kernel's idle accounting; keys left out where it could not.
    const CoreOccupancy occupancy = CoreOccupancy::of(trace);
    QJsonArray cores;
    for (const auto &core : summary.cores) {
        QJsonObject json{{QStringLiteral("core"), core.core},
                         {QStringLiteral("busy_s"), seconds(core.busy)}};
        if (core.core < occupancy.cores().size()) {
            const CoreOccupancy::Core &o = occupancy.cores()[core.core];
            if (occupancy.inferred() || occupancy.sampled())
                json.insert(QStringLiteral("others_s"), seconds(o.others()));
            if (occupancy.sampled())
                json.insert(QStringLiteral("idle_s"), seconds(o.rest));
        }
        cores.append(json);
    }
    QJsonArray threads;
    for (const auto &thread : summary.threads)
        threads.append(threadJson(trace.threads()[thread.thread], thread));

    const TraceMetadata &m = trace.metadata();
    const bool cpuKnown = trace.sliceCount() > 0 || m.fromCoreScope();
    QJsonObject json{
        {QStringLiteral("wall_s"),
         m.wallKnown() ? QJsonValue(seconds(summary.wall)) : QJsonValue()},
        {QStringLiteral("cpu_s"), cpuKnown ? QJsonValue(seconds(summary.cpu)) : QJsonValue()},
        {QStringLiteral("cores"), cores},
        {QStringLiteral("threads"), threads},
        {QStringLiteral("slices"), qint64(summary.slices)},
    };
    insertOutcome(json, trace);
    return json;
}

QJsonObject sweep(const SweepResult &sweep)
{
    QJsonArray points;
    for (const auto &p : sweep.points) {
        QJsonArray walls;
        for (TimeNs wall : p.walls)
            walls.append(seconds(wall));
        points.append(QJsonObject{
            {QStringLiteral("model"), text(p.model)},
            {QStringLiteral("workers"), int(p.workers)},
            {QStringLiteral("wall_s"), walls},
            {QStringLiteral("median_s"), seconds(p.median)},
            {QStringLiteral("min_s"), seconds(p.fastest)},
            {QStringLiteral("max_s"), seconds(p.slowest)},
            {QStringLiteral("speedup"), p.speedup},
            {QStringLiteral("efficiency"), p.efficiency},
            {QStringLiteral("karp_flatt"),
             std::isnan(p.karpFlatt) ? QJsonValue() : QJsonValue(p.karpFlatt)},
            {QStringLiteral("others_share"), p.othersShare},
            {QStringLiteral("disturbed"), p.disturbed()},
        });
    }
    QJsonObject fits;
    for (const auto &[model, fit] : sweep.fits) {
        const auto traced = sweep.tracedSerial.find(model);
        const bool known = traced != sweep.tracedSerial.end() && traced->second.cpu > 0;
        fits.insert(text(model),
                    QJsonObject{{QStringLiteral("parallel_fraction"), fit.parallelFraction},
                                {QStringLiteral("serial_fraction"), fit.serialFraction()},
                                {QStringLiteral("serial_fraction_traced"),
                                 known ? QJsonValue(traced->second.fraction()) : QJsonValue()},
                                {QStringLiteral("rms_error"), fit.residual}});
    }
    return QJsonObject{{QStringLiteral("workload"), text(sweep.workload)},
                       {QStringLiteral("serial_median_s"), seconds(sweep.serialMedian)},
                       {QStringLiteral("points"), points},
                       {QStringLiteral("amdahl"), fits},
                       {QStringLiteral("cancelled"), sweep.cancelled}};
}

QJsonObject fileInfo(const QString &path, const TraceFile &file, const SweepResult *sweepResult)
{
    const ImportReport &report = file.importReport();
    QJsonArray runs;
    for (const Trace &trace : file.runs())
        runs.append(runDescription(trace));
    QJsonObject skipped;
    for (const auto &[what, n] : report.skipped)
        skipped.insert(text(what), qint64(n));
    QJsonArray warnings;
    for (const auto &warning : report.warnings)
        warnings.append(text(warning));
    return QJsonObject{
        {QStringLiteral("file"), path},
        {QStringLiteral("format"), file.sourceFormat() == TraceFile::Format::Native
                                       ? QStringLiteral("cstrace")
                                       : QStringLiteral("chrome-json")},
        {QStringLiteral("runs"), runs},
        {QStringLiteral("import"),
         QJsonObject{{QStringLiteral("skipped"), skipped},
                     {QStringLiteral("warnings"), warnings},
                     {QStringLiteral("warning_count"), qint64(report.warningCount)},
                     {QStringLiteral("core_data_absent"), report.coreDataAbsent}}},
        {QStringLiteral("sweep"), sweepResult ? QJsonValue(sweep(*sweepResult)) : QJsonValue()},
    };
}

QJsonObject why(const Trace &trace, TimeNs at, const std::vector<LaneCause> &causes)
{
    QJsonArray lanes;
    for (const LaneCause &cause : causes) {
        const bool alive = cause.life == LaneCause::Life::Alive;
        const auto lane = [&](uint32_t thread) {
            return thread == kNoThread ? QJsonValue() : QJsonValue(text(laneName(trace, thread)));
        };
        QJsonObject json{
            {QStringLiteral("lane"), lane(cause.thread)},
            {QStringLiteral("state"), alive ? QJsonValue(text(kindOf(cause.state).name))
                                            : QJsonValue(cause.life == LaneCause::Life::Finished
                                                             ? QStringLiteral("finished")
                                                             : QStringLiteral("not-started"))},
            {QStringLiteral("since_s"), alive ? QJsonValue(seconds(cause.since)) : QJsonValue()},
            {QStringLiteral("waits_for"),
             cause.waitObject && *cause.waitObject < trace.waitObjects().size()
                 ? QJsonValue(text(trace.waitObjects()[*cause.waitObject].name))
                 : QJsonValue()},
            {QStringLiteral("held_by"), lane(cause.holder)},
            {QStringLiteral("sentence"), text(causeSentence(trace, cause, at))},
        };
        if (cause.state == ThreadState::Running && alive)
            json.insert(QStringLiteral("core"), cause.core);
        lanes.append(json);
    }
    return {{QStringLiteral("at_s"), seconds(at)}, {QStringLiteral("lanes"), lanes}};
}

QJsonObject criticalPath(const Trace &trace, const CriticalPath &path, const SerialShare &serial)
{
    QJsonObject byState;
    for (const ThreadStateKind &kind : threadStateKinds())
        byState.insert(text(kind.jsonKey), seconds(path.timeIn(kind.state)));
    QJsonArray segments;
    for (const PathSegment &segment : path.segments())
        segments.append(QJsonObject{{QStringLiteral("lane"), text(laneName(trace, segment.thread))},
                                    {QStringLiteral("begin_s"), seconds(segment.begin)},
                                    {QStringLiteral("end_s"), seconds(segment.end)},
                                    {QStringLiteral("state"), text(kindOf(segment.state).name)}});
    return {
        {QStringLiteral("begin_s"), seconds(path.begin())},
        {QStringLiteral("end_s"), seconds(path.end())},
        {QStringLiteral("length_s"), seconds(path.length())},
        {QStringLiteral("by_state"), byState},
        {QStringLiteral("unshortenable_s"), seconds(path.unshortenable())},
        {QStringLiteral("serial_fraction"),
         serial.cpu > 0 ? QJsonValue(serial.fraction()) : QJsonValue()},
        {QStringLiteral("segments"), segments},
    };
}

} // namespace corescope::reportjson
