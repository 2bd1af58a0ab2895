// SPDX-License-Identifier: MIT
#include "cli/runjson.h"

#include "analysis/runsummary.h"
#include "analysis/sweepresult.h"
#include "trace/trace.h"

#include <QJsonArray>

#include <cmath>

namespace corescope {
namespace {

double seconds(TimeNs ns)
{
    return double(ns) / 1e9;
}

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

QJsonObject runSummaryJson(const Trace &trace)
{
    const TraceMetadata &m = trace.metadata();
    const RunSummary summary = RunSummary::of(trace);

    QJsonObject params;
    for (const auto &[key, value] : m.params)
        params.insert(text(key), text(value));

    QJsonArray cores;
    for (const auto &core : summary.cores)
        cores.append(QJsonObject{{QStringLiteral("core"), core.core},
                                 {QStringLiteral("busy_s"), seconds(core.busy)}});

    QJsonArray threads;
    for (const auto &thread : summary.threads) {
        const ThreadInfo &info = trace.threads()[thread.thread];
        threads.append(QJsonObject{
            {QStringLiteral("pid"), info.pid},
            {QStringLiteral("tid"), info.tid},
            {QStringLiteral("name"), text(info.name)},
            {QStringLiteral("role"), QString::fromLatin1(threadRoleName(info.role).data())},
            {QStringLiteral("on_cpu_s"), seconds(thread.onCpu)},
            {QStringLiteral("kernel_cpu_s"),
             info.kernelCpuNs >= 0 ? QJsonValue(seconds(info.kernelCpuNs)) : QJsonValue()},
            {QStringLiteral("runnable_s"), seconds(thread.in(ThreadState::Runnable))},
            {QStringLiteral("gil_wait_s"), seconds(thread.in(ThreadState::GilWait))},
            {QStringLiteral("lock_wait_s"), seconds(thread.in(ThreadState::LockWait))},
            {QStringLiteral("io_wait_s"), seconds(thread.in(ThreadState::Io))},
            {QStringLiteral("starting_s"), seconds(thread.in(ThreadState::Starting))},
        });
    }

    QJsonArray problems;
    for (const auto &problem : m.problems)
        problems.append(text(problem));

    return QJsonObject{
        {QStringLiteral("workload"), text(m.workload)},
        {QStringLiteral("model"), text(m.model)},
        {QStringLiteral("workers"), int(m.workers)},
        {QStringLiteral("tasks"), int(m.tasks)},
        {QStringLiteral("params"), params},
        {QStringLiteral("wall_s"), seconds(summary.wall)},
        {QStringLiteral("cpu_s"), seconds(summary.cpu)},
        {QStringLiteral("capture"),
         QJsonObject{{QStringLiteral("method"), text(m.captureMethod)},
                     {QStringLiteral("precision_us"), double(m.capturePrecisionNs) / 1e3}}},
        {QStringLiteral("clock"), text(m.clock)},
        {QStringLiteral("cores"), cores},
        {QStringLiteral("threads"), threads},
        {QStringLiteral("slices"), qint64(summary.slices)},
        {QStringLiteral("dropped_events"), qint64(m.droppedEvents)},
        {QStringLiteral("tasks_done"), int(m.tasksDone)},
        {QStringLiteral("results_ok"), m.resultsOk},
        {QStringLiteral("cancelled"), m.cancelled},
        {QStringLiteral("problems"), problems},
    };
}

QJsonObject sweepJson(const SweepResult &sweep)
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
        });
    }
    QJsonObject fits;
    for (const auto &[model, fit] : sweep.fits)
        fits.insert(text(model),
                    QJsonObject{{QStringLiteral("parallel_fraction"), fit.parallelFraction},
                                {QStringLiteral("serial_fraction"), fit.serialFraction()},
                                {QStringLiteral("rms_error"), fit.residual}});
    return QJsonObject{{QStringLiteral("workload"), text(sweep.workload)},
                       {QStringLiteral("serial_median_s"), seconds(sweep.serialMedian)},
                       {QStringLiteral("points"), points},
                       {QStringLiteral("amdahl"), fits},
                       {QStringLiteral("cancelled"), sweep.cancelled}};
}

} // namespace corescope
