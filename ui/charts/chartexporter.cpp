// SPDX-License-Identifier: MIT
#include "charts/chartexporter.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QImageWriter>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace corescope {

namespace {

constexpr int kMinSide = 16;
constexpr int kMaxSide = 16384;

bool isVector(const QPaintDevice &device)
{
    return device.devType() != QInternal::Image && device.devType() != QInternal::Pixmap;
}

} // namespace

ChartExporter::ChartExporter(QSize size)
    : m_size(size)
{
}

double ChartExporter::scaleFor(QSize size)
{
    // The smaller of the two ratios, so that the reference layout always fits: a square
    // export gets a taller plot rather than cropped or tiny type.
    const double scale =
        std::min(double(size.width()) / kReferenceWidth, double(size.height()) / kReferenceHeight);
    return scale > 0 ? scale : 1.0;
}

std::optional<ChartFormat> ChartExporter::formatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return ChartFormat::Png;
    if (suffix == QLatin1String("svg"))
        return ChartFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return ChartFormat::Pdf;
    return std::nullopt;
}

std::optional<QSize> ChartExporter::parseSize(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+)\\s*[x×X]\\s*(\\d+)\\s*$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int width = match.captured(1).toInt();
    const int height = match.captured(2).toInt();
    if (width < kMinSide || width > kMaxSide || height < kMinSide || height > kMaxSide)
        return std::nullopt;
    return QSize(width, height);
}

bool ChartExporter::paint(QCustomPlot &plot, QPaintDevice &device) const
{
    QCPPainter painter;
    if (!painter.begin(&device))
        return false;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    // Lines scale with the picture (a cosmetic 1 px pen would be a hairline in a 4K export),
    // and vector outputs skip the antialiasing nudges meant for pixel grids.
    painter.setMode(QCPPainter::pmNonCosmetic);
    if (isVector(device))
        painter.setMode(QCPPainter::pmVectorized);
    const double scale = scaleFor(m_size);
    painter.scale(scale, scale);
    // Rounded up: the scaled layout must cover the whole device, not stop a pixel short.
    plot.toPainter(&painter, int(std::ceil(m_size.width() / scale)),
                   int(std::ceil(m_size.height() / scale)));
    return painter.end();
}

QImage ChartExporter::toImage(QCustomPlot &plot) const
{
    QImage image(m_size, QImage::Format_ARGB32_Premultiplied);
    // toPainter() fills the whole (rounded-up) viewport with the plot's background brush.
    image.fill(Qt::transparent);
    if (!paint(plot, image))
        return {};
    return image;
}

Status ChartExporter::save(QCustomPlot &plot, const QString &path,
                           std::optional<ChartFormat> format) const
{
    if (!format)
        format = formatForPath(path);
    if (!format)
        return Error{path.toStdString() + ": unknown chart format (expected .png, .svg or .pdf)"};
    if (m_size.width() < kMinSide || m_size.height() < kMinSide || m_size.width() > kMaxSide
        || m_size.height() > kMaxSide)
        return Error{path.toStdString() + ": size " + std::to_string(m_size.width()) + "×"
                     + std::to_string(m_size.height()) + " is out of range"};

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{path.toStdString() + ": " + file.errorString().toStdString()};

    bool painted = false;
    switch (*format) {
    case ChartFormat::Png: {
        const QImage image = toImage(plot);
        QImageWriter writer(&file, "png");
        painted = !image.isNull() && writer.write(image);
        break;
    }
    case ChartFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(m_size);
        svg.setViewBox(QRect(QPoint(0, 0), m_size));
        svg.setTitle(m_title);
        // 96 dpi, the CSS pixel: browsers and slide software show the drawing at `size` pixels.
        // (The fonts are pixel-sized, so the resolution does not change the text.)
        svg.setResolution(96);
        painted = paint(plot, svg);
        break;
    }
    case ChartFormat::Pdf: {
        QPdfWriter pdf(&file);
        pdf.setTitle(m_title);
        pdf.setCreator(QStringLiteral("CoreScope"));
        // One point per pixel of the requested size, no margins: the page is the chart.
        pdf.setResolution(72);
        pdf.setPageSize(
            QPageSize(QSizeF(m_size), QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        painted = paint(plot, pdf);
        break;
    }
    }
    if (!painted) {
        file.cancelWriting();
        return Error{path.toStdString() + ": the chart could not be drawn"};
    }
    if (!file.commit())
        return Error{path.toStdString() + ": " + file.errorString().toStdString()};
    return {};
}

} // namespace corescope
