// SPDX-License-Identifier: MIT
#include "timeline/timelinetooltip.h"

#include "qtext/qtext.h"
#include "timeline/timescale.h"
#include "trace/duration.h"
#include "trace/kinds.h"

#include <QStringList>

#include <cmath>

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
    if (!info.name.empty())
        return text(info.name);
    return info.role == ThreadRole::Task ? QStringLiteral("task")
                                         : QStringLiteral("tid %1").arg(info.tid);
}

QString TimelineToolTip::thread(const Trace &trace, uint32_t thread)
{
    if (thread >= trace.threads().size())
        return threadName(trace, thread);
    const ThreadInfo &info = trace.threads()[thread];
    QString who;
    switch (info.role) {
    case ThreadRole::ChildProcess:
        who = QStringLiteral("child process, pid %1").arg(info.pid);
        break;
    case ThreadRole::Engine:
        who = QStringLiteral("main thread, tid %1").arg(info.tid);
        break;
    case ThreadRole::Task:
        who = QStringLiteral("task in process %1, not an OS thread").arg(info.pid);
        break;
    default:
        who = QStringLiteral("thread, tid %1").arg(info.tid);
        break;
    }
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

QString TimelineToolTip::coreGap(const Trace &trace, uint32_t core, TimeNs time, double nsPerPixel,
                                 const CoreOccupancy::Core *occupancy)
{
    const QString at = TimeScale::formatTime(time, nsPerPixel);
    const QString idle =
        QStringLiteral("%1 %2 at %3")
            .arg(TimelineToolTip::core(core), text(kindOf(CoreTime::Idle).phrase), at);
    if (!occupancy)
        return trace.metadata().live
                   ? QStringLiteral("%1 idle or running other programs at %2 (known when the run "
                                    "ends)")
                         .arg(TimelineToolTip::core(core), at)
                   : idle;
    const auto &exact = occupancy->exactIntervals;
    const auto inExact = std::upper_bound(exact.begin(), exact.end(), time,
                                          [](TimeNs t, const auto &i) { return t < i.end; });
    if (inExact != exact.end() && inExact->begin <= time)
        return QStringLiteral("%1 %2 at %3\na thread of this run was waiting for a core, so "
                              "something else held this one\n%4")
            .arg(TimelineToolTip::core(core), text(kindOf(CoreTime::OtherPrograms).phrase), at,
                 interval(inExact->begin, inExact->end, nsPerPixel));
    const auto &samples = occupancy->samples;
    const auto sample = std::upper_bound(samples.begin(), samples.end(), time,
                                         [](TimeNs t, const auto &s) { return t < s.end; });
    if (sample == samples.end() || sample->begin > time)
        return trace.metadata().busySampling.empty()
                   ? QStringLiteral("%1 idle or running other programs at %2 (not sampled)")
                         .arg(TimelineToolTip::core(core), at)
                   : idle;
    if (sample->others <= 0)
        return idle;
    return QStringLiteral("%1 at %2: other programs (or the kernel) took %3 % of its free time "
                          "in %4 (%5, sampled)")
        .arg(TimelineToolTip::core(core), at)
        .arg(qRound(100.0 * sample->shareOfGaps))
        .arg(interval(sample->begin, sample->end, nsPerPixel), text(trace.metadata().busySampling));
}

QString TimelineToolTip::coreLane(const Trace &trace, const TimelineHit &hit, double nsPerPixel,
                                  const CoreOccupancy::Core *occupancy)
{
    const uint32_t core = hit.core.value_or(0);
    if (!hit.begin || !hit.end)
        return coreGap(trace, core, hit.time, nsPerPixel, occupancy);
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
    if (hit.wait) {
        const QString cause = waitCause(trace, hit.thread.value_or(0), *hit.wait);
        if (!cause.isEmpty())
            lines.append(cause);
    }
    if (hit.task)
        lines.append(QStringLiteral("task %1").arg(*hit.task));
    lines.append(interval(*hit.begin, *hit.end, nsPerPixel));
    if (hit.eventsInPixel > 1)
        lines.append(QStringLiteral("%1 state changes in this pixel: zoom in to see them")
                         .arg(hit.eventsInPixel));
    return joined(lines);
}

QString TimelineToolTip::waitCause(const Trace &trace, uint32_t thread, uint32_t wait)
{
    if (thread >= trace.threads().size())
        return {};
    const ThreadWaits &waits = trace.waitsOf(thread);
    if (wait >= waits.size() || waits.object[wait] >= trace.waitObjects().size())
        return {};
    const WaitObject &object = trace.waitObjects()[waits.object[wait]];
    const WaitObjectKindInfo &kind = kindOf(object.kind);
    const QString name = text(object.name);
    const bool named = !name.isEmpty() && name.compare(text(kind.name), Qt::CaseInsensitive) != 0;
    QString cause = QStringLiteral("for %1").arg(named ? name : text(kind.phrase));
    const uint32_t endedBy = waits.endedBy[wait];
    if (endedBy != kNoThread && endedBy < trace.threads().size())
        cause += QStringLiteral(" — ended by %1").arg(threadName(trace, endedBy));
    return cause;
}

QString TimelineToolTip::counterValue(const Trace &trace, uint32_t counter, double value)
{
    // Whole numbers (a queue's depth) without a decimal point; others to six figures.
    const bool whole = std::abs(value) < 1e15 && value == std::floor(value);
    const QString number = whole ? QString::number(qint64(value)) : QString::number(value, 'g', 6);
    if (counter >= trace.counters().size())
        return number;
    QString unit = text(kindOf(trace.counters()[counter].kind).unit);
    if (unit.isEmpty())
        return number;
    // The kinds table writes units in the plural ("items").
    if (std::abs(value) == 1 && unit.endsWith(QLatin1Char('s')))
        unit.chop(1);
    return QStringLiteral("%1 %2").arg(number, unit);
}

QString TimelineToolTip::counterName(const Trace &trace, uint32_t counter)
{
    if (counter >= trace.counters().size())
        return QStringLiteral("counter %1").arg(counter);
    const CounterTrack &track = trace.counters()[counter];
    return track.name.empty() ? text(kindOf(track.kind).legend) : text(track.name);
}

QString TimelineToolTip::counterScale(const Trace &trace, uint32_t counter, double highest)
{
    return QStringLiteral("max %1").arg(counterValue(trace, counter, highest));
}

QString TimelineToolTip::counterTrack(const Trace &trace, uint32_t counter, double highest)
{
    QStringList lines{counterName(trace, counter)};
    if (counter < trace.counters().size()) {
        const CounterTrack &track = trace.counters()[counter];
        lines.append(QStringLiteral("%1, in process %2")
                         .arg(text(kindOf(track.kind).legend))
                         .arg(track.pid));
        if (track.size() > 0)
            lines.append(counterScale(trace, counter, highest));
    }
    return joined(lines);
}

QString TimelineToolTip::counterLane(const Trace &trace, const TimelineHit &hit, double nsPerPixel)
{
    const uint32_t counter = hit.counter.value_or(0);
    QStringList lines{counterName(trace, counter)};
    if (!hit.value || !hit.begin || !hit.end) {
        lines.append(
            QStringLiteral("no value yet at %1").arg(TimeScale::formatTime(hit.time, nsPerPixel)));
        return joined(lines);
    }
    lines.append(counterValue(trace, counter, *hit.value));
    lines.append(interval(*hit.begin, *hit.end, nsPerPixel));
    if (hit.eventsInPixel > 1 && hit.valuesInPixel)
        lines.append(QStringLiteral("%1 changes in this pixel, from %2 to %3: zoom in to see them")
                         .arg(hit.eventsInPixel)
                         .arg(counterValue(trace, counter, hit.valuesInPixel->first),
                              counterValue(trace, counter, hit.valuesInPixel->second)));
    return joined(lines);
}

} // namespace corescope
