// SPDX-License-Identifier: MIT
#include "summarypanel.h"

#include "analysis/runreport.h"
#include "analysis/runsummary.h"

#include <QTextBrowser>
#include <QVBoxLayout>

namespace corescope {
namespace {

QString text(const std::string &s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString duration(TimeNs ns)
{
    return QString::fromStdString(formatDuration(ns));
}

QString percent(TimeNs part, TimeNs whole)
{
    return whole > 0 ? QStringLiteral("%1 %").arg(100.0 * double(part) / double(whole), 0, 'f', 1)
                     : QStringLiteral("–");
}

} // namespace

SummaryPanel::SummaryPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("summaryPanel"));
    m_browser = new QTextBrowser(this);
    m_browser->setOpenLinks(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    setRuns({}, -1);
}

void SummaryPanel::setRuns(const std::vector<std::shared_ptr<const Trace>> &runs, int selected)
{
    if (selected < 0 || size_t(selected) >= runs.size()) {
        m_browser->setHtml(tr("<p>No run selected. Run a workload or open a trace.</p>"));
        return;
    }
    const Trace &run = *runs[size_t(selected)];
    const Trace *serial = nullptr;
    for (const auto &candidate : runs) {
        const TraceMetadata &m = candidate->metadata();
        if (!serial && m.model == "serial" && m.workload == run.metadata().workload && !m.cancelled)
            serial = candidate.get();
    }
    m_browser->setHtml(summaryHtml(run, serial));
}

QString SummaryPanel::html() const
{
    return m_browser->toHtml();
}

QString SummaryPanel::summaryHtml(const Trace &run, const Trace *serial)
{
    const TraceMetadata &m = run.metadata();
    const RunSummary summary = RunSummary::of(run);
    QString html = QStringLiteral("<h3>%1</h3>").arg(text(m.title));
    if (m.cancelled)
        html += tr("<p><b>Cancelled</b>: the trace shows the run up to that moment.</p>");
    html += QStringLiteral("<table cellspacing=4>");
    const auto row = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(label, value);
    };
    row(tr("Wall time"), duration(summary.wall));
    row(tr("CPU time"), duration(summary.cpu));
    if (serial && serial != &run && run.duration() > 0)
        row(tr("Speed-up vs serial"),
            QStringLiteral("%1×").arg(double(serial->duration()) / double(run.duration()), 0, 'f', 2));
    row(tr("Tasks"), tr("%1 of %2 done, results %3")
                         .arg(m.tasksDone)
                         .arg(m.tasks)
                         .arg(m.resultsOk ? tr("verified") : tr("<span style='color:#c0392b'>not verified</span>")));
    row(tr("Capture"), tr("%1, precise to %2")
                           .arg(text(m.captureMethod), duration(m.capturePrecisionNs)));
    row(tr("Dropped events"), QString::number(m.droppedEvents));
    html += QStringLiteral("</table>");
    for (const auto &problem : m.problems)
        html += QStringLiteral("<p style='color:#c0392b'>%1</p>").arg(text(problem));

    html += tr("<h4>Cores</h4><table cellspacing=4><tr><th align=left>core</th>"
               "<th align=right>busy</th><th align=right>share of wall time</th></tr>");
    for (const auto &core : summary.cores)
        html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td></tr>")
                    .arg(core.core)
                    .arg(duration(core.busy), percent(core.busy, summary.wall));
    html += QStringLiteral("</table>");

    html += tr("<h4>Threads</h4><table cellspacing=4><tr><th align=left>thread</th>"
               "<th align=right>running</th><th align=right>runnable</th>"
               "<th align=right>GIL wait</th><th align=right>lock wait</th>"
               "<th align=right>I/O</th></tr>");
    for (const auto &thread : summary.threads) {
        const ThreadInfo &info = run.threads()[thread.thread];
        html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td>"
                               "<td align=right>%4</td><td align=right>%5</td>"
                               "<td align=right>%6</td></tr>")
                    .arg(text(info.name), duration(thread.onCpu),
                         duration(thread.in(ThreadState::Runnable)),
                         duration(thread.in(ThreadState::GilWait)),
                         duration(thread.in(ThreadState::LockWait)),
                         duration(thread.in(ThreadState::Io)));
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace corescope
