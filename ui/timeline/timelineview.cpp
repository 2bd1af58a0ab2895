// SPDX-License-Identifier: MIT
#include "timeline/timelineview.h"

#include "timeline/timelinelodcache.h"
#include "timeline/timelineviewstate.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPromise>
#include <QScrollBar>
#include <QThreadPool>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace corescope {
namespace {

/// Horizontal scroll bar resolution: it maps the visible range's place in the whole extent.
constexpr int kScrollSteps = 100000;
/// One W/S press or wheel notch with Ctrl.
constexpr double kZoomStep = 1.25;
/// One A/D press: this fraction of the visible span.
constexpr double kPanStep = 0.15;
/// A press that moves less than this is a click, not a drag.
constexpr int kClickSlop = 4;

} // namespace

TimelineView::TimelineView(TimelineViewState *state, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_state(state)
    , m_cache(std::make_shared<TimelineLodCache>())
    , m_renderer(std::make_unique<TimelineRenderer>(m_cache))
{
    Q_ASSERT(state);
    setObjectName(QStringLiteral("timelineView"));
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    // Never block a paint on summarising a huge lane: that happens on the thread pool.
    m_cache->setBuildOnDemand(false);
    m_preparation = new QFutureWatcher<Prepared>(this);
    connect(m_preparation, &QFutureWatcherBase::finished, this, [this] {
        m_preparing = false;
        if (m_preparation->future().resultCount() > 0) {
            Prepared prepared = m_preparation->future().takeResult();
            for (auto &[trace, summaries] : prepared)
                m_cache->install(trace, std::move(summaries));
            invalidatePicture();
        }
        if (m_preparedGeneration != m_generation)
            prepareInBackground();
    });
    TimelineChrome chrome;
    chrome.legend = true;
    m_renderer->setChrome(chrome);
    m_renderer->setStretchLimits(0.8, 1.8);
    m_renderer->setRange(state->visibleBegin(), state->visibleEnd());

    connect(state, &TimelineViewState::visibleRangeChanged, this,
            &TimelineView::onVisibleRangeChanged);
    connect(state, &TimelineViewState::selectionChanged, viewport(), qOverload<>(&QWidget::update));
    connect(state, &TimelineViewState::cursorChanged, viewport(), qOverload<>(&QWidget::update));
    connect(state, &TimelineViewState::criticalPathShownChanged, viewport(),
            qOverload<>(&QWidget::update));
    const auto hideAfterPlayhead = [this] {
        if (m_renderer->setHiddenAfter(m_state->predicting() ? m_state->playhead() : std::nullopt))
            invalidatePicture();
        viewport()->update();
    };
    connect(state, &TimelineViewState::predictingChanged, this, hideAfterPlayhead);
    connect(state, &TimelineViewState::playheadChanged, this, hideAfterPlayhead);
    connect(state, &TimelineViewState::highlightChanged, this, [this] {
        m_renderer->setHighlight(m_state->highlightedThread());
        m_pictureValid = false;
        viewport()->update();
    });
}

TimelineView::~TimelineView() = default;

void TimelineView::setRuns(std::vector<std::shared_ptr<const Trace>> runs)
{
    const bool hadRuns = !m_renderer->runs().empty();
    const TimeNs oldExtent = m_renderer->extent();
    // A view that showed everything keeps doing so while a live trace grows.
    const bool showedAll =
        !hadRuns || (m_state->visibleBegin() <= 0 && m_state->visibleEnd() >= oldExtent);
    m_cache->carryOver(m_renderer->runs(), runs);
    m_renderer->setRuns(std::move(runs));
    ++m_generation;
    prepareInBackground();
    invalidatePicture();
    if (showedAll || m_renderer->extent() < m_state->visibleBegin())
        fitAll();
    else
        updateScrollBars();
    if (m_hoverLane && *m_hoverLane >= m_renderer->layout().lanes().size())
        m_hoverLane.reset();
}

const std::vector<std::shared_ptr<const Trace>> &TimelineView::runs() const
{
    return m_renderer->runs();
}

void TimelineView::setLaneMode(LaneMode mode)
{
    m_renderer->setLaneMode(mode);
    m_hoverLane.reset();
    invalidatePicture();
}

LaneMode TimelineView::laneMode() const
{
    return m_renderer->laneMode();
}

void TimelineView::setTheme(const TimelineTheme &theme)
{
    m_renderer->setTheme(theme);
    invalidatePicture();
}

const TimelineTheme &TimelineView::theme() const
{
    return m_renderer->theme();
}

void TimelineView::setShowHandoffs(bool show)
{
    m_renderer->setShowHandoffs(show);
    invalidatePicture();
}

bool TimelineView::showHandoffs() const
{
    return m_renderer->showHandoffs();
}

void TimelineView::setShowLegend(bool show)
{
    TimelineChrome chrome = m_renderer->chrome();
    chrome.legend = show;
    m_renderer->setChrome(chrome);
    invalidatePicture();
}

bool TimelineView::showLegend() const
{
    return m_renderer->chrome().legend;
}

TimeNs TimelineView::extent() const
{
    return m_renderer->extent();
}

void TimelineView::fitAll()
{
    setRange(0, extent());
}

void TimelineView::zoomToSelection()
{
    const auto selection = m_state->selection();
    if (!selection)
        return;
    // A small margin keeps the selection's edges visible.
    const TimeNs margin = (selection->second - selection->first) / 40;
    setRange(selection->first - margin, selection->second + margin);
}

void TimelineView::zoomBy(double factor)
{
    const auto x = mouseX();
    const QRect plot = m_renderer->plotRect();
    zoomAround(x.value_or(plot.left() + plot.width() / 2.0), factor);
}

void TimelineView::panBy(double fraction)
{
    const TimeScale scale = m_renderer->timeScale();
    const TimeScale panned = scale.pannedBy(fraction * scale.width(), 0, extent());
    setRange(panned.begin(), panned.end());
}

ExportOptions TimelineView::exportOptions(bool visibleRangeOnly) const
{
    ExportOptions options;
    options.laneMode = laneMode();
    options.showHandoffs = showHandoffs();
    if (visibleRangeOnly)
        options.range = std::pair{m_state->visibleBegin(), m_state->visibleEnd()};
    options.playhead = m_state->playhead();
    options.predicting = m_state->predicting();
    options.criticalPath = m_state->showsCriticalPath();
    options.highlight = m_state->highlightedThread();
    return options;
}

QImage TimelineView::renderImage(QSize size, const ExportOptions &options) const
{
    return TimelineExporter::renderImage(runs(), size, options, m_cache);
}

bool TimelineView::exportFile(const QString &path, QSize size, const ExportOptions &options,
                              QString *error) const
{
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        return TimelineExporter::writeSvg(runs(), path, size, options, error, m_cache);
    return TimelineExporter::writePng(runs(), path, size, options, error, m_cache);
}

TimelineHit TimelineView::hitTest(QPoint viewportPoint) const
{
    return m_renderer->hitTest(viewportPoint);
}

QRect TimelineView::plotRect() const
{
    return m_renderer->plotRect().intersected(m_renderer->lanesRect());
}

TimeScale TimelineView::timeScale() const
{
    return m_renderer->timeScale();
}

const TimelineLayout &TimelineView::layout() const
{
    return m_renderer->layout();
}

QRect TimelineView::laneRect(size_t lane) const
{
    return m_renderer->laneRect(lane);
}

// --- Internals ---------------------------------------------------------------------------------

void TimelineView::prepareInBackground()
{
    if (m_preparing)
        return; // the running job's end starts the next one
    m_preparedGeneration = m_generation;
    std::vector<
        std::pair<std::shared_ptr<const Trace>, std::shared_ptr<const TimelineLodCache::Earlier>>>
        todo;
    for (const auto &run : runs()) {
        if (m_cache->needsPreparation(run))
            todo.emplace_back(run, m_cache->earlierOf(run));
    }
    if (todo.empty())
        return;
    m_preparing = true;
    auto promise = std::make_shared<QPromise<Prepared>>();
    m_preparation->setFuture(promise->future());
    // The job holds the traces, so they live until it is done even if the view lets go.
    QThreadPool::globalInstance()->start([promise, todo = std::move(todo)] {
        promise->start();
        Prepared prepared;
        for (const auto &[trace, earlier] : todo)
            prepared.emplace_back(trace, TimelineLodCache::prepare(*trace, earlier.get()));
        promise->addResult(std::move(prepared));
        promise->finish();
    });
}

void TimelineView::invalidatePicture()
{
    m_pictureValid = false;
    updateScrollBars();
    viewport()->update();
}

void TimelineView::onVisibleRangeChanged()
{
    m_renderer->setRange(m_state->visibleBegin(), m_state->visibleEnd());
    m_pictureValid = false;
    updateScrollBars();
    viewport()->update();
}

void TimelineView::setRange(TimeNs begin, TimeNs end)
{
    const auto [b, e] = TimeScale::clampRange(begin, end, 0, extent());
    m_state->setVisibleRange(b, e);
}

void TimelineView::zoomAround(double x, double factor)
{
    const TimeScale zoomed = m_renderer->timeScale().zoomedAt(x, factor, 0, extent());
    m_state->setVisibleRange(zoomed.begin(), zoomed.end());
}

std::optional<double> TimelineView::mouseX() const
{
    const QPoint point = viewport()->mapFromGlobal(QCursor::pos());
    if (!plotRect().contains(point))
        return std::nullopt;
    return double(point.x());
}

void TimelineView::updateScrollBars()
{
    m_updatingScrollBars = true;
    m_renderer->setSize(viewport()->size());
    const int lanesHeight = m_renderer->lanesRect().height();
    QScrollBar *vertical = verticalScrollBar();
    vertical->setRange(0, std::max(0, m_renderer->contentHeight() - lanesHeight));
    vertical->setPageStep(std::max(1, lanesHeight));
    vertical->setSingleStep(std::max(1, lanesHeight / 20));
    vertical->setValue(m_renderer->scrollY());

    QScrollBar *horizontal = horizontalScrollBar();
    const double whole = double(extent());
    const double span = double(m_state->visibleEnd() - m_state->visibleBegin());
    if (span >= whole) {
        horizontal->setRange(0, 0);
    } else {
        const int page = std::max(1, int(kScrollSteps * span / whole));
        horizontal->setPageStep(page);
        horizontal->setSingleStep(std::max(1, page / 10));
        horizontal->setRange(0, kScrollSteps - page);
        horizontal->setValue(
            int(std::lround(kScrollSteps * double(m_state->visibleBegin()) / whole)));
    }
    m_updatingScrollBars = false;
}

void TimelineView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx)
    Q_UNUSED(dy)
    if (m_updatingScrollBars)
        return;
    if (verticalScrollBar()->value() != m_renderer->scrollY()) {
        m_renderer->setScrollY(verticalScrollBar()->value());
        m_pictureValid = false;
        viewport()->update();
    }
    if (horizontalScrollBar()->maximum() > 0) {
        const TimeNs span = m_state->visibleEnd() - m_state->visibleBegin();
        const auto begin = TimeNs(
            std::llround(double(horizontalScrollBar()->value()) * double(extent()) / kScrollSteps));
        if (std::abs(begin - m_state->visibleBegin()) > span / 1000)
            setRange(begin, begin + span);
    }
}

// --- Events ------------------------------------------------------------------------------------

void TimelineView::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    const QSize size = viewport()->size();
    const qreal ratio = devicePixelRatioF();
    if (!m_pictureValid || m_picture.size() != size * ratio) {
        m_renderer->setSize(size);
        if (m_picture.size() != size * ratio) {
            m_picture = QImage(size * ratio, QImage::Format_ARGB32_Premultiplied);
            m_picture.setDevicePixelRatio(ratio);
        }
        QPainter painter(&m_picture);
        m_renderer->paint(painter);
        m_pictureValid = true;
    }
    QPainter painter(viewport());
    painter.drawImage(0, 0, m_picture);
    TimelineOverlays overlays;
    overlays.selection = m_state->selection();
    overlays.cursor = m_state->cursor();
    overlays.hoverLane = m_hoverLane;
    overlays.playhead = m_state->playhead();
    overlays.predicting = m_state->predicting();
    overlays.wakeupsOf = m_state->highlightedThread();
    overlays.criticalPath = m_state->showsCriticalPath();
    m_renderer->paintOverlays(painter, overlays);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    invalidatePicture();
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const TimelineHit hit = hitTest(help->pos());
        // In predict mode nothing after the playhead is told, nor what ends after it.
        const bool hidden = m_state->hides(hit.time) || (hit.end && m_state->hides(*hit.end))
                            || (m_state->predicting() && hit.part == TimelineHit::Part::RunHeader);
        if (hit.toolTip.isEmpty() || hidden)
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), hit.toolTip, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint angle = event->angleDelta();
    const double x = event->position().x();
    if (event->modifiers() & Qt::ControlModifier) {
        // 120 units per notch: one notch is one zoom step.
        zoomAround(x, std::pow(kZoomStep, angle.y() / 120.0));
        event->accept();
        return;
    }
    if ((event->modifiers() & Qt::ShiftModifier) || angle.x() != 0) {
        const int delta = angle.x() != 0 ? angle.x() : angle.y();
        panBy(-kPanStep * delta / 120.0);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    const QPoint point = event->position().toPoint();
    m_pressPoint = point;
    m_lastPoint = point;
    m_moved = false;
    if (!plotRect().contains(point) && event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const bool select =
        event->button() == Qt::RightButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (event->button() == Qt::LeftButton && !select
        && hitTest(point).part == TimelineHit::Part::Axis) {
        // Scrubbing: the playhead follows the mouse along the time axis.
        m_drag = Drag::Scrub;
        m_state->setPlayhead(std::clamp<TimeNs>(timeScale().toTime(point.x()), 0, extent()));
        viewport()->setCursor(Qt::SizeHorCursor);
    } else if (select && plotRect().contains(point)) {
        m_drag = Drag::Select;
        m_selectionAnchor = std::clamp<TimeNs>(timeScale().toTime(point.x()), 0, extent());
        viewport()->setCursor(Qt::IBeamCursor);
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Pan;
        if (plotRect().contains(point))
            viewport()->setCursor(Qt::ClosedHandCursor);
    }
    event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint point = event->position().toPoint();
    if ((point - m_pressPoint).manhattanLength() >= kClickSlop)
        m_moved = true;
    switch (m_drag) {
    case Drag::Pan:
        if (m_moved && point.x() != m_lastPoint.x()) {
            const TimeScale panned =
                timeScale().pannedBy(double(m_lastPoint.x() - point.x()), 0, extent());
            m_state->setVisibleRange(panned.begin(), panned.end());
        }
        if (m_moved && point.y() != m_lastPoint.y())
            verticalScrollBar()->setValue(verticalScrollBar()->value() + m_lastPoint.y()
                                          - point.y());
        break;
    case Drag::Scrub:
        m_state->setPlayhead(std::clamp<TimeNs>(timeScale().toTime(point.x()), 0, extent()));
        break;
    case Drag::Select:
        if (m_moved) {
            const TimeNs t = std::clamp<TimeNs>(timeScale().toTime(point.x()), 0, extent());
            m_state->setSelection(m_selectionAnchor, t);
        }
        break;
    case Drag::None:
        break;
    }
    m_lastPoint = point;
    updateHover(point);
    event->accept();
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    viewport()->unsetCursor();
    const QPoint point = event->position().toPoint();
    if (drag == Drag::Select && !m_moved) {
        m_state->clearSelection();
    } else if (drag == Drag::Pan && !m_moved && event->button() == Qt::LeftButton) {
        // A click: highlight the thread under the mouse everywhere, or clear on empty space.
        const TimelineHit hit = hitTest(point);
        const auto key = hit.threadKey();
        const bool onThread = key
                              && (hit.part == TimelineHit::Part::LaneLabel
                                  || hit.part == TimelineHit::Part::StateStrip
                                  || hit.part == TimelineHit::Part::SpanBand
                                  || (hit.part == TimelineHit::Part::CoreLane && hit.hasEvent()));
        if (onThread) {
            m_state->setHighlightedThread(m_state->highlightedThread() == key ? std::nullopt : key);
            emit threadClicked(key->run, key->thread);
        } else if (hit.part != TimelineHit::Part::Nothing
                   && hit.part != TimelineHit::Part::Legend) {
            m_state->setHighlightedThread(std::nullopt);
        }
    }
    event->accept();
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QPoint point = event->position().toPoint();
    if (m_state->selection()) {
        zoomToSelection();
    } else if (plotRect().contains(point)) {
        // No selection: zoom to the slice, state or task under the mouse.
        const TimelineHit hit = hitTest(point);
        // Not to one that ends behind predict mode's curtain: its end would show.
        if (hit.hasEvent() && hit.end && *hit.end > *hit.begin && !m_state->hides(*hit.end)) {
            const TimeNs margin = (*hit.end - *hit.begin) / 10;
            setRange(*hit.begin - margin, *hit.end + margin);
        }
    }
    event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_W:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(kZoomStep);
        break;
    case Qt::Key_S:
    case Qt::Key_Minus:
        zoomBy(1.0 / kZoomStep);
        break;
    case Qt::Key_A:
        panBy(-kPanStep);
        break;
    case Qt::Key_D:
        panBy(kPanStep);
        break;
    case Qt::Key_F:
        zoomToSelection();
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        fitAll();
        break;
    case Qt::Key_Escape:
        m_state->clearSelection();
        m_state->setHighlightedThread(std::nullopt);
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineView::leaveEvent(QEvent *event)
{
    QAbstractScrollArea::leaveEvent(event);
    m_state->setCursor(std::nullopt);
    if (m_hoverLane) {
        m_hoverLane.reset();
        viewport()->update();
    }
    if (m_hover.part != TimelineHit::Part::Nothing) {
        m_hover = TimelineHit();
        emit hoverChanged(m_hover);
    }
}

void TimelineView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        invalidatePicture();
}

void TimelineView::updateHover(QPoint point)
{
    const QRect plot = plotRect();
    if (plot.contains(point))
        m_state->setCursor(std::clamp<TimeNs>(timeScale().toTime(point.x()), 0, extent()));
    else
        m_state->setCursor(std::nullopt);

    const TimelineHit hit = hitTest(point);
    const bool laneRow = hit.lane && hit.part != TimelineHit::Part::RunHeader;
    const std::optional<size_t> lane = laneRow ? hit.lane : std::nullopt;
    if (lane != m_hoverLane) {
        m_hoverLane = lane;
        viewport()->update();
    }
    const bool changed = hit.part != m_hover.part || hit.lane != m_hover.lane
                         || hit.thread != m_hover.thread || hit.begin != m_hover.begin
                         || hit.span != m_hover.span;
    m_hover = hit;
    if (changed)
        emit hoverChanged(hit);
    if (QToolTip::isVisible()) {
        // Keep an open tooltip in step with the mouse rather than stale until it times out.
        if (hit.toolTip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(viewport()->mapToGlobal(point), hit.toolTip, viewport());
    }
}

} // namespace corescope
