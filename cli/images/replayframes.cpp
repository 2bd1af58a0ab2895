// SPDX-License-Identifier: MIT
#include "cli/images/replayframes.h"

#include <QFileInfo>

#include <cmath>
#include <cstdint>

namespace corescope {

Result<ReplayFrames> ReplayFrames::fromOptions(const QString &folder, const QString &fps,
                                               const QString &speed)
{
    ReplayFrames frames;
    bool ok = false;
    frames.m_fps = fps.toInt(&ok);
    if (!ok || frames.m_fps < 1 || frames.m_fps > 60)
        return Error{QStringLiteral("--fps: '%1' is not a whole number from 1 to 60")
                         .arg(fps)
                         .toStdString()};
    const qsizetype slash = speed.indexOf(QLatin1Char('/'));
    double value = 0;
    if (slash >= 0) {
        bool top = false;
        bool bottom = false;
        const double numerator = speed.left(slash).trimmed().toDouble(&top);
        const double denominator = speed.mid(slash + 1).trimmed().toDouble(&bottom);
        ok = top && bottom && denominator > 0;
        value = ok ? numerator / denominator : 0;
    } else {
        value = speed.trimmed().toDouble(&ok);
    }
    if (!ok || !(value > 0) || value > 100)
        return Error{QStringLiteral("--speed: '%1' is not a speed above 0 and up to 100 (1/50 "
                                    "makes 100 ms last 5 s)")
                         .arg(speed)
                         .toStdString()};
    frames.m_speed = value;
    frames.m_speedText = speed.trimmed();
    frames.m_folder = QDir(folder);
    if (!frames.m_folder.mkpath(QStringLiteral(".")))
        return Error{
            QStringLiteral("--frames: cannot make the folder %1").arg(folder).toStdString()};
    const QFileInfo info(frames.m_folder.absolutePath());
    if (!info.isDir() || !info.isWritable())
        return Error{QStringLiteral("--frames: %1 is not a folder that can be written")
                         .arg(folder)
                         .toStdString()};
    return frames;
}

size_t ReplayFrames::count(TimeNs begin, TimeNs end) const
{
    if (end <= begin)
        return 1;
    // Saturated, so that a speed too slow for any sensible count still compares as too many.
    const double frames = std::ceil(double(end - begin) / nsPerFrame()) + 1;
    return frames < double(SIZE_MAX / 2) ? size_t(frames) : SIZE_MAX / 2;
}

TimeNs ReplayFrames::timeOf(size_t frame, TimeNs begin, TimeNs end) const
{
    return std::min(end, begin + TimeNs(std::llround(double(frame) * nsPerFrame())));
}

QString ReplayFrames::pathOf(size_t frame) const
{
    return m_folder.filePath(
        QStringLiteral("frame-%1.png").arg(frame + 1, 5, 10, QLatin1Char('0')));
}

} // namespace corescope
