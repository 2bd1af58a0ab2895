// SPDX-License-Identifier: MIT
#include "timeline/timelinerenderer.h"

#include "qtext/qtext.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelinetooltip.h"
#include "trace/duration.h"

#include <QFontMetrics>
#include <QPainter>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace corescope {
TimelineRenderer::TimelineRenderer(std::shared_ptr<TimelineLodCache> cache)
{
    m_frame.cache = cache ? std::move(cache) : std::make_shared<TimelineLodCache>();
}

TimelineRenderer::~TimelineRenderer() = default;

void TimelineRenderer::setRuns(Runs runs)
{
    m_frame.runs = std::move(runs);
    std::erase(m_frame.runs, nullptr);
    m_layout.setRuns(m_frame.runs);
    m_frame.cache->prune();
    invalidateFrame();
}

void TimelineRenderer::setLaneMode(LaneMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    invalidateFrame();
}

void TimelineRenderer::setTheme(const TimelineTheme &theme)
{
    m_frame.theme = theme;
    invalidateFrame();
}

void TimelineRenderer::setChrome(const TimelineChrome &chrome)
{
    m_chrome = chrome;
    invalidateFrame();
}

void TimelineRenderer::setScale(double scale)
{
    m_frame.scale = std::max(0.25, scale);
    invalidateFrame();
}

void TimelineRenderer::setShowHandoffs(bool show)
{
    if (show == m_showHandoffs)
        return;
    m_showHandoffs = show;
    invalidateFrame(); // the legend lists the arrows
}

bool TimelineRenderer::setHiddenAfter(std::optional<TimeNs> time)
{
    const auto told = [this](std::optional<TimeNs> t, const auto &trace) {
        return !t || trace->duration() <= *t;
    };
    bool changed = false;
    for (const auto &trace : m_frame.runs)
        changed = changed || told(time, trace) != told(m_hiddenAfter, trace);
    m_hiddenAfter = time;
    return changed;
}

void TimelineRenderer::setHighlight(std::optional<ThreadKey> thread)
{
    m_frame.highlight = thread;
}

void TimelineRenderer::setStretchLimits(double minStretch, double maxStretch)
{
    m_minStretch = minStretch;
    m_maxStretch = std::max(minStretch, maxStretch);
    invalidateFrame();
}

void TimelineRenderer::setSize(QSize size)
{
    size = size.expandedTo(QSize(1, 1));
    if (size == m_size)
        return;
    m_size = size;
    invalidateFrame();
}

void TimelineRenderer::setRange(TimeNs begin, TimeNs end)
{
    end = std::max(end, begin + 1);
    if (begin == m_begin && end == m_end)
        return;
    m_begin = begin;
    m_end = end;
    m_geometryValid = false;
}

void TimelineRenderer::setScrollY(int y)
{
    ensureFrame();
    y = std::clamp(y, 0, std::max(0, m_layout.contentHeight() - m_lanesRect.height()));
    if (y == m_scrollY)
        return;
    m_scrollY = y;
    m_geometryValid = false;
}

TimeNs TimelineRenderer::extent() const
{
    TimeNs end = 0;
    for (const auto &run : m_frame.runs)
        end = std::max(end, run->extent());
    return end > 0 ? end : 1'000'000'000;
}

TimeScale TimelineRenderer::timeScale()
{
    ensureFrame();
    return TimeScale(m_begin, m_end, m_plotRect.left(), std::max(1, m_plotRect.width()));
}

QRect TimelineRenderer::plotRect()
{
    ensureFrame();
    return m_plotRect;
}

QRect TimelineRenderer::lanesRect()
{
    ensureFrame();
    return m_lanesRect;
}

QRect TimelineRenderer::axisRect()
{
    ensureFrame();
    return m_axisRect;
}

int TimelineRenderer::contentHeight()
{
    ensureFrame();
    return m_layout.contentHeight();
}

const TimelineLayout &TimelineRenderer::layout()
{
    ensureFrame();
    return m_layout;
}

QRect TimelineRenderer::laneRect(size_t lane)
{
    ensureFrame();
    const TimelineLane &l = m_layout.lanes().at(lane);
    return QRect(m_lanesRect.left(), m_lanesRect.top() + l.top - m_scrollY, m_lanesRect.width(),
                 l.height);
}

size_t TimelineRenderer::primitiveCount()
{
    ensureGeometry();
    return m_primitives.size();
}

const std::vector<TimelineLegendEntry> &TimelineRenderer::legendEntries()
{
    ensureFrame();
    return m_legend.entries();
}

void TimelineRenderer::invalidateFrame()
{
    m_frameValid = false;
    m_geometryValid = false;
}

std::span<LanePainter *const> TimelineRenderer::paintersOf(TimelineLane::Kind kind) const
{
    switch (kind) {
    case TimelineLane::Kind::Core:
        return m_coreLane;
    case TimelineLane::Kind::Thread:
        return m_threadLane;
    case TimelineLane::Kind::Task:
        return m_taskLane;
    case TimelineLane::Kind::Counter:
        return m_counterLane;
    case TimelineLane::Kind::RunHeader:
        break;
    }
    return {};
}

// --- The frame ---------------------------------------------------------------------------------

QString TimelineRenderer::laneLabel(const TimelineLane &lane) const
{
    switch (lane.kind) {
    case TimelineLane::Kind::Core:
        return TimelineToolTip::core(lane.index);
    case TimelineLane::Kind::Thread:
    case TimelineLane::Kind::Task:
        return m_frame.threadName(lane.run, lane.index);
    case TimelineLane::Kind::Counter:
        return TimelineToolTip::counterName(m_frame.run(lane.run), lane.index);
    case TimelineLane::Kind::RunHeader:
        break;
    }
    return {};
}

double TimelineRenderer::counterHighest(const TimelineLane &lane) const
{
    const auto &trace = m_frame.runs[size_t(lane.run)];
    if (lane.kind != TimelineLane::Kind::Counter || lane.index >= trace->counters().size())
        return 0;
    return m_frame.cache->counterSummary(trace, lane.index).extremes().high;
}

QString TimelineRenderer::counterScale(const TimelineLane &lane) const
{
    const Trace &trace = m_frame.run(lane.run);
    if (lane.kind != TimelineLane::Kind::Counter || lane.index >= trace.counters().size()
        || trace.counters()[lane.index].size() == 0)
        return {};
    return TimelineToolTip::counterScale(trace, lane.index, counterHighest(lane));
}

QString TimelineRenderer::headerText(int run) const
{
    const TraceMetadata &meta = m_frame.runs[size_t(run)]->metadata();
    QString title = meta.title.empty() ? QStringLiteral("run %1").arg(run + 1) : text(meta.title);
    if (meta.cancelled)
        title += QStringLiteral(" (cancelled)");
    return title;
}

QString TimelineRenderer::titleText() const
{
    if (!m_chrome.titleText.isEmpty())
        return m_chrome.titleText;
    if (m_frame.runs.empty())
        return QStringLiteral("No runs");
    if (m_frame.runs.size() == 1)
        return headerText(0);
    // Runs of one workload under several models are the lecture's comparison.
    const std::string &workload = m_frame.runs.front()->metadata().workload;
    const bool sameWorkload =
        !workload.empty()
        && std::all_of(m_frame.runs.begin(), m_frame.runs.end(),
                       [&](const auto &run) { return run->metadata().workload == workload; });
    QStringList models;
    for (const auto &run : m_frame.runs)
        models.append(run->metadata().model.empty() ? QStringLiteral("?")
                                                    : text(run->metadata().model));
    if (sameWorkload)
        return QStringLiteral("%1: %2").arg(text(workload), models.join(QStringLiteral(" · ")));
    QStringList titles;
    for (int r = 0; r < int(m_frame.runs.size()); ++r)
        titles.append(headerText(r));
    return titles.join(QStringLiteral("  |  "));
}

QString TimelineRenderer::subtitleText() const
{
    if (!m_chrome.subtitle.isEmpty())
        return m_chrome.subtitle;
    if (m_frame.runs.empty())
        return {};
    const TraceMetadata &meta = m_frame.runs.front()->metadata();
    QStringList parts;
    if (meta.machineCores > 0)
        parts.append(QStringLiteral("%1 cores").arg(meta.machineCores));
    if (!meta.cpuModel.empty())
        parts.append(text(meta.cpuModel));
    if (!meta.captureMethod.empty()) {
        QString capture = QStringLiteral("capture: %1").arg(text(meta.captureMethod));
        if (meta.capturePrecisionNs > 0)
            capture += QStringLiteral(" (±%1)").arg(text(formatDuration(meta.capturePrecisionNs)));
        parts.append(capture);
    }
    if (m_frame.runs.size() > 1)
        parts.append(QStringLiteral("each run's time starts at 0"));
    return parts.join(QStringLiteral("  ·  "));
}

void TimelineRenderer::ensureFrame()
{
    if (m_frameValid)
        return;
    m_frameValid = true;
    m_geometryValid = false;

    m_frame.font = QFont();
    m_frame.font.setPixelSize(px(m_frame.theme.fontPixels));
    m_frame.boldFont = m_frame.font;
    m_frame.boldFont.setBold(true);
    m_frame.smallFont = m_frame.font;
    m_frame.smallFont.setPixelSize(px(m_frame.theme.fontPixels * 0.92));
    m_frame.titleFont = m_frame.font;
    m_frame.titleFont.setPixelSize(px(m_frame.theme.titlePixels));
    m_frame.titleFont.setBold(true);
    m_frame.subtitleFont = m_frame.font;
    m_frame.subtitleFont.setPixelSize(px(m_frame.theme.fontPixels * 1.05));
    const QFontMetrics metrics(m_frame.font);
    const int pad = px(8);
    const int width = m_size.width();
    const int height = m_size.height();

    int top = 0;
    m_titleRect = QRect();
    if (m_chrome.title) {
        const int titleHeight = QFontMetrics(m_frame.titleFont).height();
        const int subtitleHeight =
            subtitleText().isEmpty() ? 0 : QFontMetrics(m_frame.subtitleFont).height();
        m_titleRect = QRect(pad * 2, pad, width - pad * 4, titleHeight + subtitleHeight + pad / 2);
        top = m_titleRect.bottom() + 1 + pad;
    }

    // Lane labels: as wide as the longest, within limits.
    m_labelWidth = 0;
    if (m_chrome.labels) {
        const TimelineLayout::Heights none{};
        m_layout.build(m_mode, none, 0, 1, 1);
        int widest = metrics.horizontalAdvance(QStringLiteral("core 00"));
        const QFontMetrics small(m_frame.smallFont);
        for (const TimelineLane &lane : m_layout.lanes()) {
            if (lane.kind == TimelineLane::Kind::RunHeader)
                continue;
            const int indent = lane.kind == TimelineLane::Kind::Task ? taskIndent() : 0;
            widest = std::max({widest, indent + metrics.horizontalAdvance(laneLabel(lane)),
                               small.horizontalAdvance(counterScale(lane))});
        }
        const int swatch = metrics.height();
        m_labelWidth = std::clamp(widest + swatch + pad * 3, px(90), std::max(px(90), width / 4));
    }
    const int right = width - (m_chrome.title ? pad * 2 : pad);

    m_legend.clear();
    if (m_chrome.legend) {
        m_legend.build(m_frame, m_mode, m_showHandoffs, m_layout.maxColourSlot());
        m_legend.flow(m_frame, m_labelWidth > 0 ? m_labelWidth : pad * 2, right - pad);
    }
    int legendHeight = 0;
    if (!m_legend.isEmpty()) {
        legendHeight = m_legend.bottom() + pad;
        const int legendTop = height - legendHeight;
        m_legend.translate(legendTop);
        m_legendRect = QRect(0, legendTop, width, legendHeight);
    } else {
        m_legendRect = QRect();
    }

    const int axisHeight = m_chrome.axis ? QFontMetrics(m_frame.smallFont).height() + px(10) : 0;
    m_axisRect = QRect(m_labelWidth, top, std::max(1, right - m_labelWidth), axisHeight);
    top += axisHeight;
    const int lanesBottom = height - legendHeight;
    m_lanesRect = QRect(0, top, width, std::max(1, lanesBottom - top));
    m_plotRect = QRect(m_labelWidth, top, std::max(1, right - m_labelWidth), m_lanesRect.height());

    // Colours per thread, looked up for every bar of every frame.
    m_frame.threadColours.assign(m_frame.runs.size(), {});
    for (size_t r = 0; r < m_frame.runs.size(); ++r) {
        for (uint32_t t = 0; t < m_frame.runs[r]->threads().size(); ++t) {
            // A task has no thread of its own to take a colour from: its running state's.
            const QColor colour = m_frame.isTask(int(r), t)
                                      ? m_frame.theme.stateColour(ThreadState::TaskRunning)
                                      : TimelinePalette::threadColour(
                                          m_layout.colourSlot(int(r), t), m_frame.theme.isDark());
            m_frame.threadColours[r].push_back(colour.rgb());
        }
    }

    const TimelineLayout::Heights heights{
        px(m_frame.theme.headerHeight), px(m_frame.theme.coreLaneHeight),
        px(m_frame.theme.threadLaneHeight), px(m_frame.theme.taskLaneHeight),
        px(m_frame.theme.counterLaneHeight)};
    m_layout.build(m_mode, heights, m_lanesRect.height(), m_minStretch, m_maxStretch);
    // Task labels sit in the span band: as large as the small font, or as the band allows.
    m_frame.spanFont = m_frame.smallFont;
    m_frame.spanLabels = true;
    for (const TimelineLane &lane : m_layout.lanes()) {
        if (lane.kind != TimelineLane::Kind::Thread)
            continue;
        const int band = TimelineFrame::spanBandOf(QRect(0, 0, 100, lane.height)).height();
        const int pixels = std::min(m_frame.smallFont.pixelSize(), band);
        m_frame.spanLabels = pixels >= 8;
        m_frame.spanFont.setPixelSize(std::max(8, pixels));
        break;
    }
    m_scrollY =
        std::clamp(m_scrollY, 0, std::max(0, m_layout.contentHeight() - m_lanesRect.height()));
}

// --- Geometry ----------------------------------------------------------------------------------

void TimelineRenderer::ensureGeometry()
{
    ensureFrame();
    if (m_geometryValid)
        return;
    m_geometryValid = true;
    m_primitives.clear();
    if (m_frame.runs.empty())
        return;

    const TimeScale scale = timeScale();
    const LodWindow window{m_begin, m_end, m_plotRect.width()};
    const int viewTop = m_scrollY;
    const int viewBottom = m_scrollY + m_lanesRect.height();
    const auto &lanes = m_layout.lanes();
    for (size_t i = m_layout.laneAt(viewTop).value_or(0); i < lanes.size(); ++i) {
        const TimelineLane &lane = lanes[i];
        if (lane.top >= viewBottom)
            break;
        if (lane.bottom() <= viewTop)
            continue;
        const QRect rect(m_plotRect.left(), m_lanesRect.top() + lane.top - m_scrollY,
                         m_plotRect.width(), lane.height);
        for (LanePainter *painter : paintersOf(lane.kind))
            painter->build(lane, rect, scale, window, m_primitives);
    }
    if (m_showHandoffs && m_mode != LaneMode::Cores)
        m_arrowPainter.build(m_layout, m_lanesRect.top(), m_scrollY, scale, m_lanesRect,
                             m_primitives);
}

// --- Painting ----------------------------------------------------------------------------------

void TimelineRenderer::paint(QPainter &painter)
{
    ensureGeometry();
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), m_size), m_frame.theme.background);
    const TimeScale scale = timeScale();
    paintLanes(painter, scale);
    paintLabels(painter);
    if (m_chrome.axis)
        paintAxis(painter, scale);
    if (m_chrome.title)
        paintTitle(painter);
    if (m_chrome.legend)
        m_legend.paint(painter, m_frame);
    painter.restore();
}

void TimelineRenderer::paintTitle(QPainter &painter)
{
    painter.setPen(m_frame.theme.text);
    painter.setFont(m_frame.titleFont);
    const int titleHeight = QFontMetrics(m_frame.titleFont).height();
    painter.drawText(QRect(m_titleRect.left(), m_titleRect.top(), m_titleRect.width(), titleHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, titleText());
    const QString subtitle = subtitleText();
    if (!subtitle.isEmpty()) {
        painter.setPen(m_frame.theme.mutedText);
        painter.setFont(m_frame.subtitleFont);
        painter.drawText(QRect(m_titleRect.left(), m_titleRect.top() + titleHeight,
                               m_titleRect.width(), m_titleRect.height() - titleHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, subtitle);
    }
}

TimeNs TimelineRenderer::tickStep(const TimeScale &scale) const
{
    // Ticks as far apart as the widest label needs (the axis and the grid agree).
    const QFontMetrics metrics(m_frame.smallFont);
    return scale.tickStep(metrics.horizontalAdvance(QStringLiteral("0000.00 ms")) + px(12));
}

void TimelineRenderer::paintAxis(QPainter &painter, const TimeScale &scale)
{
    const QFontMetrics metrics(m_frame.smallFont);
    const TimeNs step = tickStep(scale);
    painter.setFont(m_frame.smallFont);
    QPen pen(m_frame.theme.mutedText);
    pen.setWidthF(m_frame.theme.lineWidth * m_frame.scale);
    painter.setPen(pen);
    const int baseline = m_axisRect.bottom();
    painter.drawLine(QPointF(m_axisRect.left(), baseline + 0.5),
                     QPointF(m_axisRect.right(), baseline + 0.5));
    for (const TimeNs tick : scale.ticks(step)) {
        const double x = std::floor(scale.toPixel(tick)) + 0.5;
        painter.drawLine(QPointF(x, baseline - px(4)), QPointF(x, baseline));
        const QString label = TimeScale::tickLabel(tick, step);
        const int w = metrics.horizontalAdvance(label);
        int left = int(x) - w / 2;
        left = std::clamp(left, m_axisRect.left(),
                          std::max(m_axisRect.left(), m_axisRect.right() - w));
        painter.setPen(m_frame.theme.text);
        painter.drawText(QRect(left, m_axisRect.top(), w + 1, m_axisRect.height() - px(5)),
                         Qt::AlignCenter, label);
        painter.setPen(pen);
    }
}

void TimelineRenderer::paintLanes(QPainter &painter, const TimeScale &scale)
{
    painter.save();
    painter.setClipRect(m_lanesRect);
    const auto &lanes = m_layout.lanes();
    const int viewTop = m_scrollY;
    const int viewBottom = m_scrollY + m_lanesRect.height();
    const auto first = m_layout.laneAt(viewTop).value_or(0);

    // Backgrounds: alternate lanes, run headers, and each run's time after it ended.
    int parity = 0;
    for (size_t i = first; i < lanes.size() && lanes[i].top < viewBottom; ++i) {
        const TimelineLane &lane = lanes[i];
        const QRect rect = laneRect(i);
        if (lane.kind == TimelineLane::Kind::RunHeader) {
            painter.fillRect(rect, m_frame.theme.headerBackground);
            parity = 0;
            continue;
        }
        if (parity++ % 2 == 1)
            painter.fillRect(rect, m_frame.theme.laneAlternate);
        const TimeNs runEnd = m_frame.runs[size_t(lane.run)]->duration();
        const double endX = scale.toPixel(runEnd);
        if (runEnd > 0 && endX < m_plotRect.right())
            painter.fillRect(
                QRect(QPoint(std::max(m_plotRect.left(), int(std::ceil(endX))), rect.top()),
                      QPoint(m_plotRect.right(), rect.bottom())),
                m_frame.theme.afterEnd);
    }

    // Grid lines at the axis ticks.
    {
        const TimeNs step = tickStep(scale);
        QPen pen(m_frame.theme.grid);
        pen.setWidth(1);
        painter.setPen(pen);
        const int bottom = std::min(m_lanesRect.bottom(),
                                    m_lanesRect.top() + m_layout.contentHeight() - m_scrollY);
        for (const TimeNs tick : scale.ticks(step)) {
            const int x = int(std::floor(scale.toPixel(tick)));
            painter.drawLine(x, m_lanesRect.top(), x, bottom);
        }
    }

    const QRect plotArea = m_plotRect.intersected(m_lanesRect);
    painter.setClipRect(plotArea);
    m_primitives.paint(painter, plotArea, m_frame);

    painter.restore();
    paintRunHeaders(painter, scale);
}

void TimelineRenderer::paintRunHeaders(QPainter &painter, const TimeScale &scale)
{
    // Across the whole width: the run's title and wall time, and a tick at its end.
    painter.save();
    painter.setClipRect(m_lanesRect);
    const auto &lanes = m_layout.lanes();
    const int viewBottom = m_scrollY + m_lanesRect.height();
    for (size_t i = m_layout.laneAt(m_scrollY).value_or(0);
         i < lanes.size() && lanes[i].top < viewBottom; ++i) {
        const TimelineLane &lane = lanes[i];
        if (lane.kind != TimelineLane::Kind::RunHeader)
            continue;
        const QRect rect = laneRect(i);
        QPen separator(m_frame.theme.separator);
        separator.setWidthF(std::max(1.0, m_frame.theme.lineWidth * m_frame.scale));
        painter.setPen(separator);
        if (lane.top > 0)
            painter.drawLine(QPointF(rect.left(), rect.top() + 0.5),
                             QPointF(rect.right(), rect.top() + 0.5));
        const auto &trace = m_frame.runs[size_t(lane.run)];
        // The end tick lines up with the other runs' on the shared axis.
        const double endX = scale.toPixel(trace->duration());
        // In predict mode a run's end is not told before the playhead reaches it.
        const bool told = !m_hiddenAfter || trace->duration() <= *m_hiddenAfter;
        if (told && trace->duration() > 0 && endX >= m_plotRect.left()
            && endX <= m_plotRect.right()) {
            QPen tick(m_frame.theme.text);
            tick.setWidthF(std::max(1.0, 2.0 * m_frame.scale));
            painter.setPen(tick);
            painter.drawLine(QPointF(endX, rect.top() + rect.height() * 0.25),
                             QPointF(endX, rect.bottom() + 1));
        }
        // The title on its own patch of header, so that an early end tick never runs through it.
        const QString title = headerText(lane.run);
        const QString wall =
            !told ? QObject::tr("wall time: when it ends")
            : trace->duration() > 0
                ? QStringLiteral("wall %1").arg(text(formatDuration(trace->duration())))
                : QString();
        const QRect textRect = rect.adjusted(px(8), 0, -px(8), 0);
        const int titleWidth = QFontMetrics(m_frame.boldFont).horizontalAdvance(title);
        const int wallWidth =
            wall.isEmpty() ? 0 : QFontMetrics(m_frame.font).horizontalAdvance(wall) + px(14);
        painter.fillRect(QRect(rect.left(), rect.top() + 1, px(8) + titleWidth + wallWidth + px(6),
                               rect.height() - 1),
                         m_frame.theme.headerBackground);
        painter.setFont(m_frame.boldFont);
        painter.setPen(m_frame.theme.text);
        painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, title);
        painter.setFont(m_frame.font);
        painter.setPen(m_frame.theme.mutedText);
        painter.drawText(textRect.adjusted(titleWidth + px(14), 0, 0, 0),
                         Qt::AlignLeft | Qt::AlignVCenter, wall);
    }
    painter.restore();
}

void TimelineRenderer::paintLabelSwatch(QPainter &painter, const TimelineLane &lane,
                                        const QRect &swatch)
{
    painter.save();
    const auto own = [&] {
        return m_frame.barColour(m_frame.threadColour(lane.run, lane.index), lane.run, lane.index);
    };
    switch (lane.kind) {
    case TimelineLane::Kind::Thread:
        // In the thread's colour, which ties the lane to its bars on the cores.
        painter.fillRect(swatch, QColor::fromRgb(own()));
        if (m_frame.isProcess(lane.run, lane.index)) {
            std::vector<QLineF> lines;
            TimelinePrimitives::appendHatch(
                swatch, std::max(3.0, m_frame.theme.hatchSpacing * m_frame.scale * 0.6), lines);
            painter.setPen(QPen(m_frame.theme.hatch, std::max(1.0, m_frame.scale)));
            painter.drawLines(lines.data(), int(lines.size()));
        }
        break;
    case TimelineLane::Kind::Task: {
        // Hollow and round: a task is no OS thread and has no bars on the cores.
        const double width = std::max(1.0, 1.5 * m_frame.scale);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(QColor::fromRgb(own()), width));
        painter.setBrush(Qt::NoBrush);
        const QRectF circle = QRectF(swatch).adjusted(width / 2, width / 2, -width / 2, -width / 2);
        painter.drawEllipse(circle);
        break;
    }
    case TimelineLane::Kind::Counter: {
        // Three steps up: a chart, not a thread.
        const auto &trace = m_frame.runs[size_t(lane.run)];
        if (lane.index >= trace->counters().size())
            break;
        const QColor colour = m_frame.theme.counterColour(trace->counters()[lane.index].kind);
        const int step = std::max(1, swatch.width() / 3);
        for (int k = 0; k < 3; ++k) {
            const int height = swatch.height() * (k + 1) / 3;
            painter.fillRect(QRect(swatch.left() + k * step, swatch.bottom() - height + 1,
                                   k == 2 ? swatch.width() - 2 * step : step, height),
                             colour);
        }
        break;
    }
    default:
        break;
    }
    painter.restore();
}

void TimelineRenderer::paintLabels(QPainter &painter)
{
    if (!m_chrome.labels || m_labelWidth <= 0)
        return;
    painter.save();
    const QRect column(m_lanesRect.left(), m_lanesRect.top(), m_labelWidth, m_lanesRect.height());
    painter.setClipRect(column);
    const auto &lanes = m_layout.lanes();
    const int viewBottom = m_scrollY + m_lanesRect.height();
    const QFontMetrics metrics(m_frame.font);
    const QFontMetrics small(m_frame.smallFont);
    const int pad = px(8);
    for (size_t i = m_layout.laneAt(m_scrollY).value_or(0);
         i < lanes.size() && lanes[i].top < viewBottom; ++i) {
        const TimelineLane &lane = lanes[i];
        if (lane.kind == TimelineLane::Kind::RunHeader)
            continue;
        const QRect rect = laneRect(i);
        const QRect cell(column.left(), rect.top(), m_labelWidth, rect.height());
        QRect textRect = cell.adjusted(pad, 0, -pad / 2, 0);
        const bool ownsThread =
            lane.kind == TimelineLane::Kind::Thread || lane.kind == TimelineLane::Kind::Task;
        const bool highlighted = ownsThread && m_frame.highlight
                                 && m_frame.highlight->run == lane.run
                                 && m_frame.highlight->thread == lane.index;
        if (lane.kind == TimelineLane::Kind::Task)
            textRect.setLeft(textRect.left() + taskIndent());
        if (lane.kind != TimelineLane::Kind::Core) {
            const int size = std::min(metrics.ascent(), rect.height() - 2);
            const QRect swatch(textRect.left(), rect.top() + (rect.height() - size) / 2, size,
                               size);
            paintLabelSwatch(painter, lane, swatch);
            textRect.setLeft(swatch.right() + pad / 2 + 1);
        }
        QFont font = highlighted ? m_frame.boldFont : m_frame.font;
        font.setItalic(lane.kind == TimelineLane::Kind::Task); // not an OS thread
        const QFontMetrics fontMetrics(font);
        painter.setFont(font);
        painter.setPen(lane.kind == TimelineLane::Kind::Core ? m_frame.theme.mutedText
                                                             : m_frame.theme.text);
        const QString name = laneLabel(lane);
        const QString highest = counterScale(lane);
        if (highest.isEmpty() || rect.height() < metrics.height() + small.height()) {
            const QString label = highest.isEmpty() ? name : name + QStringLiteral(" · ") + highest;
            painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                             fontMetrics.elidedText(label, Qt::ElideRight, textRect.width()));
            continue;
        }
        // A counter's name, and its highest value below it: what the top of its chart means.
        const int top = rect.top() + (rect.height() - metrics.height() - small.height()) / 2;
        painter.drawText(QRect(textRect.left(), top, textRect.width(), metrics.height()),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         fontMetrics.elidedText(name, Qt::ElideRight, textRect.width()));
        painter.setFont(m_frame.smallFont);
        painter.setPen(m_frame.theme.mutedText);
        painter.drawText(
            QRect(textRect.left(), top + metrics.height(), textRect.width(), small.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            small.elidedText(highest, Qt::ElideRight, textRect.width()));
    }
    QPen edge(m_frame.theme.grid);
    painter.setPen(edge);
    const int bottom =
        std::min(m_lanesRect.bottom(), m_lanesRect.top() + m_layout.contentHeight() - m_scrollY);
    painter.drawLine(m_labelWidth - 1, m_lanesRect.top(), m_labelWidth - 1, bottom);
    painter.restore();
}

void TimelineRenderer::paintCurtain(QPainter &painter, double x)
{
    const QRect plot = m_plotRect.intersected(m_lanesRect);
    const double left = std::max(x, double(plot.left()));
    if (left > plot.right())
        return;
    const QRectF curtain(left, plot.top(), plot.right() + 1 - left, plot.height());
    painter.fillRect(curtain, m_frame.theme.background);
    QColor edge = m_frame.theme.playhead;
    edge.setAlpha(40);
    painter.fillRect(QRectF(left, plot.top(), px(24), plot.height()), edge);
    if (curtain.width() < px(120))
        return;
    painter.setPen(m_frame.theme.mutedText);
    QFont font = m_frame.titleFont;
    painter.setFont(font);
    painter.drawText(curtain, Qt::AlignCenter | Qt::TextWordWrap,
                     QObject::tr("What happens next?"));
}

void TimelineRenderer::paintOverlays(QPainter &painter, const TimelineOverlays &overlays)
{
    ensureFrame();
    const TimeScale scale = timeScale();
    painter.save();
    const QRect plot = m_plotRect.intersected(m_lanesRect);
    const QFontMetrics metrics(m_frame.smallFont);
    const auto label = [&](double x, const QString &text, QColor fill, QColor ink) {
        const int w = metrics.horizontalAdvance(text) + px(10);
        const int h = std::max(metrics.height() + px(2), m_axisRect.height() - px(2));
        int left = int(x) - w / 2;
        left = std::clamp(left, m_axisRect.left(),
                          std::max(m_axisRect.left(), m_axisRect.right() - w));
        const QRect box(left, m_axisRect.top() + 1, w, h);
        painter.fillRect(box, fill);
        painter.setPen(ink);
        painter.setFont(m_frame.smallFont);
        painter.drawText(box, Qt::AlignCenter, text);
    };

    if (overlays.wakeupsOf || overlays.playhead || overlays.criticalPath) {
        ensureGeometry();
        TimelinePrimitives replay;
        m_replayPainter.build(
            m_layout, m_lanesRect.top(), m_scrollY, scale, plot,
            // The path runs back from the run's end: predict mode hides it.
            {overlays.wakeupsOf, overlays.playhead, overlays.criticalPath && !overlays.predicting},
            replay);
        replay.paint(painter, plot, m_frame);
    }
    if (overlays.playhead && overlays.predicting)
        paintCurtain(painter, scale.toPixel(*overlays.playhead));
    if (overlays.hoverLane && *overlays.hoverLane < m_layout.lanes().size()) {
        const QRect rect = laneRect(*overlays.hoverLane).intersected(m_lanesRect);
        QColor tint = m_frame.theme.text;
        tint.setAlpha(14);
        painter.fillRect(rect, tint);
    }
    if (overlays.selection) {
        const auto [begin, end] = *overlays.selection;
        const double x0 =
            std::clamp(scale.toPixel(begin), double(plot.left()), double(plot.right() + 1));
        const double x1 =
            std::clamp(scale.toPixel(end), double(plot.left()), double(plot.right() + 1));
        painter.fillRect(QRectF(x0, plot.top(), std::max(1.0, x1 - x0), plot.height()),
                         m_frame.theme.selectionFill);
        QPen edge(m_frame.theme.selectionEdge);
        edge.setWidthF(std::max(1.0, m_frame.scale));
        painter.setPen(edge);
        for (const TimeNs t : {begin, end}) {
            const double x = scale.toPixel(t);
            if (x >= plot.left() && x <= plot.right() + 1)
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        }
        if (m_chrome.axis)
            label((x0 + x1) / 2, QStringLiteral("Δ %1").arg(text(formatDuration(end - begin))),
                  m_frame.theme.selectionEdge,
                  TimelinePalette::textOn(m_frame.theme.selectionEdge));
    }
    if (overlays.cursor) {
        const double x = scale.toPixel(*overlays.cursor);
        if (x >= plot.left() && x <= plot.right()) {
            QPen pen(m_frame.theme.cursor);
            pen.setWidthF(std::max(1.0, m_frame.scale));
            pen.setStyle(Qt::DashLine);
            painter.setPen(pen);
            painter.drawLine(QPointF(std::floor(x) + 0.5, plot.top()),
                             QPointF(std::floor(x) + 0.5, plot.bottom()));
            if (m_chrome.axis && !overlays.selection)
                label(x, TimeScale::formatTime(*overlays.cursor, scale.nsPerPixel()),
                      m_frame.theme.cursor, m_frame.theme.background);
        }
    }
    if (overlays.playhead) {
        const double x = scale.toPixel(*overlays.playhead);
        if (x >= plot.left() && x <= plot.right() + 1) {
            QPen pen(m_frame.theme.playhead);
            pen.setWidthF(std::max(2.0, 2 * m_frame.scale));
            painter.setPen(pen);
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            if (m_chrome.axis)
                label(x, TimeScale::formatTime(*overlays.playhead, scale.nsPerPixel()),
                      m_frame.theme.playhead, TimelinePalette::textOn(m_frame.theme.playhead));
        }
    }
    painter.restore();
}

// --- Hit-testing -------------------------------------------------------------------------------

TimelineHit TimelineRenderer::hitTest(QPoint point)
{
    ensureFrame();
    TimelineHit hit;
    const TimeScale scale = timeScale();
    hit.time = scale.toTime(point.x());
    if (m_chrome.axis && m_axisRect.contains(point)) {
        hit.part = TimelineHit::Part::Axis;
        return hit;
    }
    if (m_legendRect.isValid() && m_legendRect.contains(point)) {
        hit.part = TimelineHit::Part::Legend;
        return hit;
    }
    if (!m_lanesRect.contains(point) || m_frame.runs.empty())
        return hit;
    const auto laneIndex = m_layout.laneAt(point.y() - m_lanesRect.top() + m_scrollY);
    if (!laneIndex)
        return hit;
    const TimelineLane &lane = m_layout.lanes()[*laneIndex];
    const Trace &trace = m_frame.run(lane.run);
    hit.lane = laneIndex;
    hit.run = lane.run;

    if (lane.kind == TimelineLane::Kind::RunHeader) {
        hit.part = TimelineHit::Part::RunHeader;
        hit.toolTip = TimelineToolTip::runHeader(trace, headerText(lane.run));
        return hit;
    }
    if (point.x() < m_plotRect.left()) {
        hit.part = TimelineHit::Part::LaneLabel;
        switch (lane.kind) {
        case TimelineLane::Kind::Thread:
        case TimelineLane::Kind::Task:
            hit.thread = lane.index;
            hit.toolTip = TimelineToolTip::thread(trace, lane.index);
            break;
        case TimelineLane::Kind::Counter:
            hit.counter = lane.index;
            hit.toolTip = TimelineToolTip::counterTrack(trace, lane.index, counterHighest(lane));
            break;
        default:
            hit.core = lane.index;
            hit.toolTip = TimelineToolTip::core(lane.index);
            break;
        }
        return hit;
    }
    const QRect rect = laneRect(*laneIndex);
    const auto painters = paintersOf(lane.kind);
    for (auto it = painters.rbegin(); it != painters.rend(); ++it) {
        if (!(*it)->area(rect).contains(point))
            continue;
        TimelineHit found = (*it)->hitTest(lane, rect, point, scale);
        found.lane = laneIndex;
        found.run = lane.run;
        return found;
    }
    return hit;
}

} // namespace corescope
