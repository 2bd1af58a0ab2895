// SPDX-License-Identifier: MIT
#include "timeline/timelinetooltip.h"

#include "qtext/qtext.h"
#include "timeline/timescale.h"
#include "trace/duration.h"
#include "trace/kinds.h"

#include <QStringList>

namespace corescope {
namespace {

QString joined(const QStringList &lines)
{
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString TimelineToolTip::threadName(const Trace &trace, uint32_t thread)
{
    const auto &threads = trace.threads();
    if (thread >= threads.size())
        return QStringLiteral("thread %1").arg(thread);
    const ThreadInfo &info = threads[thread];
    return info.name.empty() ? QStringLiteral("tid %1").arg(info.tid) : text(info.name);
}

QString TimelineToolTip::thread(const Trace &trace, uint32_t thread)
{
    if (thread >= trace.threads().size())
        return threadName(trace, thread);
    const ThreadInfo &info = trace.threads()[thread];
    const QString who = info.role == ThreadRole::ChildProcess
                            ? QStringLiteral("child process, pid %1").arg(info.pid)
                        : info.role == ThreadRole::Engine
                            ? QStringLiteral("main thread, tid %1").arg(info.tid)
                            : QStringLiteral("thread, tid %1").arg(info.tid);
    return QStringLiteral("%1 (%2)").arg(threadName(trace, thread), who);
}

QString TimelineToolTip::core(uint32_t core)
{
    return QStringLiteral("core %1").arg(core);
}

QString TimelineToolTip::spanLabel(const Trace &trace, uint32_t thread, uint32_t span)
{
    const ThreadSpans &spans = trace.spansOf(thread);
    if (span >= spans.size())
        return {};
    const SpanKind kind = spans.kind[span];
    switch (kind) {
    case SpanKind::Task:
        return QStringLiteral("task %1").arg(spans.task[span]);
    case SpanKind::Named: {
        const auto &names = trace.spanNames();
        const uint32_t name = spans.task[span];
        return name < names.size() ? text(names[name]) : QString();
    }
    default:
        break;
    }
    const SpanKindInfo &row = kindOf(kind);
    return text(row.legend.empty() ? row.phrase : row.legend);
}

QString TimelineToolTip::interval(TimeNs begin, TimeNs end, double nsPerPixel)
{
    const double resolution = nsPerPixel / 4;
    return QStringLiteral("%1 → %2 (%3)")
        .arg(TimeScale::formatTime(begin, resolution), TimeScale::formatTime(end, resolution),
             text(formatDuration(end - begin)));
}

QString TimelineToolTip::runHeader(const Trace &trace, const QString &title)
{
    const TraceMetadata &meta = trace.metadata();
    QStringList lines{title,
                      QStringLiteral("wall time %1").arg(text(formatDuration(trace.duration())))};
    if (!meta.captureMethod.empty())
        lines.append(
            QStringLiteral("capture %1 (±%2)")
                .arg(text(meta.captureMethod), text(formatDuration(meta.capturePrecisionNs))));
    if (meta.droppedEvents > 0)
        lines.append(QStringLiteral("%1 events dropped").arg(meta.droppedEvents));
    return joined(lines);
}

QString TimelineToolTip::coreLane(const Trace &trace, const TimelineHit &hit, double nsPerPixel)
{
    const uint32_t core = hit.core.value_or(0);
    if (!hit.begin || !hit.end)
        return QStringLiteral("%1 idle at %2")
            .arg(TimelineToolTip::core(core), TimeScale::formatTime(hit.time, nsPerPixel));
    QStringList lines;
    if (hit.thread && *hit.thread < trace.threads().size())
        lines.append(thread(trace, *hit.thread));
    lines.append(QStringLiteral("running on core %1").arg(core));
    if (hit.task)
        lines.append(QStringLiteral("task %1").arg(*hit.task));
    lines.append(interval(*hit.begin, *hit.end, nsPerPixel));
    if (hit.eventsInPixel > 1)
        lines.append(
            QStringLiteral("%1 slices in this pixel: zoom in to see them").arg(hit.eventsInPixel));
    return joined(lines);
}

QString TimelineToolTip::spanBand(const Trace &trace, const TimelineHit &hit, double nsPerPixel)
{
    const uint32_t who = hit.thread.value_or(0);
    QStringList lines{thread(trace, who)};
    const ThreadSpans &spans = trace.spansOf(who);
    if (!hit.span || *hit.span >= spans.size() || !hit.begin || !hit.end) {
        lines.append(
            QStringLiteral("no task at %1").arg(TimeScale::formatTime(hit.time, nsPerPixel)));
        return joined(lines);
    }
    const uint32_t span = *hit.span;
    QString label = spanLabel(trace, who, span);
    if (label.isEmpty())
        label = text(kindOf(spans.kind[span]).phrase);
    if (spans.kind[span] == SpanKind::Task)
        label += QStringLiteral(" (result %1)").arg(spans.result[span]);
    lines.append(label);
    lines.append(interval(*hit.begin, *hit.end, nsPerPixel));
    return joined(lines);
}

QString TimelineToolTip::stateStrip(const Trace &trace, const TimelineHit &hit, double nsPerPixel)
{
    QStringList lines{thread(trace, hit.thread.value_or(0))};
    if (!hit.state || !hit.begin || !hit.end) {
        lines.append(
            QStringLiteral("not alive at %1").arg(TimeScale::formatTime(hit.time, nsPerPixel)));
        return joined(lines);
    }
    QString what = text(kindOf(*hit.state).phrase);
    if (*hit.state == ThreadState::Running && hit.core)
        what += QStringLiteral(" on core %1").arg(*hit.core);
    lines.append(what);
    if (hit.task)
        lines.append(QStringLiteral("task %1").arg(*hit.task));
    lines.append(interval(*hit.begin, *hit.end, nsPerPixel));
    if (hit.eventsInPixel > 1)
        lines.append(QStringLiteral("%1 state changes in this pixel: zoom in to see them")
                         .arg(hit.eventsInPixel));
    return joined(lines);
}

} // namespace corescope
