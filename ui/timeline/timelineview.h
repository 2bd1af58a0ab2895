// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelineexporter.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinerenderer.h"
#include "timeline/timelinetheme.h"
#include "timeline/timescale.h"

#include "timeline/timelinelodcache.h"

#include <QAbstractScrollArea>
#include <QFutureWatcher>
#include <QImage>

#include <memory>
#include <optional>
#include <vector>

namespace corescope {

class TimelineViewState;

/// The timeline of one or more runs stacked on one time axis: per-core Gantt lanes and/or
/// per-thread state lanes. Navigation as in Perfetto and Tracy: Ctrl+wheel or W/S zoom around
/// the mouse, drag or A/D pan, Shift+drag (or right-drag) measures a range, double-click or F
/// zooms to it, 0 or Home fits everything, Esc clears; a click highlights a thread in every view;
/// a drag along the time axis scrubs a replay's playhead. Zoom, selection, highlight, cursor and
/// playhead live in the shared TimelineViewState.
///
/// The picture is cached: it is redrawn from level-of-detail queries when the runs, the range,
/// the size or the scroll position change, and a paint for the mouse only blits it and draws the
/// cursor, the selection and the hovered lane on top.
class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    /// `state` must outlive the view; a window makes one and hands it to all its views.
    explicit TimelineView(TimelineViewState *state, QWidget *parent = nullptr);
    ~TimelineView() override;

    [[nodiscard]] TimelineViewState *viewState() const { return m_state; }
    /// What the view derives from its runs, for others that need the same (the replay).
    [[nodiscard]] std::shared_ptr<TimelineLodCache> cache() const { return m_cache; }

    /// Runs stacked top to bottom, one shared time axis (each run's time 0 is its own start).
    /// Cheap enough to call ten times a second with a growing live trace: a view that showed
    /// everything keeps showing everything as the trace grows.
    void setRuns(std::vector<std::shared_ptr<const Trace>> runs);
    [[nodiscard]] const std::vector<std::shared_ptr<const Trace>> &runs() const;

    void setLaneMode(LaneMode mode);
    [[nodiscard]] LaneMode laneMode() const;
    void setTheme(const TimelineTheme &theme);
    [[nodiscard]] const TimelineTheme &theme() const;
    /// Hand-off arrows (GIL, lock, queue) between thread lanes.
    void setShowHandoffs(bool show);
    [[nodiscard]] bool showHandoffs() const;
    void setShowLegend(bool show);
    [[nodiscard]] bool showLegend() const;

    /// The end of the longest run: the right limit of zoom and pan.
    [[nodiscard]] TimeNs extent() const;
    /// Whether summaries of huge lanes are being built in the background; meanwhile those lanes
    /// are drawn from their events (the same picture, a slower frame).
    [[nodiscard]] bool isPreparing() const { return m_preparing; }
    /// Shows every run from 0 to its end.
    void fitAll();
    /// Shows the selected range (with a little margin); nothing without a selection.
    void zoomToSelection();
    /// Zooms by `factor` (> 1 in) around the mouse when it is over the lanes, else the centre.
    void zoomBy(double factor);
    /// Pans by a fraction of the visible span (negative: earlier).
    void panBy(double fraction);

    /// Options for exporting what the view shows: its lanes, its arrows, and either the visible
    /// range or (visibleRangeOnly false) the whole trace; light theme, title and legend.
    [[nodiscard]] ExportOptions exportOptions(bool visibleRangeOnly) const;
    /// The runs drawn for a slide, with the same painting code as the screen.
    [[nodiscard]] QImage renderImage(QSize size, const ExportOptions &options) const;
    /// Writes a PNG, or an SVG when `path` ends in .svg, reusing what the view already derived
    /// from the runs; false with a message naming the file on failure.
    [[nodiscard]] bool exportFile(const QString &path, QSize size, const ExportOptions &options,
                                  QString *error) const;

    /// What lies under a point of the viewport.
    [[nodiscard]] TimelineHit hitTest(QPoint viewportPoint) const;
    /// The lanes' time area, in viewport coordinates.
    [[nodiscard]] QRect plotRect() const;
    [[nodiscard]] TimeScale timeScale() const;
    /// The layout's lanes and where each is in the viewport (tests, the lead's context menus).
    [[nodiscard]] const TimelineLayout &layout() const;
    [[nodiscard]] QRect laneRect(size_t lane) const;

signals:
    /// A click on a thread's lane, or on one of its bars on a core.
    void threadClicked(int run, uint32_t thread);
    /// The mouse moved onto something else (hit.part is Nothing when it left).
    void hoverChanged(const corescope::TimelineHit &hit);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Drag : uint8_t {
        None,
        Pan,
        Select,
        Scrub, ///< the playhead, along the time axis
    };

    void onVisibleRangeChanged();
    void invalidatePicture();
    void updateScrollBars();
    void zoomAround(double x, double factor);
    void setRange(TimeNs begin, TimeNs end);
    void updateHover(QPoint point);
    void prepareInBackground();
    [[nodiscard]] std::optional<double> mouseX() const;

    TimelineViewState *m_state; ///< not owned; outlives the view (one per window)
    std::shared_ptr<TimelineLodCache> m_cache;
    mutable std::unique_ptr<TimelineRenderer> m_renderer; ///< lazily computed geometry
    QImage m_picture; ///< an image, so the renderer can write bars straight into its pixels
    bool m_pictureValid = false;
    bool m_updatingScrollBars = false;

    Drag m_drag = Drag::None;
    QPoint m_pressPoint;
    QPoint m_lastPoint;
    bool m_moved = false;
    TimeNs m_selectionAnchor = 0;
    std::optional<size_t> m_hoverLane;
    TimelineHit m_hover;

    // Summaries of huge lanes are built on the thread pool, one job at a time. Its results go to
    // the cache under their own traces, so a job overtaken by setRuns() does no harm; the
    // generation number tells that another job is due for the runs shown now.
    using Prepared =
        std::vector<std::pair<std::shared_ptr<const Trace>, TimelineLodCache::PreparedSummaries>>;
    QFutureWatcher<Prepared> *m_preparation = nullptr;
    bool m_preparing = false;
    uint64_t m_generation = 0;
    uint64_t m_preparedGeneration = 0;
};

} // namespace corescope
