// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelineexporter.h"

#include <QDialog>
#include <QSize>

class QButtonGroup;
class QComboBox;

namespace corescope {

/// Asks what a timeline picture should show before File ▸ Export: the visible range or the whole
/// trace, the size (the window's, 1920×1080 or 3840×2160) and the theme (light for slides).
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    ExportDialog(QSize windowSize, QWidget *parent = nullptr);

    [[nodiscard]] bool visibleRangeOnly() const;
    [[nodiscard]] QSize pictureSize() const;
    [[nodiscard]] Appearance theme() const;

private:
    QButtonGroup *m_range = nullptr;
    QComboBox *m_size = nullptr;
    QComboBox *m_theme = nullptr;
};

} // namespace corescope
