// SPDX-License-Identifier: MIT
#include "timeline/timelineprimitives.h"

#include "timeline/timelineframe.h"

#include <QImage>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <climits>
#include <cmath>

namespace corescope {

void TimelinePrimitives::clear()
{
    bars.clear();
    overlayBars.clear();
    hatches.clear();
    texts.clear();
    arrows.clear();
}

size_t TimelinePrimitives::size() const
{
    return bars.size() + overlayBars.size() + texts.size() + arrows.size() + hatches.size();
}

void TimelinePrimitives::appendHatch(const QRect &rect, double spacing, std::vector<QLineF> &lines)
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

QPolygonF TimelinePrimitives::arrowHead(QPointF tip, double direction, double size)
{
    return arrowHead(QLineF(tip - QPointF(0, direction), tip), size);
}

QPolygonF TimelinePrimitives::arrowHead(const QLineF &line, double size)
{
    const QPointF tip = line.p2();
    const double length = std::max(1e-9, line.length());
    const QPointF along = (line.p2() - line.p1()) / length * size;
    const QPointF across(-along.y() * 0.6, along.x() * 0.6);
    return QPolygonF({tip, tip - along + across, tip - along - across});
}

void TimelinePrimitives::paint(QPainter &painter, const QRect &clip,
                               const TimelineFrame &frame) const
{
    paintBars(painter, bars, clip, frame);
    paintBars(painter, overlayBars, clip, frame);
    if (!hatches.empty()) {
        std::vector<QLineF> lines;
        for (const QRect &rect : hatches)
            appendHatch(rect, frame.theme.hatchSpacing * frame.scale, lines);
        QPen pen(frame.theme.hatch);
        pen.setWidthF(std::max(1.0, 1.5 * frame.scale));
        painter.setPen(pen);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.drawLines(lines.data(), int(lines.size()));
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
    for (const Text &label : texts) {
        painter.setFont(label.span ? frame.spanFont : frame.smallFont);
        painter.setPen(QColor::fromRgb(frame.barColour(label.colour, label.run, label.thread)));
        painter.drawText(label.rect.adjusted(frame.px(4), 0, -frame.px(2), 0),
                         Qt::AlignLeft | Qt::AlignVCenter, label.text);
    }
    if (!arrows.empty()) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const Arrow &arrow : arrows) {
            QPen pen(QColor::fromRgba(arrow.colour));
            pen.setWidthF(1.2 * frame.theme.lineWidth * frame.scale);
            painter.setPen(pen);
            painter.drawLine(arrow.line);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor::fromRgba(arrow.colour));
            painter.drawPolygon(arrow.head);
            painter.setBrush(Qt::NoBrush);
        }
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
}

void TimelinePrimitives::paintBars(QPainter &painter, const std::vector<Bar> &bars,
                                   const QRect &clip, const TimelineFrame &frame)
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
            return 0xff000000u | frame.barColour(bar.colour, bar.run, bar.thread);
        };
        for (size_t i = 0; i < bars.size();) {
            // A run of bars at one height (a core lane): write its first row in drawing order,
            // then copy that row down. What lies between the bars is lane background, which is
            // the same on every row of a lane (only vertical lines cross it).
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
            painter.fillRect(bar.rect,
                             QColor::fromRgb(frame.barColour(bar.colour, bar.run, bar.thread)));
        return;
    }
    std::vector<std::pair<QRgb, QRect>> sorted;
    sorted.reserve(bars.size());
    for (const Bar &bar : bars)
        sorted.emplace_back(frame.barColour(bar.colour, bar.run, bar.thread), bar.rect);
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

} // namespace corescope
