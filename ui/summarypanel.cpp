// SPDX-License-Identifier: MIT
#include "summarypanel.h"

#include "analysis/baseline.h"
#include "analysis/runsummary.h"
#include "qtext/qtext.h"
#include "trace/coreoccupancy.h"
#include "trace/duration.h"
#include "trace/kinds.h"

#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

namespace corescope {
namespace {

/// How often a playing replay's figures are shown anew.
constexpr int kReplayUpdateMs = 100;

QString duration(TimeNs ns)
{
    return text(formatDuration(ns));
}

QString percent(TimeNs part, TimeNs whole)
{
    return whole > 0 ? QStringLiteral("%1 %").arg(100.0 * double(part) / double(whole), 0, 'f', 1)
                     : QStringLiteral("–");
}

/// Each thread's time per state: a column per waiting state of the kinds table. A wait column
/// that is zero for every thread is left out and named below the table instead, so the table
/// fits a side panel and what is absent still shows. Tasks of a loop or pool are not threads:
/// they get a table of their own, with their time on their thread for running.
QString threadTable(const Trace &run, const RunSummary &summary)
{
    // Time on a core comes from the slices; a file without core data has none to sum.
    const bool onCpuKnown = run.sliceCount() > 0 || run.metadata().fromCoreScope();
    std::vector<const RunSummary::Thread *> threads;
    std::vector<const RunSummary::Thread *> tasks;
    for (const auto &thread : summary.threads)
        (run.threads()[thread.thread].role == ThreadRole::Task ? tasks : threads)
            .push_back(&thread);
    const auto anyIn = [](const std::vector<const RunSummary::Thread *> &rows, ThreadState state) {
        return std::any_of(rows.begin(), rows.end(),
                           [state](const RunSummary::Thread *row) { return row->in(state) > 0; });
    };
    const auto table = [&](const QString &heading, const QString &who,
                           const std::vector<const RunSummary::Thread *> &rows, bool ofTasks,
                           QStringList *absent) {
        std::vector<const ThreadStateKind *> shown;
        for (const ThreadStateKind &kind : threadStateKinds()) {
            if (!kind.waiting)
                continue;
            if (anyIn(rows, kind.state))
                shown.push_back(&kind);
            else if (absent && !kind.awaited.empty())
                *absent << htmlText(kind.awaited);
        }
        QString html = QStringLiteral("<h4>%1</h4><table cellspacing=4><tr><th align=left>%2</th>"
                                      "<th align=right>%3</th>")
                           .arg(heading, who, SummaryPanel::tr("running"));
        for (const ThreadStateKind *kind : shown)
            html += QStringLiteral("<th align=right>%1</th>").arg(htmlText(kind->column));
        html += QStringLiteral("</tr>");
        for (const RunSummary::Thread *row : rows) {
            const TimeNs running = ofTasks ? row->in(ThreadState::TaskRunning) : row->onCpu;
            html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td>")
                        .arg(htmlText(run.threads()[row->thread].name),
                             ofTasks || onCpuKnown ? duration(running) : htmlText(kNotRecorded));
            for (const ThreadStateKind *kind : shown)
                html +=
                    QStringLiteral("<td align=right>%1</td>").arg(duration(row->in(kind->state)));
            html += QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
        return html;
    };

    QStringList absent;
    QString html =
        table(SummaryPanel::tr("Threads"), SummaryPanel::tr("thread"), threads, false, &absent);
    if (!absent.isEmpty() && !threads.empty()) {
        const QString last = absent.takeLast();
        const QString list =
            absent.isEmpty()
                ? last
                : SummaryPanel::tr("%1 or %2").arg(absent.join(QStringLiteral(", ")), last);
        html += SummaryPanel::tr("<p>No thread waited for %1.</p>").arg(list);
    }
    // Named "task lanes", not "tasks": the run's tasks done are counted above.
    if (!tasks.empty())
        html +=
            table(SummaryPanel::tr("Task lanes"), SummaryPanel::tr("task"), tasks, true, nullptr);
    return html;
}

/// The figures up to a replay's playhead: the time so far, each core's busy time and each
/// thread's time per state. How the run ended (its speed-up, tasks, results, other programs'
/// share) is for the end of it.
QString partialHtml(const Trace &run, const RunSummary &summary, TimeNs upTo)
{
    QString html =
        SummaryPanel::tr("<p>Up to the playhead at <b>%1</b>: the figures so far. The run's "
                         "speed-up, tasks and results are told at its end.</p>")
            .arg(duration(upTo));
    html += QStringLiteral("<table cellspacing=4>");
    // Not "of" the wall time: in predict mode that is what the class is to guess.
    html +=
        SummaryPanel::tr("<tr><td>Elapsed</td><td><b>%1</b></td></tr>").arg(duration(summary.wall));
    html += SummaryPanel::tr("<tr><td>CPU time</td><td><b>%1</b></td></tr></table>")
                .arg(duration(summary.cpu));
    html += SummaryPanel::tr("<h4>Cores</h4><table cellspacing=4><tr><th align=left>core</th>"
                             "<th align=right>busy</th><th align=right>of elapsed</th></tr>");
    for (const auto &core : summary.cores)
        html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td>"
                               "</tr>")
                    .arg(core.core)
                    .arg(duration(core.busy), percent(core.busy, summary.wall));
    html += QStringLiteral("</table>");
    return html + threadTable(run, summary);
}

} // namespace

SummaryPanel::SummaryPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("summaryPanel"));
    m_browser = new QTextBrowser(this);
    m_browser->setOpenLinks(false);
    // A figure or a thread name broken over two lines is misread; scroll sideways instead.
    m_browser->document()->setDefaultStyleSheet(QStringLiteral("td, th { white-space: nowrap; }"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    m_showSoon = new QTimer(this);
    m_showSoon->setSingleShot(true);
    m_showSoon->setInterval(kReplayUpdateMs);
    connect(m_showSoon, &QTimer::timeout, this, [this] {
        if (std::exchange(m_pending, false)) {
            showFigures();
            m_showSoon->start();
        }
    });
    setRuns({}, -1);
}

void SummaryPanel::setRuns(const std::vector<std::shared_ptr<const Trace>> &runs, int selected)
{
    m_runs = runs;
    m_selected = selected;
    showFigures();
}

void SummaryPanel::setPlayhead(std::optional<TimeNs> playhead)
{
    m_playhead = playhead;
    // The first change shows at once, later ones at most every kReplayUpdateMs.
    if (m_showSoon->isActive()) {
        m_pending = true;
        return;
    }
    showFigures();
    m_showSoon->start();
}

void SummaryPanel::showFigures()
{
    if (m_selected < 0 || size_t(m_selected) >= m_runs.size()) {
        m_shown.reset();
        m_browser->setHtml(tr("<p>No run selected. Run a workload or open a trace.</p>"));
        return;
    }
    const std::shared_ptr<const Trace> &run = m_runs[size_t(m_selected)];
    if (run != m_shown) {
        m_figures = m_shown && sharesEvents(*run, *m_shown)
                        ? RunSummary::of(*run, *m_shown, m_figures)
                        : RunSummary::of(*run);
        m_shown = run;
        m_untilAt.reset();
    }
    const Trace *serial = baselineFor(*run, m_runs);
    if (!m_playhead) {
        m_browser->setHtml(summaryHtml(*run, serial, &m_figures));
        return;
    }
    m_untilFigures = m_untilAt ? RunSummary::until(*run, *m_playhead, m_untilFigures, *m_untilAt)
                               : RunSummary::until(*run, *m_playhead);
    m_untilAt = m_playhead;
    m_browser->setHtml(summaryHtml(*run, serial, &m_untilFigures, m_playhead));
}

QString SummaryPanel::html() const
{
    return m_browser->toHtml();
}

QString SummaryPanel::summaryHtml(const Trace &run, const Trace *serial, const RunSummary *figures,
                                  std::optional<TimeNs> upTo)
{
    const TraceMetadata &m = run.metadata();
    std::optional<RunSummary> own;
    const RunSummary &summary = figures ? *figures : own.emplace(RunSummary::of(run));
    QString html = QStringLiteral("<h3>%1</h3>").arg(htmlText(m.title));
    if (upTo && *upTo < run.extent())
        return html + partialHtml(run, summary, *upTo);
    if (m.cancelled)
        html += tr("<p><b>Cancelled</b>: the trace shows the run up to that moment.</p>");
    html += QStringLiteral("<table cellspacing=4>");
    const auto row = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(label, value);
    };
    // What the trace does not hold is said so, never shown as zero or as verified.
    const QString notRecorded = htmlText(kNotRecorded);
    const bool coreData = run.sliceCount() > 0;
    row(tr("Wall time"),
        m.wallKnown() ? duration(summary.wall)
                      : tr("%1 (the events span %2)").arg(notRecorded, duration(run.span())));
    row(tr("CPU time"), coreData || m.fromCoreScope()
                            ? duration(summary.cpu)
                            : tr("%1 (the file has no core data)").arg(notRecorded));
    if (serial && serial != &run && run.duration() > 0)
        row(tr("Speed-up vs serial"),
            QStringLiteral("%1×").arg(double(serial->duration()) / double(run.duration()), 0, 'f',
                                      2));
    if (!m.fromCoreScope()) {
        row(tr("Tasks"), notRecorded);
        row(tr("Results"), notRecorded);
    } else if (m.model == kRecordedModel) {
        // Another program has no tasks to count or results to check: how it ended says more.
        const auto exit = m.params.find("exit");
        row(tr("Program"), exit == m.params.end() ? tr("still running") : htmlText(exit->second));
    } else {
        row(tr("Tasks"), tr("%1 of %2 done").arg(m.tasksDone).arg(m.tasks));
        row(tr("Results"),
            m.resultsOk ? tr("verified") : tr("<span style='color:#c0392b'>not verified</span>"));
    }
    row(tr("Capture"), m.capturePrecisionNs > 0 ? tr("%1, ±%2").arg(htmlText(m.captureMethod),
                                                                    duration(m.capturePrecisionNs))
                                                : htmlText(m.captureMethod));
    row(tr("Dropped events"), QString::number(m.droppedEvents));
    html += QStringLiteral("</table>");
    // Each core's time: this run's, other programs' where the run could tell, idle where the
    // kernel's idle accounting was sampled.
    const CoreOccupancy occupancy = CoreOccupancy::of(run);
    for (const auto &problem : runProblems(run, occupancy))
        html += QStringLiteral("<p style='color:#c0392b'>%1</p>").arg(htmlText(problem));

    const bool others = occupancy.inferred() || occupancy.sampled();
    if (!coreData && !m.fromCoreScope()) {
        html += tr("<h4>Cores</h4><p>The file holds no core data: which thread ran on which "
                   "core, and when, is %1.</p>")
                    .arg(notRecorded);
    } else {
        html += tr("<h4>Cores</h4><table cellspacing=4><tr><th align=left>core</th>"
                   "<th align=right>busy</th><th align=right>of wall</th>");
        if (others)
            html += tr("<th align=right>others</th>");
        if (occupancy.sampled())
            html += tr("<th align=right>idle</th>");
        html += QStringLiteral("</tr>");
        for (const auto &core : summary.cores) {
            html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td>")
                        .arg(core.core)
                        .arg(duration(core.busy), percent(core.busy, summary.wall));
            if (core.core < occupancy.cores().size()) {
                const CoreOccupancy::Core &o = occupancy.cores()[core.core];
                if (others)
                    html += QStringLiteral("<td align=right>%1</td>")
                                .arg(percent(o.others(), summary.wall));
                if (occupancy.sampled())
                    html += QStringLiteral("<td align=right>%1</td>")
                                .arg(percent(o.rest, summary.wall));
            }
            html += QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
    }
    if (occupancy.sampled())
        html += tr("<p>Others: other programs or the kernel, %1every %2 from the kernel's idle "
                   "accounting (%3).</p>")
                    .arg(occupancy.inferred() ? tr("exact where a thread of the run wanted a core, "
                                                   "else sampled ")
                                              : tr("sampled "),
                         duration(m.busySampleIntervalNs), htmlText(m.busySampling));
    else if (occupancy.pending())
        html += tr("<p>Other programs' share of the cores: when the run ends.</p>");
    else if (others)
        html += tr("<p>Others: other programs or the kernel, exact where a thread of the run "
                   "wanted a core; the rest of the time was idle or other programs (not "
                   "sampled).</p>");
    if (m.recorderCpuNs >= 0 && others)
        html += tr("<p>CoreScope's own recording used %1 of CPU meanwhile, counted among the "
                   "others.</p>")
                    .arg(duration(m.recorderCpuNs));

    html += threadTable(run, summary);
    return html;
}

} // namespace corescope
