// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QListWidget;
class QPushButton;
class QTextBrowser;

namespace corescope {

struct LecturePreset;

/// The course's examples one click away: pick one, read its explanation and the question to ask
/// the class, run it, then uncover what to look for — the reveal stays hidden until asked for,
/// so that the class predicts first.
class PresetPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PresetPanel(QWidget *parent = nullptr);

    [[nodiscard]] const LecturePreset *currentPreset() const;
    void setCurrentPreset(int index);
    [[nodiscard]] bool isRevealed() const { return m_revealed; }
    /// The text shown (tests read it).
    [[nodiscard]] QString text() const;

public slots:
    void reveal();
    /// A run is going on: the Run button waits.
    void setRunning(bool running);

signals:
    void runPresetRequested(const corescope::LecturePreset &preset);

private:
    void showCurrent();

    QListWidget *m_list = nullptr;
    QTextBrowser *m_text = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_reveal = nullptr;
    bool m_revealed = false;
};

} // namespace corescope
