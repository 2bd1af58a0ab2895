// SPDX-License-Identifier: MIT
#include "timeline/threadstatelanepainter.h"

#include "timeline/timelineframe.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelinetooltip.h"
#include "trace/kinds.h"

#include <QFontMetrics>

#include <array>

namespace corescope {
namespace {

/// The known cause of a wait that holds `time`, by binary search.
std::optional<uint32_t> waitAt(const ThreadWaits &waits, TimeNs time)
{
    const size_t next = lod::firstBeginningAtOrAfter(waits.begin, time + 1);
    if (next == 0 || waits.end[next - 1] <= time)
        return std::nullopt;
    return uint32_t(next - 1);
}

} // namespace

ThreadStateLanePainter::Height ThreadStateLanePainter::heightOf(ThreadState state)
{
    if (state == ThreadState::Running || state == ThreadState::TaskRunning)
        return Height::Full;
    return kindOf(state).idle ? Height::Line : Height::Band;
}

void ThreadStateLanePainter::build(const TimelineLane &lane, const QRect &rect,
                                   const TimeScale &scale, const LodWindow &window,
                                   TimelinePrimitives &out)
{
    const auto &trace = m_frame.runs[size_t(lane.run)];
    const uint32_t thread = lane.index;
    if (thread >= trace->threads().size())
        return;
    const QRgb own = m_frame.threadColour(lane.run, thread);
    const bool process = m_frame.isProcess(lane.run, thread);
    const QFontMetrics metrics(m_frame.smallFont);
    const int labelWidth = m_frame.px(56); // narrower running bars do not name their core
    // Looked up once rather than for every item.
    std::array<Height, size_t(ThreadState::Count)> heights{};
    std::array<QRgb, size_t(ThreadState::Count)> colours{};
    for (const ThreadStateKind &kind : threadStateKinds()) {
        heights[size_t(kind.state)] = heightOf(kind.state);
        colours[size_t(kind.state)] = m_frame.theme.stateColour(kind.state).rgb();
    }
    colours[size_t(ThreadState::Running)] = own;

    const QRect strip = TimelineFrame::stateStripOf(lane.kind, rect);
    const int waitingTop = strip.top() + strip.height() * 2 / 5;
    const ThreadStates &states = trace->statesOf(thread);
    m_frame.cache->stateItems(trace, thread, window, m_items);
    for (const LodItem &item : m_items) {
        const Span x = columns(item, rect, scale);
        if (x.isEmpty())
            continue;
        const auto state =
            ThreadState(std::min<uint32_t>(item.key, uint32_t(ThreadState::Count) - 1));
        const bool running = state == ThreadState::Running;
        const QRgb colour = colours[size_t(state)];
        QRect bar;
        switch (heights[size_t(state)]) {
        case Height::Full:
            bar = QRect(x.x0, strip.top(), x.width(), strip.height());
            break;
        case Height::Line: {
            const int line = std::max(1, strip.height() / 8);
            bar = QRect(x.x0, strip.bottom() - line + 1, x.width(), line);
            break;
        }
        case Height::Band:
            bar = QRect(x.x0, waitingTop, x.width(), strip.bottom() - waitingTop + 1);
            break;
        }
        addBar(out, bar, colour, lane.run, thread, process && running);
        if (running && item.single() && bar.width() >= labelWidth && item.index < states.size())
            addLabel(out, bar, colour, TimelineToolTip::core(states.core[item.index]), metrics,
                     lane.run, thread, false);
    }
}

TimelineHit ThreadStateLanePainter::hitTest(const TimelineLane &lane, const QRect &, QPoint point,
                                            const TimeScale &scale) const
{
    const Trace &trace = m_frame.run(lane.run);
    TimelineHit hit = hitAt(TimelineHit::Part::StateStrip, point, scale);
    hit.thread = lane.index;
    if (lane.index >= trace.threads().size())
        return hit;
    hit.task = m_frame.taskAt(lane.run, lane.index, hit.time);
    const ThreadStates &states = trace.statesOf(lane.index);
    if (const auto found = lod::stateAt(states, hit.time)) {
        const size_t k = *found;
        hit.begin = states.begin[k];
        hit.end = states.end[k];
        hit.state = states.state[k];
        if (states.state[k] == ThreadState::Running)
            hit.core = states.core[k];
        hit.eventsInPixel = eventsInPixel(states.begin, scale, point.x());
        if (kindOf(hit.state.value()).waiting)
            hit.wait = waitAt(trace.waitsOf(lane.index), hit.time);
    }
    hit.toolTip = TimelineToolTip::stateStrip(trace, hit, scale.nsPerPixel());
    return hit;
}

} // namespace corescope
