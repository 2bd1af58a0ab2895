// SPDX-License-Identifier: MIT
#include "timeline/timelinelegend.h"

#include "qtext/qtext.h"
#include "timeline/spanrowpainter.h"
#include "timeline/threadstatelanepainter.h"
#include "timeline/timelineframe.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelineprimitives.h"
#include "trace/kinds.h"

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>

namespace corescope {
void TimelineLegend::build(const TimelineFrame &frame, LaneMode mode, bool showHandoffs,
                           uint32_t maxColourSlot)
{
    m_entries.clear();
    if (frame.runs.empty())
        return;
    const bool threadLanes = mode != LaneMode::Cores;
    const bool dark = frame.theme.isDark();
    using Swatch = TimelineLegendEntry::Swatch;
    const auto add = [&](Swatch swatch, QRgb colour, QString label) -> TimelineLegendEntry & {
        return m_entries.emplace_back(TimelineLegendEntry{
            swatch, colour, std::move(label), {}, std::nullopt, std::nullopt, std::nullopt});
    };

    bool processes = false;
    uint32_t statesPresent = 0;
    uint32_t spansPresent = 0;
    uint32_t markersPresent = 0;
    for (const auto &run : frame.runs) {
        for (const ThreadInfo &info : run->threads())
            processes = processes || info.role == ThreadRole::ChildProcess;
        statesPresent |= frame.cache->statesPresent(run);
        if (threadLanes)
            spansPresent |= frame.cache->spanKindsPresent(run);
        if (threadLanes && showHandoffs)
            markersPresent |= frame.cache->markerKindsPresent(run);
    }
    if (mode == LaneMode::Cores) {
        // Core lanes are coloured by thread: name the colours (worker k is the same in every run).
        const uint32_t slotCount = std::min<uint32_t>(maxColourSlot, 12);
        add(Swatch::Solid, TimelinePalette::threadColour(0, dark).rgb(),
            QStringLiteral("main thread"));
        for (uint32_t slot = 1; slot <= slotCount; ++slot)
            add(Swatch::Solid, TimelinePalette::threadColour(slot, dark).rgb(),
                QStringLiteral("worker %1").arg(slot));
    }
    if (processes)
        add(Swatch::Hatched, TimelinePalette::threadColour(1, dark).rgb(),
            QStringLiteral("child process (striped)"));
    if (mode != LaneMode::Threads)
        addCoreTime(frame);
    if (threadLanes) {
        for (const ThreadStateKind &kind : threadStateKinds()) {
            // Running is in every strip, in each thread's own colour.
            const bool running = kind.state == ThreadState::Running;
            if (!running && !(statesPresent & (1u << uint32_t(kind.state))))
                continue;
            using Height = ThreadStateLanePainter::Height;
            const Height height = ThreadStateLanePainter::heightOf(kind.state);
            const Swatch swatch = running                  ? Swatch::Stripes
                                  : height == Height::Full ? Swatch::Solid
                                  : height == Height::Line ? Swatch::Line
                                                           : Swatch::Band;
            add(swatch, running ? 0 : frame.theme.stateColour(kind.state).rgb(), text(kind.legend))
                .state = kind.state;
        }
        const QRgb sample = TimelinePalette::threadColour(1, dark).rgb();
        for (const SpanKindInfo &kind : spanKinds()) {
            if (kind.legend.empty() || !(spansPresent & (1u << uint32_t(kind.kind))))
                continue;
            add(kind.line ? Swatch::Line : Swatch::Outline,
                SpanRowPainter::colourOf(kind.kind, sample, frame.theme), text(kind.legend))
                .span = kind.kind;
        }
        // An arrow for each kind of hand-off in the runs, in its own colour.
        for (const MarkerKindInfo &kind : markerKinds()) {
            if (kind.handoff() && (markersPresent & (1u << uint32_t(kind.kind))))
                add(Swatch::Arrow, frame.theme.arrowColour(kind.kind).rgb(), text(kind.legend))
                    .marker = kind.kind;
        }
    }
    add(Swatch::Solid, frame.theme.afterEnd.rgb(), QStringLiteral("after the run ended"));
}

void TimelineLegend::addCoreTime(const TimelineFrame &frame)
{
    // Other programs where the runs show them; "idle" only for time that was idle, or that no
    // sampling could tell from other programs.
    bool exact = false;
    bool sampled = false;
    bool idle = false;
    bool unsampledGaps = false;
    for (const auto &run : frame.runs) {
        const CoreOccupancy &occupancy = frame.cache->occupancy(run);
        for (const CoreOccupancy::Core &core : occupancy.cores()) {
            exact = exact || core.exact > 0;
            sampled = sampled || core.sampled > 0;
            idle = idle || core.rest > 0 || occupancy.pending();
            unsampledGaps = unsampledGaps || (!occupancy.sampled() && core.rest > 0);
        }
    }
    using Swatch = TimelineLegendEntry::Swatch;
    const auto add = [&](Swatch swatch, QRgb colour, QString label) {
        m_entries.push_back(TimelineLegendEntry{
            swatch, colour, std::move(label), {}, std::nullopt, std::nullopt, std::nullopt});
    };
    const QRgb neutral = frame.theme.otherPrograms.rgb();
    const QString others = text(kindOf(CoreTime::OtherPrograms).legend);
    if (exact)
        add(Swatch::Hatched, neutral, others);
    if (sampled)
        add(Swatch::Solid, TimelinePalette::mix(neutral, frame.theme.background.rgb(), 0.5),
            others + QStringLiteral(", sampled (shade: their share)"));
    if (idle)
        add(Swatch::Outline, frame.theme.background.rgb(),
            text(kindOf(CoreTime::Idle).legend)
                + (unsampledGaps ? QStringLiteral(" (or other programs: not sampled)")
                                 : QString()));
}

void TimelineLegend::flow(const TimelineFrame &frame, int left, int right)
{
    const QFontMetrics metrics(frame.font);
    const int swatchWidth = frame.px(22);
    const int rowHeight = metrics.height() + frame.px(6);
    int x = left;
    int y = frame.px(8) / 2;
    for (TimelineLegendEntry &entry : m_entries) {
        const int entryWidth =
            swatchWidth + frame.px(6) + metrics.horizontalAdvance(entry.text) + frame.px(20);
        if (x + entryWidth > right && x > left) {
            x = left;
            y += rowHeight;
        }
        entry.rect = QRect(x, y, entryWidth, rowHeight);
        x += entryWidth;
    }
}

void TimelineLegend::translate(int dy)
{
    for (TimelineLegendEntry &entry : m_entries)
        entry.rect.translate(0, dy);
}

int TimelineLegend::bottom() const
{
    int bottom = 0;
    for (const TimelineLegendEntry &entry : m_entries)
        bottom = std::max(bottom, entry.rect.bottom() + 1);
    return bottom;
}

void TimelineLegend::paint(QPainter &painter, const TimelineFrame &frame) const
{
    if (m_entries.empty())
        return;
    painter.save();
    painter.setFont(frame.font);
    const QFontMetrics metrics(frame.font);
    const int swatchWidth = frame.px(22);
    for (const TimelineLegendEntry &entry : m_entries) {
        const int swatchHeight = std::max(4, metrics.ascent());
        const QRect swatch(entry.rect.left(),
                           entry.rect.top() + (entry.rect.height() - swatchHeight) / 2, swatchWidth,
                           swatchHeight);
        paintSwatch(painter, frame, entry, swatch);
        painter.setPen(frame.theme.text);
        painter.drawText(entry.rect.adjusted(swatchWidth + frame.px(6), 0, 0, 0),
                         Qt::AlignLeft | Qt::AlignVCenter, entry.text);
    }
    painter.restore();
}

void TimelineLegend::paintSwatch(QPainter &painter, const TimelineFrame &frame,
                                 const TimelineLegendEntry &entry, const QRect &rect)
{
    using Swatch = TimelineLegendEntry::Swatch;
    const QColor colour = QColor::fromRgb(entry.colour);
    const TimelineTheme &theme = frame.theme;
    switch (entry.swatch) {
    case Swatch::Solid:
        painter.fillRect(rect, colour);
        break;
    case Swatch::Hatched: {
        painter.fillRect(rect, colour);
        std::vector<QLineF> lines;
        TimelinePrimitives::appendHatch(rect, theme.hatchSpacing * frame.scale * 0.8, lines);
        painter.setPen(QPen(theme.hatch, std::max(1.0, 1.5 * frame.scale)));
        painter.drawLines(lines.data(), int(lines.size()));
        break;
    }
    case Swatch::Band: {
        const int top = rect.top() + rect.height() * 2 / 5;
        painter.fillRect(QRect(rect.left(), top, rect.width(), rect.bottom() - top + 1), colour);
        break;
    }
    case Swatch::Line: {
        const int line = std::max(1, rect.height() / 6);
        painter.fillRect(QRect(rect.left(), rect.bottom() - line + 1, rect.width(), line), colour);
        break;
    }
    case Swatch::Outline: {
        painter.fillRect(rect, colour);
        painter.setPen(QPen(theme.mutedText, 1));
        painter.drawRect(rect.adjusted(0, 0, -1, -1));
        break;
    }
    case Swatch::Stripes: {
        const int third = rect.width() / 3;
        for (int k = 0; k < 3; ++k)
            painter.fillRect(QRect(rect.left() + k * third, rect.top(),
                                   k == 2 ? rect.width() - 2 * third : third, rect.height()),
                             TimelinePalette::threadColour(uint32_t(k + 1), theme.isDark()));
        break;
    }
    case Swatch::Arrow: {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, true);
        QPen pen(colour);
        pen.setWidthF(1.5 * frame.scale);
        painter.setPen(pen);
        const double x = rect.center().x();
        const QPointF tip(x, rect.bottom());
        painter.drawLine(QPointF(x, rect.top()), tip);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawPolygon(TimelinePrimitives::arrowHead(tip, 1.0, rect.height() * 0.45));
        painter.restore();
        break;
    }
    }
}

} // namespace corescope
