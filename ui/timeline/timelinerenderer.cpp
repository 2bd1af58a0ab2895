// SPDX-License-Identifier: MIT
#include "timeline/timelinerenderer.h"

#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"

#include <QFontMetrics>
#include <QPaintEngine>
#include <QPainter>
#include <QStringList>

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>

namespace corescope {
namespace {

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

/// How a state reads in tooltips and the legend.
QString stateDescription(ThreadState state)
{
    switch (state) {
    case ThreadState::Running:
        return QStringLiteral("running");
    case ThreadState::Runnable:
        return QStringLiteral("runnable: waiting for a free core");
    case ThreadState::GilWait:
        return QStringLiteral("waiting for the GIL");
    case ThreadState::LockWait:
        return QStringLiteral("waiting for a lock");
    case ThreadState::Io:
        return QStringLiteral("blocked in I/O or a timer");
    case ThreadState::Sleeping:
        return QStringLiteral("sleeping: no work");
    case ThreadState::Starting:
        return QStringLiteral("starting: process start-up");
    case ThreadState::Count:
        break;
    }
    return QStringLiteral("unknown");
}

/// Short legend names.
QString stateLegendName(ThreadState state)
{
    switch (state) {
    case ThreadState::Running:
        return QStringLiteral("running (thread's colour)");
    case ThreadState::Runnable:
        return QStringLiteral("runnable, no free core");
    case ThreadState::GilWait:
        return QStringLiteral("waiting for the GIL");
    case ThreadState::LockWait:
        return QStringLiteral("waiting for a lock");
    case ThreadState::Io:
        return QStringLiteral("blocked in I/O");
    case ThreadState::Sleeping:
        return QStringLiteral("sleeping");
    case ThreadState::Starting:
        return QStringLiteral("process start-up");
    case ThreadState::Count:
        break;
    }
    return {};
}

/// Diagonal stripes across `rect`, on a grid shared by all bars so that neighbours line up.
void appendHatch(const QRect &rect, double spacing, std::vector<QLineF> &lines)
{
    const double x0 = rect.left();
    const double x1 = rect.left() + rect.width();
    const double y0 = rect.top();
    const double y1 = rect.top() + rect.height();
    const double height = y1 - y0;
    double k = std::floor((x0 - height) / spacing) * spacing;
    for (; k < x1; k += spacing) {
        // The stripe through (k, y1) rising to the right: x = k + (y1 - y).
        const double ya = std::max(y0, y1 - (x1 - k));
        const double yb = std::min(y1, y1 - (x0 - k));
        if (ya < yb)
            lines.emplace_back(k + y1 - yb, yb, k + y1 - ya, ya);
    }
}

QPolygonF arrowHead(QPointF tip, double direction, double size)
{
    // direction: +1 pointing down, −1 pointing up.
    return QPolygonF({tip, QPointF(tip.x() - size * 0.6, tip.y() - direction * size),
                      QPointF(tip.x() + size * 0.6, tip.y() - direction * size)});
}

/// A duration without trailing zeros ("1 µs", not "1.00 µs"), for labels that are not compared.
QString compactDuration(TimeNs duration)
{
    QString s = TimeScale::formatDuration(duration);
    const qsizetype space = s.indexOf(QLatin1Char(' '));
    if (space > 0 && s.left(space).contains(QLatin1Char('.'))) {
        qsizetype end = space;
        while (s.at(end - 1) == QLatin1Char('0'))
            --end;
        if (s.at(end - 1) == QLatin1Char('.'))
            --end;
        s.remove(end, space - end);
    }
    return s;
}

} // namespace

TimelineRenderer::TimelineRenderer(std::shared_ptr<TimelineLodCache> cache)
    : m_cache(cache ? std::move(cache) : std::make_shared<TimelineLodCache>())
{
}

TimelineRenderer::~TimelineRenderer() = default;

void TimelineRenderer::setRuns(Runs runs)
{
    m_runs = std::move(runs);
    m_runs.erase(std::remove(m_runs.begin(), m_runs.end(), nullptr), m_runs.end());
    m_layout.setRuns(m_runs);
    m_cache->prune();
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
    m_theme = theme;
    invalidateFrame();
}

void TimelineRenderer::setChrome(const TimelineChrome &chrome)
{
    m_chrome = chrome;
    invalidateFrame();
}

void TimelineRenderer::setScale(double scale)
{
    m_scale = std::max(0.25, scale);
    invalidateFrame();
}

void TimelineRenderer::setShowHandoffs(bool show)
{
    if (show == m_showHandoffs)
        return;
    m_showHandoffs = show;
    invalidateFrame(); // the legend lists the arrows
}

void TimelineRenderer::setHighlight(std::optional<ThreadKey> thread)
{
    m_highlight = thread;
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
    for (const auto &run : m_runs) {
        end = std::max(end, run->duration());
        for (const ThreadInfo &thread : run->threads())
            end = std::max(end, thread.end);
    }
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
    return m_bars.size() + m_overlayBars.size() + m_texts.size() + m_arrows.size()
           + m_hatches.size();
}

int TimelineRenderer::px(double size) const
{
    return std::max(1, int(std::lround(size * m_scale)));
}

void TimelineRenderer::invalidateFrame()
{
    m_frameValid = false;
    m_geometryValid = false;
}

// --- The frame ---------------------------------------------------------------------------------

QString TimelineRenderer::threadName(int run, uint32_t thread) const
{
    const auto &threads = m_runs[size_t(run)]->threads();
    if (thread >= threads.size())
        return QStringLiteral("thread %1").arg(thread);
    const ThreadInfo &info = threads[thread];
    return info.name.empty() ? QStringLiteral("tid %1").arg(info.tid) : text(info.name);
}

QString TimelineRenderer::laneLabel(const TimelineLane &lane) const
{
    switch (lane.kind) {
    case TimelineLane::Kind::Core:
        return QStringLiteral("core %1").arg(lane.index);
    case TimelineLane::Kind::Thread:
        return threadName(lane.run, lane.index);
    case TimelineLane::Kind::RunHeader:
        break;
    }
    return {};
}

QString TimelineRenderer::headerText(int run) const
{
    const TraceMetadata &meta = m_runs[size_t(run)]->metadata();
    QString title = meta.title.empty() ? QStringLiteral("run %1").arg(run + 1) : text(meta.title);
    if (meta.cancelled)
        title += QStringLiteral(" (cancelled)");
    return title;
}

QString TimelineRenderer::titleText() const
{
    if (!m_chrome.titleText.isEmpty())
        return m_chrome.titleText;
    if (m_runs.empty())
        return QStringLiteral("No runs");
    if (m_runs.size() == 1)
        return headerText(0);
    // Runs of one workload under several models are the lecture's comparison.
    const std::string &workload = m_runs.front()->metadata().workload;
    const bool sameWorkload =
        !workload.empty() && std::all_of(m_runs.begin(), m_runs.end(), [&](const auto &run) {
            return run->metadata().workload == workload;
        });
    QStringList models;
    for (const auto &run : m_runs)
        models.append(run->metadata().model.empty() ? QStringLiteral("?")
                                                    : text(run->metadata().model));
    if (sameWorkload)
        return QStringLiteral("%1: %2").arg(text(workload), models.join(QStringLiteral(" · ")));
    QStringList titles;
    for (int r = 0; r < int(m_runs.size()); ++r)
        titles.append(headerText(r));
    return titles.join(QStringLiteral("  |  "));
}

QString TimelineRenderer::subtitleText() const
{
    if (!m_chrome.subtitle.isEmpty())
        return m_chrome.subtitle;
    if (m_runs.empty())
        return {};
    const TraceMetadata &meta = m_runs.front()->metadata();
    QStringList parts;
    if (meta.machineCores > 0)
        parts.append(QStringLiteral("%1 cores").arg(meta.machineCores));
    if (!meta.cpuModel.empty())
        parts.append(text(meta.cpuModel));
    if (!meta.captureMethod.empty()) {
        QString capture = QStringLiteral("capture: %1").arg(text(meta.captureMethod));
        if (meta.capturePrecisionNs > 0)
            capture += QStringLiteral(" (±%1)").arg(compactDuration(meta.capturePrecisionNs));
        parts.append(capture);
    }
    if (m_runs.size() > 1)
        parts.append(QStringLiteral("each run's time starts at 0"));
    return parts.join(QStringLiteral("  ·  "));
}

void TimelineRenderer::ensureFrame()
{
    if (m_frameValid)
        return;
    m_frameValid = true;
    m_geometryValid = false;

    m_font = QFont();
    m_font.setPixelSize(px(m_theme.fontPixels));
    m_boldFont = m_font;
    m_boldFont.setBold(true);
    m_smallFont = m_font;
    m_smallFont.setPixelSize(px(m_theme.fontPixels * 0.92));
    m_titleFont = m_font;
    m_titleFont.setPixelSize(px(m_theme.titlePixels));
    m_titleFont.setBold(true);
    m_subtitleFont = m_font;
    m_subtitleFont.setPixelSize(px(m_theme.fontPixels * 1.05));
    const QFontMetrics metrics(m_font);
    const int pad = px(8);
    const int width = m_size.width();
    const int height = m_size.height();

    int top = 0;
    m_titleRect = QRect();
    if (m_chrome.title) {
        const int titleHeight = QFontMetrics(m_titleFont).height();
        const int subtitleHeight =
            subtitleText().isEmpty() ? 0 : QFontMetrics(m_subtitleFont).height();
        m_titleRect = QRect(pad * 2, pad, width - pad * 4, titleHeight + subtitleHeight + pad / 2);
        top = m_titleRect.bottom() + 1 + pad;
    }

    // Lane labels: as wide as the longest, within limits.
    m_labelWidth = 0;
    if (m_chrome.labels) {
        const TimelineLayout::Heights none{};
        m_layout.build(m_mode, none, 0, 1, 1);
        int widest = metrics.horizontalAdvance(QStringLiteral("core 00"));
        for (const TimelineLane &lane : m_layout.lanes()) {
            if (lane.kind != TimelineLane::Kind::RunHeader)
                widest = std::max(widest, metrics.horizontalAdvance(laneLabel(lane)));
        }
        const int swatch = metrics.height();
        m_labelWidth = std::clamp(widest + swatch + pad * 3, px(90), std::max(px(90), width / 4));
    }
    const int right = width - (m_chrome.title ? pad * 2 : pad);

    buildLegend(right - pad);
    int legendHeight = 0;
    if (m_chrome.legend && !m_legend.empty()) {
        int bottom = 0;
        for (const LegendEntry &entry : m_legend)
            bottom = std::max(bottom, entry.rect.bottom() + 1);
        legendHeight = bottom + pad;
        const int legendTop = height - legendHeight;
        for (LegendEntry &entry : m_legend)
            entry.rect.translate(0, legendTop);
        m_legendRect = QRect(0, legendTop, width, legendHeight);
    } else {
        m_legendRect = QRect();
    }

    const int axisHeight = m_chrome.axis ? QFontMetrics(m_smallFont).height() + px(10) : 0;
    m_axisRect = QRect(m_labelWidth, top, std::max(1, right - m_labelWidth), axisHeight);
    top += axisHeight;
    const int lanesBottom = height - legendHeight;
    m_lanesRect = QRect(0, top, width, std::max(1, lanesBottom - top));
    m_plotRect = QRect(m_labelWidth, top, std::max(1, right - m_labelWidth), m_lanesRect.height());

    // Colours per thread, looked up for every bar of every frame.
    m_threadColours.assign(m_runs.size(), {});
    for (size_t r = 0; r < m_runs.size(); ++r) {
        for (uint32_t t = 0; t < m_runs[r]->threads().size(); ++t)
            m_threadColours[r].push_back(
                TimelinePalette::threadColour(m_layout.colourSlot(int(r), t), m_theme.isDark())
                    .rgb());
    }

    const TimelineLayout::Heights heights{px(m_theme.headerHeight), px(m_theme.coreLaneHeight),
                                          px(m_theme.threadLaneHeight)};
    m_layout.build(m_mode, heights, m_lanesRect.height(), m_minStretch, m_maxStretch);
    // Task labels sit in the span band: as large as the small font, or as the band allows.
    m_spanFont = m_smallFont;
    m_spanLabels = true;
    for (const TimelineLane &lane : m_layout.lanes()) {
        if (lane.kind != TimelineLane::Kind::Thread)
            continue;
        const int band = spanBandOf(QRect(0, 0, 100, lane.height)).height();
        const int pixels = std::min(m_smallFont.pixelSize(), band);
        m_spanLabels = pixels >= 8;
        m_spanFont.setPixelSize(std::max(8, pixels));
        break;
    }
    m_scrollY =
        std::clamp(m_scrollY, 0, std::max(0, m_layout.contentHeight() - m_lanesRect.height()));
}

void TimelineRenderer::buildLegend(int width)
{
    m_legend.clear();
    if (!m_chrome.legend || m_runs.empty())
        return;
    const bool threadLanes = m_mode != LaneMode::Cores;
    const bool dark = m_theme.isDark();
    using Swatch = LegendEntry::Swatch;

    bool processes = false;
    uint32_t statesPresent = 0;
    uint32_t spansPresent = 0;
    for (const auto &run : m_runs) {
        for (const ThreadInfo &info : run->threads())
            processes = processes || info.role == ThreadRole::ChildProcess;
        statesPresent |= m_cache->statesPresent(run);
        if (threadLanes)
            spansPresent |= m_cache->spanKindsPresent(run);
    }
    const auto hasSpans = [&](SpanKind kind) {
        return (spansPresent & (1u << uint32_t(kind))) != 0;
    };
    if (m_mode == LaneMode::Cores) {
        // Core lanes are coloured by thread: name the colours (worker k is the same in every run).
        const uint32_t slotCount = std::min<uint32_t>(m_layout.maxColourSlot(), 12);
        m_legend.push_back({Swatch::Solid,
                            TimelinePalette::threadColour(0, dark).rgb(),
                            QStringLiteral("main thread"),
                            {}});
        for (uint32_t slot = 1; slot <= slotCount; ++slot)
            m_legend.push_back({Swatch::Solid,
                                TimelinePalette::threadColour(slot, dark).rgb(),
                                QStringLiteral("worker %1").arg(slot),
                                {}});
    }
    if (processes)
        m_legend.push_back({Swatch::Hatched,
                            TimelinePalette::threadColour(1, dark).rgb(),
                            QStringLiteral("child process (striped)"),
                            {}});
    if (m_mode != LaneMode::Threads)
        m_legend.push_back(
            {Swatch::Outline, m_theme.background.rgb(), QStringLiteral("idle core"), {}});
    if (threadLanes) {
        m_legend.push_back({Swatch::Stripes, 0, stateLegendName(ThreadState::Running), {}});
        for (const ThreadState state :
             {ThreadState::Runnable, ThreadState::GilWait, ThreadState::LockWait, ThreadState::Io,
              ThreadState::Starting, ThreadState::Sleeping}) {
            if (!(statesPresent & (1u << uint32_t(state))))
                continue;
            m_legend.push_back({state == ThreadState::Sleeping ? Swatch::Line : Swatch::Band,
                                m_theme.stateColour(state).rgb(),
                                stateLegendName(state),
                                {}});
        }
        if (hasSpans(SpanKind::Task))
            m_legend.push_back({Swatch::Outline,
                                TimelinePalette::mix(TimelinePalette::threadColour(1, dark).rgb(),
                                                     m_theme.background.rgb(), 0.55),
                                QStringLiteral("task"),
                                {}});
        if (hasSpans(SpanKind::GilHold))
            m_legend.push_back(
                {Swatch::Line, m_theme.gilArrow.rgb(), QStringLiteral("holds the GIL"), {}});
        if (hasSpans(SpanKind::LockHold))
            m_legend.push_back(
                {Swatch::Line, m_theme.lockArrow.rgb(), QStringLiteral("holds a lock"), {}});
        if (m_showHandoffs)
            m_legend.push_back(
                {Swatch::Arrow, m_theme.gilArrow.rgb(), QStringLiteral("GIL / lock hand-off"), {}});
    }
    m_legend.push_back(
        {Swatch::Solid, m_theme.afterEnd.rgb(), QStringLiteral("after the run ended"), {}});

    // Flow the entries into rows, left to right, relative to the legend's top.
    const QFontMetrics metrics(m_font);
    const int pad = px(8);
    const int swatchWidth = px(22);
    const int rowHeight = metrics.height() + px(6);
    int x = m_labelWidth > 0 ? m_labelWidth : pad * 2;
    int y = pad / 2;
    for (LegendEntry &entry : m_legend) {
        const int entryWidth = swatchWidth + px(6) + metrics.horizontalAdvance(entry.text) + px(20);
        if (x + entryWidth > width && x > (m_labelWidth > 0 ? m_labelWidth : pad * 2)) {
            x = m_labelWidth > 0 ? m_labelWidth : pad * 2;
            y += rowHeight;
        }
        entry.rect = QRect(x, y, entryWidth, rowHeight);
        x += entryWidth;
    }
}

// --- Geometry ----------------------------------------------------------------------------------

QRgb TimelineRenderer::threadColour(int run, uint32_t thread) const
{
    const auto &colours = m_threadColours[size_t(run)];
    return thread < colours.size() ? colours[thread] : m_theme.mutedText.rgb();
}

bool TimelineRenderer::isProcess(int run, uint32_t thread) const
{
    const auto &threads = m_runs[size_t(run)]->threads();
    return thread < threads.size() && threads[thread].role == ThreadRole::ChildProcess;
}

QRect TimelineRenderer::spanBandOf(const QRect &laneRect) const
{
    const int gap = std::max(1, laneRect.height() / 14);
    const int band = std::max(2, laneRect.height() * 9 / 25);
    return QRect(laneRect.left(), laneRect.top() + gap, laneRect.width(), band - gap);
}

QRect TimelineRenderer::stateStripOf(const QRect &laneRect) const
{
    const QRect band = spanBandOf(laneRect);
    const int gap = std::max(1, laneRect.height() / 14);
    const int top = band.bottom() + 1 + gap;
    return QRect(laneRect.left(), top, laneRect.width(),
                 std::max(2, laneRect.bottom() - gap - top + 1));
}

void TimelineRenderer::ensureGeometry()
{
    ensureFrame();
    if (m_geometryValid)
        return;
    m_geometryValid = true;
    m_bars.clear();
    m_overlayBars.clear();
    m_hatches.clear();
    m_texts.clear();
    m_arrows.clear();
    if (m_runs.empty())
        return;

    const TimeScale scale = timeScale();
    const LodWindow window{m_begin, m_end, m_plotRect.width()};
    const int viewTop = m_scrollY;
    const int viewBottom = m_scrollY + m_lanesRect.height();
    const auto &lanes = m_layout.lanes();
    auto first = m_layout.laneAt(viewTop);
    for (size_t i = first.value_or(0); i < lanes.size(); ++i) {
        const TimelineLane &lane = lanes[i];
        if (lane.top >= viewBottom)
            break;
        if (lane.bottom() <= viewTop)
            continue;
        const QRect rect(m_plotRect.left(), m_lanesRect.top() + lane.top - m_scrollY,
                         m_plotRect.width(), lane.height);
        if (lane.kind == TimelineLane::Kind::Core)
            addCoreLane(lane, rect, scale, window);
        else if (lane.kind == TimelineLane::Kind::Thread)
            addThreadLane(lane, rect, scale, window);
    }
    if (m_showHandoffs && m_mode != LaneMode::Cores)
        addArrows(scale, m_lanesRect);
}

void TimelineRenderer::addCoreLane(const TimelineLane &lane, const QRect &rect,
                                   const TimeScale &scale, const LodWindow &window)
{
    const auto &trace = m_runs[size_t(lane.run)];
    if (lane.index >= trace->coreCount())
        return;
    m_cache->coreItems(trace, lane.index, window, m_items);
    const int gap = std::max(1, rect.height() / 10);
    const int top = rect.top() + gap;
    const int height = std::max(1, rect.height() - 2 * gap);
    const QRgb background = m_theme.background.rgb();
    const QFontMetrics metrics(m_smallFont);
    const size_t threadCount = trace->threads().size();
    for (const LodItem &item : m_items) {
        const int x0 = std::max(rect.left(), int(std::floor(scale.toPixel(item.begin))));
        const int x1 = std::min(rect.left() + rect.width(),
                                std::max(x0 + 1, int(std::floor(scale.toPixel(item.end)))));
        if (x1 <= x0)
            continue;
        const uint32_t thread = item.key < threadCount ? item.key : kNoThread;
        QRgb colour =
            thread == kNoThread ? m_theme.mutedText.rgb() : threadColour(lane.run, thread);
        // A crowded pixel that is partly idle fades toward the background by how idle it is.
        const int level = item.coverageLevel();
        if (level < LodItem::kCoverageLevels)
            colour = TimelinePalette::mix(colour, background,
                                          0.85 * (1.0 - double(level) / LodItem::kCoverageLevels));
        const QRect bar(x0, top, x1 - x0, height);
        const bool hatched = thread != kNoThread && isProcess(lane.run, thread);
        m_bars.push_back({bar, colour, lane.run, thread, hatched});
        if (hatched && bar.width() >= 4)
            m_hatches.push_back(bar);
        if (thread != kNoThread && bar.width() >= px(60)) {
            const QString name = threadName(lane.run, thread);
            if (metrics.horizontalAdvance(name) + px(8) <= bar.width())
                m_texts.push_back({bar, name, TimelinePalette::textOn(QColor(colour)).rgb(),
                                   lane.run, thread, false});
        }
    }
}

void TimelineRenderer::addThreadLane(const TimelineLane &lane, const QRect &rect,
                                     const TimeScale &scale, const LodWindow &window)
{
    const auto &trace = m_runs[size_t(lane.run)];
    const uint32_t thread = lane.index;
    if (thread >= trace->threads().size())
        return;
    const QRgb own = threadColour(lane.run, thread);
    const QRgb background = m_theme.background.rgb();
    const bool process = isProcess(lane.run, thread);
    const QFontMetrics metrics(m_smallFont);
    const auto toX = [&](TimeNs t) { return int(std::floor(scale.toPixel(t))); };

    // The state strip: running full height in the thread's colour, waiting lower, sleeping a line.
    const QRect strip = stateStripOf(rect);
    const int waitingTop = strip.top() + strip.height() * 2 / 5;
    const ThreadStates &states = trace->statesOf(thread);
    m_cache->stateItems(trace, thread, window, m_items);
    for (const LodItem &item : m_items) {
        const int x0 = std::max(rect.left(), toX(item.begin));
        const int x1 = std::min(rect.left() + rect.width(), std::max(x0 + 1, toX(item.end)));
        if (x1 <= x0)
            continue;
        const auto state =
            ThreadState(std::min<uint32_t>(item.key, uint32_t(ThreadState::Count) - 1));
        QRect bar;
        QRgb colour;
        if (state == ThreadState::Running) {
            bar = QRect(x0, strip.top(), x1 - x0, strip.height());
            colour = own;
        } else if (state == ThreadState::Sleeping) {
            const int line = std::max(1, strip.height() / 8);
            bar = QRect(x0, strip.bottom() - line + 1, x1 - x0, line);
            colour = m_theme.stateColour(state).rgb();
        } else {
            bar = QRect(x0, waitingTop, x1 - x0, strip.bottom() - waitingTop + 1);
            colour = m_theme.stateColour(state).rgb();
        }
        m_bars.push_back({bar, colour, lane.run, thread, process && state == ThreadState::Running});
        if (process && state == ThreadState::Running && bar.width() >= 4)
            m_hatches.push_back(bar);
        if (state == ThreadState::Running && item.single() && bar.width() >= px(56)
            && item.index < states.size()) {
            const QString label = QStringLiteral("core %1").arg(states.core[item.index]);
            if (metrics.horizontalAdvance(label) + px(8) <= bar.width())
                m_texts.push_back({bar, label, TimelinePalette::textOn(QColor(colour)).rgb(),
                                   lane.run, thread, false});
        }
    }

    // Spans above: tasks, start-up and imported slices as boxes; lock and GIL holds as a line.
    const QRect band = spanBandOf(rect);
    const ThreadSpans &spans = trace->spansOf(thread);
    const QFontMetrics spanMetrics(m_spanFont);
    for (const lod::SpanLayer &layer : m_cache->spanLayers(trace, thread)) {
        if (layer.depth > 0)
            continue;
        lod::threadSpans(spans, layer.spans, window, m_items);
        const bool hold = layer.kind == SpanKind::GilHold || layer.kind == SpanKind::LockHold;
        QRgb colour = TimelinePalette::mix(own, background, 0.55);
        QRect area = band;
        if (hold) {
            const int line = std::max(2, band.height() / 4);
            area = QRect(band.left(), band.bottom() - line + 1, band.width(), line);
            colour = (layer.kind == SpanKind::GilHold ? m_theme.gilArrow : m_theme.lockArrow).rgb();
        } else if (layer.kind == SpanKind::Startup) {
            colour = m_theme.stateColour(ThreadState::Starting).rgb();
        }
        for (const LodItem &item : m_items) {
            const int x0 = std::max(rect.left(), toX(item.begin));
            const int x1 = std::min(rect.left() + rect.width(), std::max(x0 + 1, toX(item.end)));
            if (x1 <= x0)
                continue;
            const QRect bar(x0, area.top(), x1 - x0, area.height());
            (hold ? m_overlayBars : m_bars).push_back({bar, colour, lane.run, thread, false});
            // Boxes get an edge in the thread's colour, so neighbouring tasks stay apart.
            if (!hold && bar.width() >= 3) {
                m_overlayBars.push_back(
                    {QRect(x0, area.top(), 1, area.height()), own, lane.run, thread, false});
                m_overlayBars.push_back(
                    {QRect(x0, area.top(), x1 - x0, 1), own, lane.run, thread, false});
            }
            if (hold || !m_spanLabels || !item.single() || bar.width() < px(40)
                || item.index >= spans.size())
                continue;
            QString label;
            switch (layer.kind) {
            case SpanKind::Task:
                label = QStringLiteral("task %1").arg(spans.task[item.index]);
                break;
            case SpanKind::Startup:
                label = QStringLiteral("start-up");
                break;
            case SpanKind::Named: {
                const auto &names = trace->spanNames();
                const uint32_t name = spans.task[item.index];
                label = name < names.size() ? text(names[name]) : QString();
                break;
            }
            default:
                break;
            }
            if (!label.isEmpty() && spanMetrics.horizontalAdvance(label) + px(8) <= bar.width())
                m_texts.push_back({bar, label, TimelinePalette::textOn(QColor(colour)).rgb(),
                                   lane.run, thread, true});
        }
    }
}

void TimelineRenderer::addArrows(const TimeScale &scale, const QRect &viewport)
{
    const double minSpacing = px(5);
    const double head = px(5);
    const auto byTime = [](const Marker &m, TimeNs t) { return m.time < t; };
    for (int run = 0; run < int(m_runs.size()); ++run) {
        const auto &markers = m_runs[size_t(run)]->markers();
        auto it = std::lower_bound(markers.begin(), markers.end(), m_begin, byTime);
        double lastX = -1e9;
        int unwanted = 0;
        // At most one arrow every minSpacing pixels: after each one, jump ahead by binary search,
        // so the cost follows the pixels, not the number of hand-offs.
        while (it != markers.end() && it->time <= m_end) {
            const Marker &marker = *it;
            const double x = scale.toPixel(marker.time);
            const bool wanted =
                (marker.kind == MarkerKind::GilHandoff || marker.kind == MarkerKind::LockHandoff)
                && marker.thread != marker.otherThread;
            if (!wanted) {
                ++it;
                if (++unwanted >= 64) { // a crowd of other markers: move on by a pixel
                    unwanted = 0;
                    const TimeNs next = std::max(marker.time + 1, scale.toTime(x + 1));
                    it = std::lower_bound(it, markers.end(), next, byTime);
                }
                continue;
            }
            unwanted = 0;
            if (x - lastX >= minSpacing) {
                const auto from = m_layout.laneOfThread(run, marker.otherThread);
                const auto to = m_layout.laneOfThread(run, marker.thread);
                if (from && to) {
                    const QRect fromStrip = stateStripOf(laneRect(*from));
                    const QRect toStrip = stateStripOf(laneRect(*to));
                    const double y0 = fromStrip.center().y();
                    const double y1 = toStrip.center().y();
                    const double direction = y1 > y0 ? 1.0 : -1.0;
                    if (std::max(y0, y1) >= viewport.top()
                        && std::min(y0, y1) <= viewport.bottom()) {
                        const QPointF tip(x, y1 - direction * (toStrip.height() / 2.0));
                        const QRgb colour =
                            (marker.kind == MarkerKind::GilHandoff ? m_theme.gilArrow
                                                                   : m_theme.lockArrow)
                                .rgba();
                        m_arrows.push_back(
                            {QLineF(QPointF(x, y0), tip), arrowHead(tip, direction, head), colour});
                    }
                }
                lastX = x;
            }
            const TimeNs next = std::max(marker.time + 1, scale.toTime(lastX + minSpacing));
            it = std::lower_bound(it + 1, markers.end(), next, byTime);
        }
    }
}

// --- Painting ----------------------------------------------------------------------------------

QRgb TimelineRenderer::barColour(QRgb colour, int run, uint32_t thread) const
{
    if (!m_highlight || thread == kNoThread)
        return colour;
    if (m_highlight->run == run && m_highlight->thread == thread)
        return colour;
    return TimelinePalette::mix(colour, m_theme.background.rgb(), m_theme.fade);
}

void TimelineRenderer::paint(QPainter &painter)
{
    ensureGeometry();
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), m_size), m_theme.background);
    const TimeScale scale = timeScale();
    paintLanes(painter, scale);
    paintLabels(painter);
    if (m_chrome.axis)
        paintAxis(painter, scale);
    if (m_chrome.title)
        paintTitle(painter);
    if (m_chrome.legend)
        paintLegend(painter);
    painter.restore();
}

void TimelineRenderer::paintTitle(QPainter &painter)
{
    painter.setPen(m_theme.text);
    painter.setFont(m_titleFont);
    const int titleHeight = QFontMetrics(m_titleFont).height();
    painter.drawText(QRect(m_titleRect.left(), m_titleRect.top(), m_titleRect.width(), titleHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, titleText());
    const QString subtitle = subtitleText();
    if (!subtitle.isEmpty()) {
        painter.setPen(m_theme.mutedText);
        painter.setFont(m_subtitleFont);
        painter.drawText(QRect(m_titleRect.left(), m_titleRect.top() + titleHeight,
                               m_titleRect.width(), m_titleRect.height() - titleHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, subtitle);
    }
}

void TimelineRenderer::paintAxis(QPainter &painter, const TimeScale &scale)
{
    const QFontMetrics metrics(m_smallFont);
    const TimeNs step =
        scale.tickStep(metrics.horizontalAdvance(QStringLiteral("0000.00 ms")) + px(12));
    painter.setFont(m_smallFont);
    QPen pen(m_theme.mutedText);
    pen.setWidthF(m_theme.lineWidth * m_scale);
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
        painter.setPen(m_theme.text);
        painter.drawText(QRect(left, m_axisRect.top(), w + 1, m_axisRect.height() - px(5)),
                         Qt::AlignCenter, label);
        painter.setPen(pen);
    }
}

void TimelineRenderer::paintBars(QPainter &painter, const std::vector<Bar> &bars,
                                 const QRect &clip) const
{
    const QTransform device = painter.deviceTransform();
    auto *image = painter.device() && painter.device()->devType() == QInternal::Image
                      ? static_cast<QImage *>(painter.device())
                      : nullptr;
    const bool direct = image && image->isDetached() && device.type() <= QTransform::TxScale
                        && (image->format() == QImage::Format_RGB32
                            || image->format() == QImage::Format_ARGB32_Premultiplied)
                        && painter.compositionMode() == QPainter::CompositionMode_SourceOver;
    if (direct) {
        // Opaque rectangles written straight into the image's rows: a fillRect() call costs far
        // more than the few pixels of a bar one column wide, and a full frame has ~30k of them.
        const double sx = device.m11();
        const double sy = device.m22();
        const double dx = device.dx();
        const double dy = device.dy();
        const bool translateOnly = device.type() <= QTransform::TxTranslate && dx == std::floor(dx)
                                   && dy == std::floor(dy);
        const QPoint offset{int(dx), int(dy)};
        const auto toDevice = [&](const QRect &r) {
            if (translateOnly)
                return r.translated(offset);
            const int left = int(std::lround(r.left() * sx + dx));
            const int top = int(std::lround(r.top() * sy + dy));
            const int right = int(std::lround((r.left() + r.width()) * sx + dx));
            const int bottom = int(std::lround((r.top() + r.height()) * sy + dy));
            return QRect(QPoint(left, top), QPoint(right - 1, bottom - 1));
        };
        const QRect bounds = toDevice(clip).intersected(image->rect());
        uchar *bits = image->bits();
        const qsizetype stride = image->bytesPerLine();
        const auto rowAt = [&](int y) { return reinterpret_cast<uint32_t *>(bits + y * stride); };
        const auto colourOf = [&](const Bar &bar) {
            return 0xff000000u | barColour(bar.colour, bar.run, bar.thread);
        };
        for (size_t i = 0; i < bars.size();) {
            // A run of bars at one height (a core lane): write its first row in drawing order,
            // then copy that row down. What lies between the bars is lane background, which is the
            // same on every row of a lane (only vertical lines cross it).
            size_t j = i + 1;
            while (j < bars.size() && bars[j].rect.top() == bars[i].rect.top()
                   && bars[j].rect.height() == bars[i].rect.height())
                ++j;
            const QRect band = toDevice(bars[i].rect).intersected(bounds);
            if (j - i >= 8 && band.height() > 1) {
                uint32_t *first = rowAt(band.top());
                int left = INT_MAX;
                int right = INT_MIN;
                for (size_t k = i; k < j; ++k) {
                    const QRect r = toDevice(bars[k].rect).intersected(bounds);
                    if (r.isEmpty())
                        continue;
                    std::fill(first + r.left(), first + r.right() + 1, colourOf(bars[k]));
                    left = std::min(left, r.left());
                    right = std::max(right, r.right());
                }
                for (int y = band.top() + 1; left <= right && y <= band.bottom(); ++y)
                    std::copy(first + left, first + right + 1, rowAt(y) + left);
            } else {
                for (size_t k = i; k < j; ++k) {
                    const QRect r = toDevice(bars[k].rect).intersected(bounds);
                    const uint32_t colour = colourOf(bars[k]);
                    for (int y = r.top(); y <= r.bottom(); ++y)
                        std::fill(rowAt(y) + r.left(), rowAt(y) + r.right() + 1, colour);
                }
            }
            i = j;
        }
        return;
    }
    // An SVG gets one group per fill colour: its engine writes a group for every brush change,
    // and bars in a list never overlap, so the order of colours does not matter.
    const bool grouped =
        painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::SVG;
    if (!grouped) {
        for (const Bar &bar : bars)
            painter.fillRect(bar.rect, QColor::fromRgb(barColour(bar.colour, bar.run, bar.thread)));
        return;
    }
    std::vector<std::pair<QRgb, QRect>> sorted;
    sorted.reserve(bars.size());
    for (const Bar &bar : bars)
        sorted.emplace_back(barColour(bar.colour, bar.run, bar.thread), bar.rect);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    painter.save();
    painter.setPen(Qt::NoPen);
    std::vector<QRect> batch;
    for (size_t i = 0; i < sorted.size();) {
        const QRgb colour = sorted[i].first;
        batch.clear();
        for (; i < sorted.size() && sorted[i].first == colour; ++i)
            batch.push_back(sorted[i].second);
        painter.setBrush(QColor::fromRgb(colour));
        painter.drawRects(batch.data(), int(batch.size()));
    }
    painter.restore();
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
            painter.fillRect(rect, m_theme.headerBackground);
            parity = 0;
            continue;
        }
        if (parity++ % 2 == 1)
            painter.fillRect(rect, m_theme.laneAlternate);
        const TimeNs runEnd = m_runs[size_t(lane.run)]->duration();
        const double endX = scale.toPixel(runEnd);
        if (runEnd > 0 && endX < m_plotRect.right())
            painter.fillRect(
                QRect(QPoint(std::max(m_plotRect.left(), int(std::ceil(endX))), rect.top()),
                      QPoint(m_plotRect.right(), rect.bottom())),
                m_theme.afterEnd);
    }

    // Grid lines at the axis ticks.
    {
        const QFontMetrics metrics(m_smallFont);
        const TimeNs step =
            scale.tickStep(metrics.horizontalAdvance(QStringLiteral("0000.00 ms")) + px(12));
        QPen pen(m_theme.grid);
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
    paintBars(painter, m_bars, plotArea);
    paintBars(painter, m_overlayBars, plotArea);
    if (!m_hatches.empty()) {
        std::vector<QLineF> lines;
        for (const QRect &rect : m_hatches)
            appendHatch(rect, m_theme.hatchSpacing * m_scale, lines);
        QPen pen(m_theme.hatch);
        pen.setWidthF(std::max(1.0, 1.5 * m_scale));
        painter.setPen(pen);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.drawLines(lines.data(), int(lines.size()));
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
    for (const Text &label : m_texts) {
        painter.setFont(label.span ? m_spanFont : m_smallFont);
        painter.setPen(QColor::fromRgb(barColour(label.colour, label.run, label.thread)));
        painter.drawText(label.rect.adjusted(px(4), 0, -px(2), 0), Qt::AlignLeft | Qt::AlignVCenter,
                         label.text);
    }
    if (!m_arrows.empty()) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const Arrow &arrow : m_arrows) {
            QPen pen(QColor::fromRgba(arrow.colour));
            pen.setWidthF(1.2 * m_scale);
            painter.setPen(pen);
            painter.drawLine(arrow.line);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor::fromRgba(arrow.colour));
            painter.drawPolygon(arrow.head);
            painter.setBrush(Qt::NoBrush);
        }
        painter.setRenderHint(QPainter::Antialiasing, false);
    }

    // Run headers across the whole width: the run's title and wall time, and a tick at its end.
    painter.setClipRect(m_lanesRect);
    for (size_t i = first; i < lanes.size() && lanes[i].top < viewBottom; ++i) {
        const TimelineLane &lane = lanes[i];
        if (lane.kind != TimelineLane::Kind::RunHeader)
            continue;
        const QRect rect = laneRect(i);
        QPen separator(m_theme.separator);
        separator.setWidthF(std::max(1.0, m_theme.lineWidth * m_scale));
        painter.setPen(separator);
        if (lane.top > 0)
            painter.drawLine(QPointF(rect.left(), rect.top() + 0.5),
                             QPointF(rect.right(), rect.top() + 0.5));
        const auto &trace = m_runs[size_t(lane.run)];
        // The end tick lines up with the other runs' on the shared axis.
        const double endX = scale.toPixel(trace->duration());
        if (trace->duration() > 0 && endX >= m_plotRect.left() && endX <= m_plotRect.right()) {
            QPen tick(m_theme.text);
            tick.setWidthF(std::max(1.0, 2.0 * m_scale));
            painter.setPen(tick);
            painter.drawLine(QPointF(endX, rect.top() + rect.height() * 0.25),
                             QPointF(endX, rect.bottom() + 1));
        }
        // The title on its own patch of header, so that an early end tick never runs through it.
        const QString title = headerText(lane.run);
        const QString wall =
            trace->duration() > 0
                ? QStringLiteral("wall %1").arg(TimeScale::formatDuration(trace->duration()))
                : QString();
        const QRect textRect = rect.adjusted(px(8), 0, -px(8), 0);
        const int titleWidth = QFontMetrics(m_boldFont).horizontalAdvance(title);
        const int wallWidth =
            wall.isEmpty() ? 0 : QFontMetrics(m_font).horizontalAdvance(wall) + px(14);
        painter.fillRect(QRect(rect.left(), rect.top() + 1, px(8) + titleWidth + wallWidth + px(6),
                               rect.height() - 1),
                         m_theme.headerBackground);
        painter.setFont(m_boldFont);
        painter.setPen(m_theme.text);
        painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, title);
        painter.setFont(m_font);
        painter.setPen(m_theme.mutedText);
        painter.drawText(textRect.adjusted(titleWidth + px(14), 0, 0, 0),
                         Qt::AlignLeft | Qt::AlignVCenter, wall);
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
    const QFontMetrics metrics(m_font);
    const int pad = px(8);
    for (size_t i = m_layout.laneAt(m_scrollY).value_or(0);
         i < lanes.size() && lanes[i].top < viewBottom; ++i) {
        const TimelineLane &lane = lanes[i];
        if (lane.kind == TimelineLane::Kind::RunHeader)
            continue;
        const QRect rect = laneRect(i);
        const QRect cell(column.left(), rect.top(), m_labelWidth, rect.height());
        QRect textRect = cell.adjusted(pad, 0, -pad / 2, 0);
        const bool highlighted = lane.kind == TimelineLane::Kind::Thread && m_highlight
                                 && m_highlight->run == lane.run
                                 && m_highlight->thread == lane.index;
        if (lane.kind == TimelineLane::Kind::Thread) {
            // A swatch in the thread's colour ties the lane to its bars on the cores.
            const int size = std::min(metrics.ascent(), rect.height() - 2);
            const QRect swatch(textRect.left(), rect.top() + (rect.height() - size) / 2, size,
                               size);
            const QRgb colour = barColour(threadColour(lane.run, lane.index), lane.run, lane.index);
            painter.fillRect(swatch, QColor::fromRgb(colour));
            if (isProcess(lane.run, lane.index)) {
                std::vector<QLineF> lines;
                appendHatch(swatch, std::max(3.0, m_theme.hatchSpacing * m_scale * 0.6), lines);
                painter.setPen(QPen(m_theme.hatch, std::max(1.0, m_scale)));
                painter.drawLines(lines.data(), int(lines.size()));
            }
            textRect.setLeft(swatch.right() + pad / 2 + 1);
        }
        painter.setFont(highlighted ? m_boldFont : m_font);
        painter.setPen(lane.kind == TimelineLane::Kind::Core ? m_theme.mutedText : m_theme.text);
        painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                         metrics.elidedText(laneLabel(lane), Qt::ElideRight, textRect.width()));
    }
    QPen edge(m_theme.grid);
    painter.setPen(edge);
    const int bottom =
        std::min(m_lanesRect.bottom(), m_lanesRect.top() + m_layout.contentHeight() - m_scrollY);
    painter.drawLine(m_labelWidth - 1, m_lanesRect.top(), m_labelWidth - 1, bottom);
    painter.restore();
}

void TimelineRenderer::paintSwatch(QPainter &painter, const LegendEntry &entry,
                                   const QRect &rect) const
{
    using Swatch = LegendEntry::Swatch;
    const QColor colour = QColor::fromRgb(entry.colour);
    switch (entry.swatch) {
    case Swatch::Solid:
        painter.fillRect(rect, colour);
        break;
    case Swatch::Hatched: {
        painter.fillRect(rect, colour);
        std::vector<QLineF> lines;
        appendHatch(rect, m_theme.hatchSpacing * m_scale * 0.8, lines);
        painter.setPen(QPen(m_theme.hatch, std::max(1.0, 1.5 * m_scale)));
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
        painter.setPen(QPen(m_theme.mutedText, 1));
        painter.drawRect(rect.adjusted(0, 0, -1, -1));
        break;
    }
    case Swatch::Stripes: {
        const int third = rect.width() / 3;
        for (int k = 0; k < 3; ++k)
            painter.fillRect(QRect(rect.left() + k * third, rect.top(),
                                   k == 2 ? rect.width() - 2 * third : third, rect.height()),
                             TimelinePalette::threadColour(uint32_t(k + 1), m_theme.isDark()));
        break;
    }
    case Swatch::Arrow: {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, true);
        QPen pen(colour);
        pen.setWidthF(1.5 * m_scale);
        painter.setPen(pen);
        const double x = rect.center().x();
        const QPointF tip(x, rect.bottom());
        painter.drawLine(QPointF(x, rect.top()), tip);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawPolygon(arrowHead(tip, 1.0, rect.height() * 0.45));
        painter.restore();
        break;
    }
    }
}

void TimelineRenderer::paintLegend(QPainter &painter)
{
    if (m_legend.empty())
        return;
    painter.save();
    painter.setFont(m_font);
    const QFontMetrics metrics(m_font);
    const int swatchWidth = px(22);
    for (const LegendEntry &entry : m_legend) {
        const int swatchHeight = std::max(4, metrics.ascent());
        const QRect swatch(entry.rect.left(),
                           entry.rect.top() + (entry.rect.height() - swatchHeight) / 2, swatchWidth,
                           swatchHeight);
        paintSwatch(painter, entry, swatch);
        painter.setPen(m_theme.text);
        painter.drawText(entry.rect.adjusted(swatchWidth + px(6), 0, 0, 0),
                         Qt::AlignLeft | Qt::AlignVCenter, entry.text);
    }
    painter.restore();
}

void TimelineRenderer::paintOverlays(QPainter &painter, const TimelineOverlays &overlays)
{
    ensureFrame();
    const TimeScale scale = timeScale();
    painter.save();
    const QRect plot = m_plotRect.intersected(m_lanesRect);
    const QFontMetrics metrics(m_smallFont);
    const auto label = [&](double x, const QString &text, QColor fill, QColor ink) {
        const int w = metrics.horizontalAdvance(text) + px(10);
        const int h = std::max(metrics.height() + px(2), m_axisRect.height() - px(2));
        int left = int(x) - w / 2;
        left = std::clamp(left, m_axisRect.left(),
                          std::max(m_axisRect.left(), m_axisRect.right() - w));
        const QRect box(left, m_axisRect.top() + 1, w, h);
        painter.fillRect(box, fill);
        painter.setPen(ink);
        painter.setFont(m_smallFont);
        painter.drawText(box, Qt::AlignCenter, text);
    };

    if (overlays.hoverLane && *overlays.hoverLane < m_layout.lanes().size()) {
        const QRect rect = laneRect(*overlays.hoverLane).intersected(m_lanesRect);
        QColor tint = m_theme.text;
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
                         m_theme.selectionFill);
        QPen edge(m_theme.selectionEdge);
        edge.setWidthF(std::max(1.0, m_scale));
        painter.setPen(edge);
        for (const TimeNs t : {begin, end}) {
            const double x = scale.toPixel(t);
            if (x >= plot.left() && x <= plot.right() + 1)
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        }
        if (m_chrome.axis)
            label((x0 + x1) / 2, QStringLiteral("Δ %1").arg(TimeScale::formatDuration(end - begin)),
                  m_theme.selectionEdge, TimelinePalette::textOn(m_theme.selectionEdge));
    }
    if (overlays.cursor) {
        const double x = scale.toPixel(*overlays.cursor);
        if (x >= plot.left() && x <= plot.right()) {
            QPen pen(m_theme.cursor);
            pen.setWidthF(std::max(1.0, m_scale));
            pen.setStyle(Qt::DashLine);
            painter.setPen(pen);
            painter.drawLine(QPointF(std::floor(x) + 0.5, plot.top()),
                             QPointF(std::floor(x) + 0.5, plot.bottom()));
            if (m_chrome.axis && !overlays.selection)
                label(x, TimeScale::formatTime(*overlays.cursor, scale.nsPerPixel()),
                      m_theme.cursor, m_theme.background);
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
    if (!m_lanesRect.contains(point) || m_runs.empty())
        return hit;
    const auto laneIndex = m_layout.laneAt(point.y() - m_lanesRect.top() + m_scrollY);
    if (!laneIndex)
        return hit;
    const TimelineLane &lane = m_layout.lanes()[*laneIndex];
    const auto &trace = m_runs[size_t(lane.run)];
    hit.lane = laneIndex;
    hit.run = lane.run;
    const QRect rect = laneRect(*laneIndex);

    const auto describeThread = [&](uint32_t thread) {
        const ThreadInfo &info = trace->threads()[thread];
        const QString who = info.role == ThreadRole::ChildProcess
                                ? QStringLiteral("child process, pid %1").arg(info.pid)
                            : info.role == ThreadRole::Engine
                                ? QStringLiteral("main thread, tid %1").arg(info.tid)
                                : QStringLiteral("thread, tid %1").arg(info.tid);
        return QStringLiteral("%1 (%2)").arg(threadName(lane.run, thread), who);
    };
    const auto interval = [&](TimeNs begin, TimeNs end) {
        const double resolution = scale.nsPerPixel() / 4;
        return QStringLiteral("%1 → %2 (%3)")
            .arg(TimeScale::formatTime(begin, resolution), TimeScale::formatTime(end, resolution),
                 TimeScale::formatDuration(end - begin));
    };
    const auto taskAt = [&](uint32_t thread, TimeNs t) -> std::optional<uint32_t> {
        const lod::SpanLayer *tasks = m_cache->taskLayer(trace, thread);
        if (!tasks)
            return std::nullopt;
        const auto span = lod::spanAt(trace->spansOf(thread), tasks->spans, t);
        if (!span)
            return std::nullopt;
        return trace->spansOf(thread).task[*span];
    };
    const TimeNs tolerance = std::max<TimeNs>(1, scale.durationOf(px(3)));
    const TimeNs pixel = std::max<TimeNs>(1, scale.durationOf(1));

    if (lane.kind == TimelineLane::Kind::RunHeader) {
        hit.part = TimelineHit::Part::RunHeader;
        const TraceMetadata &meta = trace->metadata();
        QStringList lines{
            headerText(lane.run),
            QStringLiteral("wall time %1").arg(TimeScale::formatDuration(trace->duration()))};
        if (!meta.captureMethod.empty())
            lines.append(QStringLiteral("capture %1 (±%2)")
                             .arg(text(meta.captureMethod),
                                  TimeScale::formatDuration(meta.capturePrecisionNs)));
        if (meta.droppedEvents > 0)
            lines.append(QStringLiteral("%1 events dropped").arg(meta.droppedEvents));
        hit.toolTip = lines.join(QLatin1Char('\n'));
        return hit;
    }
    if (point.x() < m_plotRect.left()) {
        hit.part = TimelineHit::Part::LaneLabel;
        if (lane.kind == TimelineLane::Kind::Thread) {
            hit.thread = lane.index;
            hit.toolTip = describeThread(lane.index);
        } else {
            hit.core = lane.index;
            hit.toolTip = QStringLiteral("core %1").arg(lane.index);
        }
        return hit;
    }

    if (lane.kind == TimelineLane::Kind::Core) {
        hit.part = TimelineHit::Part::CoreLane;
        hit.core = lane.index;
        const CoreSlices &slices = trace->slicesOnCore(lane.index);
        auto found = lod::sliceAt(slices, hit.time);
        if (!found) {
            // Nothing exactly here: the nearest slice within a few pixels, so thin ones can be hit.
            const size_t next = lod::firstBeginningAtOrAfter(slices.begin, hit.time);
            std::optional<size_t> best;
            TimeNs distance = tolerance + 1;
            if (next < slices.size() && slices.begin[next] - hit.time < distance) {
                best = next;
                distance = slices.begin[next] - hit.time;
            }
            if (next > 0 && hit.time - slices.end[next - 1] < distance)
                best = next - 1;
            found = best;
        }
        if (found) {
            const size_t k = *found;
            hit.thread = slices.thread[k];
            hit.begin = slices.begin[k];
            hit.end = slices.end[k];
            hit.state = ThreadState::Running;
            hit.task = hit.thread && *hit.thread < trace->threads().size()
                           ? taskAt(*hit.thread, hit.time)
                           : std::nullopt;
            const TimeNs columnBegin = scale.toTime(std::floor(double(point.x())));
            hit.eventsInPixel =
                uint32_t(lod::firstBeginningAtOrAfter(slices.begin, columnBegin + pixel)
                         - lod::firstBeginningAtOrAfter(slices.begin, columnBegin));
            QStringList lines;
            if (*hit.thread < trace->threads().size())
                lines.append(describeThread(*hit.thread));
            lines.append(QStringLiteral("running on core %1").arg(lane.index));
            if (hit.task)
                lines.append(QStringLiteral("task %1").arg(*hit.task));
            lines.append(interval(*hit.begin, *hit.end));
            if (hit.eventsInPixel > 1)
                lines.append(QStringLiteral("%1 slices in this pixel: zoom in to see them")
                                 .arg(hit.eventsInPixel));
            hit.toolTip = lines.join(QLatin1Char('\n'));
        } else {
            hit.toolTip = QStringLiteral("core %1 idle at %2")
                              .arg(lane.index)
                              .arg(TimeScale::formatTime(hit.time, scale.nsPerPixel()));
        }
        return hit;
    }

    // A thread lane: the span band above, the state strip below.
    const uint32_t thread = lane.index;
    hit.thread = thread;
    hit.task = taskAt(thread, hit.time);
    const QRect band = spanBandOf(rect);
    QStringList lines{describeThread(thread)};
    if (point.y() <= band.bottom()) {
        hit.part = TimelineHit::Part::SpanBand;
        const ThreadSpans &spans = trace->spansOf(thread);
        for (const lod::SpanLayer &layer : m_cache->spanLayers(trace, thread)) {
            if (layer.depth > 0 || layer.kind == SpanKind::GilHold
                || layer.kind == SpanKind::LockHold)
                continue;
            auto span = lod::spanAt(spans, layer.spans, hit.time);
            if (!span) {
                for (const TimeNs t : {hit.time - tolerance, hit.time + tolerance}) {
                    span = lod::spanAt(spans, layer.spans, t);
                    if (span)
                        break;
                }
            }
            if (!span)
                continue;
            hit.span = *span;
            hit.begin = spans.begin[*span];
            hit.end = spans.end[*span];
            switch (spans.kind[*span]) {
            case SpanKind::Task:
                lines.append(QStringLiteral("task %1 (result %2)")
                                 .arg(spans.task[*span])
                                 .arg(spans.result[*span]));
                break;
            case SpanKind::Startup:
                lines.append(QStringLiteral("process start-up"));
                break;
            case SpanKind::Named: {
                const auto &names = trace->spanNames();
                const uint32_t name = spans.task[*span];
                lines.append(name < names.size() ? text(names[name]) : QStringLiteral("slice"));
                break;
            }
            default:
                lines.append(text(std::string(spanKindName(spans.kind[*span]))));
                break;
            }
            lines.append(interval(*hit.begin, *hit.end));
            break;
        }
        if (!hit.span)
            lines.append(QStringLiteral("no task at %1")
                             .arg(TimeScale::formatTime(hit.time, scale.nsPerPixel())));
        hit.toolTip = lines.join(QLatin1Char('\n'));
        return hit;
    }
    hit.part = TimelineHit::Part::StateStrip;
    const ThreadStates &states = trace->statesOf(thread);
    auto found = lod::stateAt(states, hit.time);
    if (found) {
        const size_t k = *found;
        hit.begin = states.begin[k];
        hit.end = states.end[k];
        hit.state = states.state[k];
        QString what = stateDescription(states.state[k]);
        if (states.state[k] == ThreadState::Running) {
            hit.core = states.core[k];
            what += QStringLiteral(" on core %1").arg(states.core[k]);
        }
        lines.append(what);
        if (hit.task)
            lines.append(QStringLiteral("task %1").arg(*hit.task));
        lines.append(interval(*hit.begin, *hit.end));
        const TimeNs columnBegin = scale.toTime(std::floor(double(point.x())));
        hit.eventsInPixel = uint32_t(lod::firstBeginningAtOrAfter(states.begin, columnBegin + pixel)
                                     - lod::firstBeginningAtOrAfter(states.begin, columnBegin));
        if (hit.eventsInPixel > 1)
            lines.append(QStringLiteral("%1 state changes in this pixel: zoom in to see them")
                             .arg(hit.eventsInPixel));
    } else {
        lines.append(QStringLiteral("not alive at %1")
                         .arg(TimeScale::formatTime(hit.time, scale.nsPerPixel())));
    }
    hit.toolTip = lines.join(QLatin1Char('\n'));
    return hit;
}

} // namespace corescope
