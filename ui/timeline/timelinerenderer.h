// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/levelofdetail.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinetheme.h"
#include "timeline/timelineviewstate.h"
#include "timeline/timescale.h"

#include <QColor>
#include <QFont>
#include <QLineF>
#include <QMetaType>
#include <QPolygonF>
#include <QRect>
#include <QString>

#include <memory>
#include <optional>
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
};

/// What lies under a point of the timeline, for tooltips, clicks and hoverChanged().
struct TimelineHit
{
    enum class Part : uint8_t {
        Nothing,
        Axis,
        Legend,
        LaneLabel,
        RunHeader,
        CoreLane,
        StateStrip,
        SpanBand,
    };
    Part part = Part::Nothing;
    std::optional<size_t> lane; ///< index into the layout's lanes
    int run = -1;
    std::optional<uint32_t> core;   ///< the core lane's core, or where a running thread ran
    std::optional<uint32_t> thread; ///< the slice's, state's or span's thread (or the lane's)
    TimeNs time = 0;                ///< the time under the point
    std::optional<TimeNs> begin;    ///< of the slice, state or span found
    std::optional<TimeNs> end;
    std::optional<ThreadState> state;
    std::optional<uint32_t> span; ///< index into the thread's spans
    std::optional<uint32_t> task; ///< the task the thread was running then
    uint32_t eventsInPixel = 0;   ///< more than one: zooming in tells them apart
    QString toolTip;              ///< plain text, several lines

    [[nodiscard]] bool hasEvent() const { return begin.has_value(); }
    [[nodiscard]] std::optional<ThreadKey> threadKey() const
    {
        return thread ? std::optional<ThreadKey>(ThreadKey{run, *thread}) : std::nullopt;
    }
};

/// Paints runs as a timeline with a QPainter on any device: the widget's cached pixmap, a QImage
/// for PNG export, a QSvgGenerator. Geometry (the rectangles, labels and arrows of the visible
/// lanes) is recomputed from level-of-detail queries only when the data, the range, the size or
/// the scroll position change; paint() then only draws what was computed, so a repaint for the
/// mouse costs no query at all.
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
    [[nodiscard]] const Runs &runs() const { return m_runs; }
    void setLaneMode(LaneMode mode);
    [[nodiscard]] LaneMode laneMode() const { return m_mode; }
    void setTheme(const TimelineTheme &theme);
    [[nodiscard]] const TimelineTheme &theme() const { return m_theme; }
    void setChrome(const TimelineChrome &chrome);
    [[nodiscard]] const TimelineChrome &chrome() const { return m_chrome; }
    /// Multiplies every size and font (2 for a 4K export that should look like 1080p).
    void setScale(double scale);
    void setShowHandoffs(bool show);
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
    [[nodiscard]] TimelineHit hitTest(QPoint point);

    /// Drawing primitives of the last geometry pass (tests and benchmarks count them).
    [[nodiscard]] size_t primitiveCount();

private:
    struct Bar
    {
        QRect rect;
        QRgb colour;
        int run;
        uint32_t thread; ///< kNoThread for bars that belong to no thread
        bool hatched;
    };
    struct Text
    {
        QRect rect;
        QString text;
        QRgb colour;
        int run;
        uint32_t thread;
        bool span; ///< in the span band: drawn with m_spanFont
    };
    struct Arrow
    {
        QLineF line;
        QPolygonF head;
        QRgb colour;
    };
    struct LegendEntry
    {
        enum class Swatch : uint8_t {
            Solid,
            Hatched,
            Band,
            Line,
            Outline,
            Stripes,
            Arrow
        };
        Swatch swatch;
        QRgb colour;
        QString text;
        QRect rect; ///< where it is drawn, set by the frame
    };
    static constexpr uint32_t kNoThread = UINT32_MAX;

    void invalidateFrame();
    void ensureFrame();
    void ensureGeometry();
    void buildLegend(int width);
    void addCoreLane(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
                     const LodWindow &window);
    void addThreadLane(const TimelineLane &lane, const QRect &rect, const TimeScale &scale,
                       const LodWindow &window);
    void addArrows(const TimeScale &scale, const QRect &viewport);
    void paintAxis(QPainter &painter, const TimeScale &scale);
    void paintLanes(QPainter &painter, const TimeScale &scale);
    void paintLabels(QPainter &painter);
    void paintLegend(QPainter &painter);
    void paintTitle(QPainter &painter);
    void paintSwatch(QPainter &painter, const LegendEntry &entry, const QRect &rect) const;
    void paintBars(QPainter &painter, const std::vector<Bar> &bars, const QRect &clip) const;
    [[nodiscard]] QRgb barColour(QRgb colour, int run, uint32_t thread) const;
    [[nodiscard]] QRgb threadColour(int run, uint32_t thread) const;
    [[nodiscard]] bool isProcess(int run, uint32_t thread) const;
    [[nodiscard]] QString laneLabel(const TimelineLane &lane) const;
    [[nodiscard]] QString headerText(int run) const;
    [[nodiscard]] QString titleText() const;
    [[nodiscard]] QString subtitleText() const;
    [[nodiscard]] QString threadName(int run, uint32_t thread) const;
    [[nodiscard]] QRect stateStripOf(const QRect &laneRect) const;
    [[nodiscard]] QRect spanBandOf(const QRect &laneRect) const;
    [[nodiscard]] int px(double size) const;

    std::shared_ptr<TimelineLodCache> m_cache;
    Runs m_runs;
    LaneMode m_mode = LaneMode::Both;
    TimelineTheme m_theme = TimelineTheme::light();
    TimelineChrome m_chrome;
    double m_scale = 1.0;
    bool m_showHandoffs = true;
    std::optional<ThreadKey> m_highlight;
    double m_minStretch = 0.75;
    double m_maxStretch = 1.8;
    QSize m_size{800, 600};
    TimeNs m_begin = 0;
    TimeNs m_end = 1'000'000'000;
    int m_scrollY = 0;

    // The frame: fonts, rectangles and rows, rebuilt when size, theme, chrome or runs change.
    bool m_frameValid = false;
    TimelineLayout m_layout;
    QFont m_font;
    QFont m_boldFont;
    QFont m_smallFont;
    QFont m_titleFont;
    QFont m_subtitleFont;
    QFont m_spanFont; ///< task labels, sized to fit the span band
    bool m_spanLabels = true;
    QRect m_titleRect;
    QRect m_axisRect;
    QRect m_lanesRect;
    QRect m_plotRect;
    QRect m_legendRect;
    int m_labelWidth = 0;
    std::vector<LegendEntry> m_legend;
    std::vector<std::vector<QRgb>> m_threadColours; ///< per run, per thread

    // The geometry: rebuilt when the frame, the range or the scroll position change.
    bool m_geometryValid = false;
    std::vector<Bar> m_bars;        ///< fills that never overlap one another
    std::vector<Bar> m_overlayBars; ///< drawn over them: box edges, lock and GIL holds
    std::vector<QRect> m_hatches;   ///< bars to stripe (processes)
    std::vector<Text> m_texts;
    std::vector<Arrow> m_arrows;
    std::vector<LodItem> m_items; ///< scratch, kept for its capacity
};

} // namespace corescope

Q_DECLARE_METATYPE(corescope::TimelineHit)
