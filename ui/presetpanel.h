// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QCheckBox;
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
    /// Whether a preset's runs are to be replayed in predict mode: hidden behind the playhead
    /// from the start, uncovered step by step.
    [[nodiscard]] bool predictsFirst() const;
    /// The text shown (tests read it).
    [[nodiscard]] QString text() const;

public slots:
    void reveal();
    /// A run is going on: the Run button waits.
    void setRunning(bool running);

signals:
    void runPresetRequested(const corescope::LecturePreset &preset);
    /// The reveal was asked for: the class has made its prediction.
    void revealed();

private:
    void showCurrent();

    QListWidget *m_list = nullptr;
    QTextBrowser *m_text = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_reveal = nullptr;
    QCheckBox *m_predictFirst = nullptr;
    bool m_revealed = false;
};

} // namespace corescope
