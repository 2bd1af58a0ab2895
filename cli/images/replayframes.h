// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "trace/trace.h"

#include <QDir>
#include <QString>

namespace corescope {

/// A replay written as numbered PNG pictures (`export --frames`), for slides and videos: how
/// many frames a time range takes at a frame rate and a speed, where each frame's playhead is
/// and which file it goes to. The runs' time advances speed / fps seconds a frame.
class ReplayFrames
{
public:
    /// More is surely a mistake (a 1 s run at 1/1000 and 60 frames a second is 60 000).
    static constexpr size_t kMostFrames = 20'000;

    /// Checks --frames, --fps (1 to 60) and --speed ("1/50", "0.02", up to 100), and makes the
    /// folder where it is missing; the message names what is wrong.
    [[nodiscard]] static Result<ReplayFrames> fromOptions(const QString &folder, const QString &fps,
                                                          const QString &speed);

    /// Frames from `begin` to `end`, both drawn.
    [[nodiscard]] size_t count(TimeNs begin, TimeNs end) const;
    /// The playhead of frame `frame`.
    [[nodiscard]] TimeNs timeOf(size_t frame, TimeNs begin, TimeNs end) const;
    /// frame-00001.png onwards, in the folder.
    [[nodiscard]] QString pathOf(size_t frame) const;
    [[nodiscard]] int fps() const { return m_fps; }
    [[nodiscard]] const QString &speedText() const { return m_speedText; }

private:
    [[nodiscard]] double nsPerFrame() const { return m_speed * 1e9 / m_fps; }

    QDir m_folder;
    int m_fps = 10;
    double m_speed = 0.02;
    QString m_speedText;
};

} // namespace corescope
