// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QLineF>
#include <QPolygonF>
#include <QRect>
#include <QString>

#include <cstdint>
#include <vector>

class QPainter;

namespace corescope {

struct TimelineFrame;

/// What lane painters make and the renderer draws: rectangles, labels and arrows in device
/// pixels, computed when the data, the range or the size change, so that a repaint is only
/// drawing. Painting writes opaque bars straight into a QImage where it can (a full frame has
/// ~30k bars one column wide) and groups an SVG's bars by colour.
struct TimelinePrimitives
{
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
        bool span; ///< in the span band: drawn with the frame's span font
    };
    struct Arrow
    {
        QLineF line;
        QPolygonF head;
        QRgb colour;
    };

    std::vector<Bar> bars;        ///< fills that never overlap one another
    std::vector<Bar> overlayBars; ///< drawn over them: box edges, lock and GIL holds
    std::vector<QRect> hatches;   ///< bars to stripe (processes)
    std::vector<Text> texts;
    std::vector<Arrow> arrows;

    void clear();
    [[nodiscard]] size_t size() const;
    /// Draws everything, clipped to `clip` (the plot area).
    void paint(QPainter &painter, const QRect &clip, const TimelineFrame &frame) const;

    /// Diagonal stripes across `rect`, on a grid shared by all bars so that neighbours line up.
    static void appendHatch(const QRect &rect, double spacing, std::vector<QLineF> &lines);
    /// A triangle with its tip at `tip`; direction +1 points down, −1 up.
    [[nodiscard]] static QPolygonF arrowHead(QPointF tip, double direction, double size);
    /// A triangle with its tip at the end of `line`, pointing along it.
    [[nodiscard]] static QPolygonF arrowHead(const QLineF &line, double size);

private:
    static void paintBars(QPainter &painter, const std::vector<Bar> &bars, const QRect &clip,
                          const TimelineFrame &frame);
};

} // namespace corescope
