// SPDX-License-Identifier: MIT
#pragma once

#include <QStyle>
#include <QToolBar>

#include <optional>

class QAction;
class QComboBox;

namespace corescope {

class ReplayController;

/// The replay's controls, as a tool bar and as the actions of the Replay menu: play and pause
/// (Space), step to the next or previous change on any lane (→ ←) or on the highlighted lane
/// (Alt+→ Alt+←), to the next or previous task start or end (Ctrl+→ Ctrl+←), predict mode (P),
/// reveal all (R), the critical path (C), stop (Ctrl+.), and the speed (real time down to
/// 1/1000).
class ReplayToolBar : public QToolBar
{
    Q_OBJECT

public:
    explicit ReplayToolBar(ReplayController *replay, QWidget *parent = nullptr);

    [[nodiscard]] QAction *playAction() const { return m_play; }
    [[nodiscard]] QAction *predictAction() const { return m_predict; }
    /// The actions for the Replay menu, in its order (separators as null).
    [[nodiscard]] const QList<QAction *> &menuActions() const { return m_menuActions; }
    [[nodiscard]] QComboBox *speedBox() const { return m_speed; }

private:
    /// A checkable action of the menu and the tool bar, kept in step with the controller.
    QAction *addToggle(const QString &objectName, const QString &text, const QKeySequence &shortcut,
                       const QString &toolTip, void (ReplayController::*set)(bool),
                       void (ReplayController::*changed)(bool));
    /// An action of the Replay menu, and of the tool bar where it has an icon.
    QAction *add(const QString &objectName, const QString &text, const QKeySequence &shortcut,
                 void (ReplayController::*slot)(), const QString &toolTip,
                 std::optional<QStyle::StandardPixmap> icon = std::nullopt);

    ReplayController *m_replay;
    QAction *m_play = nullptr;
    QAction *m_predict = nullptr;
    QAction *m_criticalPath = nullptr;
    QComboBox *m_speed = nullptr;
    QList<QAction *> m_menuActions;
};

} // namespace corescope
