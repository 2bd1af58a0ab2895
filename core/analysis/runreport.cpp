// SPDX-License-Identifier: MIT
#include "analysis/runreport.h"

#include "analysis/baseline.h"
#include "analysis/runsummary.h"
#include "analysis/sweepresult.h"
#include "trace/coreoccupancy.h"
#include "trace/duration.h"
#include "trace/kinds.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace corescope {
namespace {

template <typename... Args>
std::string format(const char *pattern, Args... args)
{
    char buffer[512];
    std::snprintf(buffer, sizeof(buffer), pattern, args...);
    return buffer;
}

/// `text` left-aligned in `width` columns, counting characters rather than UTF-8 bytes ("µ").
std::string cell(const std::string &text, size_t width)
{
    size_t columns = 0;
    for (unsigned char c : text)
        columns += (c & 0xC0) != 0x80 ? 1 : 0;
    return text + std::string(width > columns ? width - columns : 1, ' ');
}

std::string precisionText(int64_t ns)
{
    return "±" + formatDuration(ns);
}

/// A state's column as the JSON reports name it, in the CLI's hyphenated style: "gil_wait_s"
/// heads "gil-wait", so that the text and the JSON of one run read alike.
std::string reportHeading(const ThreadStateKind &kind)
{
    std::string_view key = kind.jsonKey;
    if (key.ends_with("_s"))
        key.remove_suffix(2);
    std::string heading(key);
    std::replace(heading.begin(), heading.end(), '_', '-');
    return heading;
}

} // namespace

std::string formatRunReport(const Trace &trace)
{
    const TraceMetadata &m = trace.metadata();
    const RunSummary summary = RunSummary::of(trace);
    std::string out;
    // A recorded program has no tasks or results of ours to check, but an exit of its own.
    const bool recorded = m.model == kRecordedModel;
    const auto exit = m.params.find("exit");
    const std::string outcome =
        !m.fromCoreScope() ? "tasks and results " + std::string(kNotRecorded)
        : recorded         ? "program "
                         + (exit != m.params.end() ? exit->second
                                                   : std::string("still running when the "
                                                                 "recording ended"))
                   : format("results %s (%u/%u tasks)", m.resultsOk ? "verified" : "NOT verified",
                            m.tasksDone, m.tasks);
    out += m.title + (recorded || !m.fromCoreScope() ? "" : format(" · %u tasks", m.tasks))
           + (m.cancelled ? " · CANCELLED" : "") + "\n";
    out += format("capture %s (%s)   clock %s   %u cores: %s\n", m.captureMethod.c_str(),
                  precisionText(m.capturePrecisionNs).c_str(), m.clock.c_str(), m.machineCores,
                  m.cpuModel.c_str());
    // What the trace does not hold is said so, not printed as zero.
    const std::string wall = m.wallKnown() ? formatDuration(summary.wall)
                                           : std::string(kNotRecorded) + " (events span "
                                                 + formatDuration(trace.span()) + ")";
    const std::string cpu = trace.sliceCount() > 0 || m.fromCoreScope()
                                ? formatDuration(summary.cpu)
                                : std::string(kNotRecorded) + " (no core data)";
    out += format("wall %s   cpu %s   on-cpu slices %zu   dropped events %llu   %s\n", wall.c_str(),
                  cpu.c_str(), summary.slices, static_cast<unsigned long long>(m.droppedEvents),
                  outcome.c_str());
    const CoreOccupancy occupancy = CoreOccupancy::of(trace);
    for (const auto &problem : runProblems(trace, occupancy))
        out += "problem: " + problem + "\n";

    // Each core's time: this run's, other programs' where the run could tell, idle where the
    // kernel's idle accounting was sampled.
    const bool others = occupancy.inferred() || occupancy.sampled();
    const auto percentOfWall = [&](TimeNs ns) {
        return summary.wall > 0 ? 100.0 * double(ns) / double(summary.wall) : 0;
    };
    out += '\n';
    out += cell("core", 7) + cell("busy", 11) + (others ? cell("busy %", 9) : "busy %")
           + (others ? (occupancy.sampled() ? cell("others %", 10) + "idle %" : "others %") : "")
           + "\n";
    for (const auto &core : summary.cores) {
        out += format("%-6u ", core.core) + cell(formatDuration(core.busy), 11)
               + format("%5.1f %%", percentOfWall(core.busy));
        if (others && core.core < occupancy.cores().size()) {
            const CoreOccupancy::Core &o = occupancy.cores()[core.core];
            out += format("   %5.1f %%", percentOfWall(o.others()));
            if (occupancy.sampled())
                out += format("   %5.1f %%", percentOfWall(o.rest));
        }
        out += '\n';
    }
    if (others)
        out += "others: other programs or the kernel; "
               + std::string(occupancy.inferred() ? "exact where a thread of the run wanted a core"
                                                  : "")
               + (occupancy.inferred() && occupancy.sampled() ? ", else " : "")
               + (occupancy.sampled() ? "from " + m.busySampling + " every "
                                            + formatDuration(m.busySampleIntervalNs)
                                      : std::string("; idle not sampled"))
               + (m.recorderCpuNs >= 0
                      ? "; CoreScope's own recording used " + formatDuration(m.recorderCpuNs)
                            + " of CPU meanwhile, counted among them"
                      : std::string())
               + "\n";

    // Threads, then tasks (lanes that are not OS threads), each with a column per state that
    // matters to it; the last column unpadded.
    std::vector<const RunSummary::Thread *> threads;
    std::vector<const RunSummary::Thread *> tasks;
    for (const auto &thread : summary.threads)
        (trace.threads()[thread.thread].role == ThreadRole::Task ? tasks : threads)
            .push_back(&thread);
    const auto had = [](const std::vector<const RunSummary::Thread *> &rows, ThreadState state) {
        return std::any_of(rows.begin(), rows.end(),
                           [&](const RunSummary::Thread *row) { return row->in(state) > 0; });
    };
    const auto table = [&](const std::vector<const ThreadStateKind *> &columns, std::string line,
                           auto field) {
        for (size_t i = 0; i < columns.size(); ++i)
            line += i + 1 < columns.size() ? cell(field(*columns[i]), 11) : field(*columns[i]);
        return line + "\n";
    };
    // Waiting states every run has, and the others a thread had.
    std::vector<const ThreadStateKind *> waits;
    for (const ThreadStateKind &kind : threadStateKinds()) {
        if (kind.waiting && (kind.everyReport || had(threads, kind.state)))
            waits.push_back(&kind);
    }
    out += '\n';
    out += table(waits, cell("thread", 16) + cell("pid", 9) + cell("tid", 9) + cell("on-cpu", 11),
                 reportHeading);
    for (const RunSummary::Thread *thread : threads) {
        const ThreadInfo &info = trace.threads()[thread->thread];
        out += table(
            waits,
            cell(info.name, 16) + format("%-8d %-8d ", info.pid, info.tid)
                + cell(formatDuration(thread->onCpu), 11),
            [&](const ThreadStateKind &kind) { return formatDuration(thread->in(kind.state)); });
    }
    if (tasks.empty())
        return out;
    // Every state a task had: queued, running on its thread, ready for a busy loop, awaiting.
    std::vector<const ThreadStateKind *> states;
    for (const ThreadStateKind &kind : threadStateKinds()) {
        if (had(tasks, kind.state))
            states.push_back(&kind);
    }
    out += '\n';
    out += table(states, cell("task", 16), reportHeading);
    for (const RunSummary::Thread *task : tasks)
        out += table(
            states, cell(trace.threads()[task->thread].name, 16),
            [&](const ThreadStateKind &kind) { return formatDuration(task->in(kind.state)); });
    return out;
}

std::string formatComparison(const std::vector<const Trace *> &runs)
{
    std::string out = cell("model", 13) + cell("workers", 9) + cell("wall", 11) + cell("cpu", 11)
                      + "speed-up vs serial\n";
    for (const Trace *run : runs) {
        const TraceMetadata &m = run->metadata();
        const Trace *serial = baselineFor(*run, runs);
        const std::string speedup =
            serial && run->duration() > 0
                ? format("%.2f×", double(serial->duration()) / double(run->duration()))
                : std::string("–");
        out += format("%-12s %-8u ", m.model.c_str(), m.workers)
               + cell(formatDuration(run->duration()), 11)
               + cell(formatDuration(RunSummary::of(*run).cpu), 11) + speedup + "\n";
    }
    return out;
}

std::string formatSweepTable(const SweepResult &sweep)
{
    std::string out = cell("model", 11) + cell("workers", 9) + cell("median", 11)
                      + cell("fastest", 11) + cell("slowest", 11) + cell("speed-up", 10)
                      + cell("efficiency", 12) + "Karp–Flatt\n";
    double disturbed = 0;
    for (const auto &p : sweep.points) {
        out += cell(p.model, 11) + cell(std::to_string(p.workers), 9)
               + cell(formatDuration(p.median), 11) + cell(formatDuration(p.fastest), 11)
               + cell(formatDuration(p.slowest), 11)
               + cell(format("%.2f×", p.speedup) + (p.disturbed() ? "!" : ""), 10)
               + cell(format("%.0f %%", 100 * p.efficiency), 12)
               + (std::isnan(p.karpFlatt) ? std::string("–") : format("%.3f", p.karpFlatt)) + "\n";
        disturbed = p.disturbed() ? std::max(disturbed, p.othersShare) : disturbed;
    }
    if (disturbed > 0)
        out += format("! other programs took up to %.0f %% of a core during these points' runs: "
                      "their speed-ups are not comparable\n",
                      100 * disturbed);
    out += "\nAmdahl fit (parallel fraction p):";
    for (const auto &[model, fit] : sweep.fits)
        out += format("  %s p = %.2f", model.c_str(), fit.parallelFraction);
    // Beside it, what the runs themselves show: the share of their CPU time with nothing of
    // the run able to go on beside it, comparable with 1 - p.
    std::string traced;
    for (const auto &[model, share] : sweep.tracedSerial)
        if (share.cpu > 0)
            traced += format("  %s %.2f", model.c_str(), share.fraction());
    if (!traced.empty())
        out += "\nSerial fraction read off the traces (compare 1 - p):" + traced;
    out += sweep.cancelled ? "\n(cancelled: the sweep stopped early)\n" : "\n";
    return out;
}

} // namespace corescope
