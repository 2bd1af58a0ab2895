// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/corelanepainter.h"
#include "timeline/counterlanepainter.h"
#include "timeline/handoffarrowpainter.h"
#include "timeline/replayoverlaypainter.h"
#include "timeline/spanrowpainter.h"
#include "timeline/threadstatelanepainter.h"
#include "timeline/timelineframe.h"
#include "timeline/timelinehit.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelineprimitives.h"
#include "timeline/timelinetheme.h"
#include "timeline/timelineviewstate.h"
#include "timeline/timescale.h"

#include <QRect>
#include <QString>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

class QPainter;

namespace corescope {

class TimelineLodCache;

/// What frames the lanes. The screen shows the axis, the lane labels and (optionally) the
/// legend; an export adds a title so that the picture can go straight onto a slide.
struct TimelineChrome
{
    bool title = false;
    QString titleText; ///< empty: made from the runs ("factorize: serial, threads, gil, …")
    QString subtitle;  ///< empty: the machine and the capture method
    bool axis = true;
    bool labels = true;
    bool legend = true;
};

/// Marks drawn over the cached picture: they follow the mouse, the picture does not.
struct TimelineOverlays
{
    std::optional<std::pair<TimeNs, TimeNs>> selection;
    std::optional<TimeNs> cursor;
    std::optional<size_t> hoverLane;
    std::optional<TimeNs> playhead;
    bool predicting = false;            ///< hide what lies after the playhead
    std::optional<ThreadKey> wakeupsOf; ///< the thread whose wake-ups are drawn
    bool criticalPath = false;
};

/// Paints runs as a timeline with a QPainter on any device: the widget's cached pixmap, a QImage
/// for PNG export, a QSvgGenerator. Geometry (the rectangles, labels and arrows of the visible
/// lanes) is recomputed from level-of-detail queries only when the data, the range, the size or
/// the scroll position change; paint() then only draws what was computed, so a repaint for the
/// mouse costs no query at all. The renderer frames the picture (title, axis, labels, legend,
/// run headers) and hands each lane to the painters of its kind, which make its primitives and
/// answer its hit tests.
class TimelineRenderer
{
public:
    using Runs = std::vector<std::shared_ptr<const Trace>>;

    /// `cache` may be shared with other renderers of the same runs (a view and its exports).
    explicit TimelineRenderer(std::shared_ptr<TimelineLodCache> cache = {});
    ~TimelineRenderer();
    TimelineRenderer(const TimelineRenderer &) = delete;
    TimelineRenderer &operator=(const TimelineRenderer &) = delete;

    void setRuns(Runs runs);
    [[nodiscard]] const Runs &runs() const { return m_frame.runs; }
    void setLaneMode(LaneMode mode);
    [[nodiscard]] LaneMode laneMode() const { return m_mode; }
    void setTheme(const TimelineTheme &theme);
    [[nodiscard]] const TimelineTheme &theme() const { return m_frame.theme; }
    void setChrome(const TimelineChrome &chrome);
    [[nodiscard]] const TimelineChrome &chrome() const { return m_chrome; }
    /// Multiplies every size and font (2 for a 4K export that should look like 1080p).
    void setScale(double scale);
    void setShowHandoffs(bool show);
    /// Predict mode: run headers do not tell the wall time of a run that ends after `time`
    /// (nullopt: tell every one). Returns whether the picture changed.
    bool setHiddenAfter(std::optional<TimeNs> time);
    [[nodiscard]] bool showHandoffs() const { return m_showHandoffs; }
    /// Other threads fade; the picture repaints but nothing is queried again.
    void setHighlight(std::optional<ThreadKey> thread);
    /// How far lanes may shrink or grow to fill the height (exports shrink without limit).
    void setStretchLimits(double minStretch, double maxStretch);
    void setSize(QSize size);
    [[nodiscard]] QSize size() const { return m_size; }
    void setRange(TimeNs begin, TimeNs end);
    [[nodiscard]] TimeNs rangeBegin() const { return m_begin; }
    [[nodiscard]] TimeNs rangeEnd() const { return m_end; }
    /// Vertical scroll of the lanes, clamped to the content.
    void setScrollY(int y);
    [[nodiscard]] int scrollY() const { return m_scrollY; }

    /// The end of the longest run (each run starts at 0).
    [[nodiscard]] TimeNs extent() const;
    [[nodiscard]] TimeScale timeScale();
    /// The lanes' time area: x spans the time range, y the visible part of the lanes.
    [[nodiscard]] QRect plotRect();
    /// The lanes' viewport including the label column.
    [[nodiscard]] QRect lanesRect();
    [[nodiscard]] QRect axisRect();
    [[nodiscard]] int contentHeight();
    [[nodiscard]] const TimelineLayout &layout();
    /// A lane's rectangle on the device (full width, scrolled).
    [[nodiscard]] QRect laneRect(size_t lane);

    /// Everything but the overlays.
    void paint(QPainter &painter);
    void paintOverlays(QPainter &painter, const TimelineOverlays &overlays);
    /// Hides everything right of `x` (predict mode), under the other overlays.
    void paintCurtain(QPainter &painter, double x);
    [[nodiscard]] TimelineHit hitTest(QPoint point);

    /// Drawing primitives of the last geometry pass (tests and benchmarks count them).
    [[nodiscard]] size_t primitiveCount();
    /// The legend's entries for the runs shown (empty when the chrome has no legend).
    [[nodiscard]] const std::vector<TimelineLegendEntry> &legendEntries();

private:
    void invalidateFrame();
    void ensureFrame();
    void ensureGeometry();
    /// The painters of a lane kind, in drawing order (the last drawn answers hit tests first).
    [[nodiscard]] std::span<LanePainter *const> paintersOf(TimelineLane::Kind kind) const;
    void paintAxis(QPainter &painter, const TimeScale &scale);
    void paintLanes(QPainter &painter, const TimeScale &scale);
    void paintRunHeaders(QPainter &painter, const TimeScale &scale);
    void paintLabels(QPainter &painter);
    /// The mark before a lane's label: the thread's colour, a task's ring, a counter's steps.
    void paintLabelSwatch(QPainter &painter, const TimelineLane &lane, const QRect &swatch);
    void paintTitle(QPainter &painter);
    [[nodiscard]] TimeNs tickStep(const TimeScale &scale) const;
    [[nodiscard]] QString laneLabel(const TimelineLane &lane) const;
    /// A counter lane's highest value (0 for another lane), and its label's second line naming
    /// it ("max 4 items"; empty for another lane or a counter without values).
    [[nodiscard]] double counterHighest(const TimelineLane &lane) const;
    [[nodiscard]] QString counterScale(const TimelineLane &lane) const;
    [[nodiscard]] QString headerText(int run) const;
    [[nodiscard]] QString titleText() const;
    [[nodiscard]] QString subtitleText() const;
    [[nodiscard]] int px(double size) const { return m_frame.px(size); }
    /// How far a task's label sits in from its process's threads'.
    [[nodiscard]] int taskIndent() const { return px(10); }

    LaneMode m_mode = LaneMode::Both;
    TimelineChrome m_chrome;
    bool m_showHandoffs = true;
    std::optional<TimeNs> m_hiddenAfter;
    double m_minStretch = 0.75;
    double m_maxStretch = 1.8;
    QSize m_size{800, 600};
    TimeNs m_begin = 0;
    TimeNs m_end = 1'000'000'000;
    int m_scrollY = 0;

    // The frame: fonts, rectangles and rows, rebuilt when size, theme, chrome or runs change.
    bool m_frameValid = false;
    TimelineFrame m_frame; ///< what the painters read: runs, cache, theme, fonts, colours
    TimelineLayout m_layout;
    TimelineLegend m_legend;
    QRect m_titleRect;
    QRect m_axisRect;
    QRect m_lanesRect;
    QRect m_plotRect;
    QRect m_legendRect;
    int m_labelWidth = 0;

    // The painters, one per part of a lane (they read m_frame, so they follow it).
    CoreLanePainter m_corePainter{m_frame};
    ThreadStateLanePainter m_statePainter{m_frame};
    SpanRowPainter m_spanPainter{m_frame};
    CounterLanePainter m_counterPainter{m_frame};
    HandoffArrowPainter m_arrowPainter{m_frame};
    ReplayOverlayPainter m_replayPainter{m_frame};
    std::array<LanePainter *, 1> m_coreLane{&m_corePainter};
    std::array<LanePainter *, 2> m_threadLane{&m_statePainter, &m_spanPainter};
    std::array<LanePainter *, 1> m_taskLane{&m_statePainter};
    std::array<LanePainter *, 1> m_counterLane{&m_counterPainter};

    // The geometry: rebuilt when the frame, the range or the scroll position change.
    bool m_geometryValid = false;
    TimelinePrimitives m_primitives;
};

} // namespace corescope
