// SPDX-License-Identifier: MIT
#include "replay/replaytoolbar.h"

#include "replay/replaycontroller.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>

#include <cmath>

namespace corescope {
namespace {

QString speedText(double speed)
{
    if (speed >= 1)
        return QObject::tr("real time");
    return QStringLiteral("1/%1").arg(std::lround(1 / speed));
}

} // namespace

ReplayToolBar::ReplayToolBar(ReplayController *replay, QWidget *parent)
    : QToolBar(tr("Replay"), parent)
    , m_replay(replay)
{
    setObjectName(QStringLiteral("replayToolBar"));
    // Icons, with the words in their tool tips; Predict and Reveal All have words instead.
    setToolButtonStyle(Qt::ToolButtonIconOnly);
    using R = ReplayController;
    using P = QStyle::StandardPixmap;
    const auto alt = [](Qt::Key key) { return QKeySequence(Qt::AltModifier | key); };
    const auto ctrl = [](Qt::Key key) { return QKeySequence(Qt::ControlModifier | key); };

    m_play = add(QStringLiteral("actionPlay"), tr("Play"), Qt::Key_Space, &R::togglePlay,
                 tr("Play the runs back from the playhead, or pause (Space)"), P::SP_MediaPlay);
    connect(replay, &R::playingChanged, m_play, [this](bool playing) {
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        m_play->setIcon(style()->standardIcon(playing ? P::SP_MediaPause : P::SP_MediaPlay));
    });
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    m_speed->setToolTip(tr("How fast the replay goes: at 1/50, 100 ms of the run last 5 s"));
    for (const double speed : R::speeds())
        m_speed->addItem(speedText(speed), speed);
    m_speed->setCurrentIndex(m_speed->findData(replay->speed()));
    connect(m_speed, &QComboBox::activated, this,
            [this](int index) { m_replay->setSpeed(m_speed->itemData(index).toDouble()); });
    connect(replay, &R::speedChanged, m_speed,
            [this](double speed) { m_speed->setCurrentIndex(m_speed->findData(speed)); });
    addWidget(m_speed);
    addSeparator();
    m_menuActions.append(nullptr);

    add(QStringLiteral("actionPreviousTaskEdge"), tr("Previous Task Start or End"),
        ctrl(Qt::Key_Left), &R::previousTaskEdge,
        tr("Back to where a task last started or ended (Ctrl+←)"), P::SP_MediaSkipBackward);
    add(QStringLiteral("actionStepBack"), tr("Previous Change"), Qt::Key_Left, &R::stepBack,
        tr("Back to the previous change on any lane (←)"), P::SP_MediaSeekBackward);
    add(QStringLiteral("actionStepForward"), tr("Next Change"), Qt::Key_Right, &R::stepForward,
        tr("On to the next change on any lane (→)"), P::SP_MediaSeekForward);
    add(QStringLiteral("actionNextTaskEdge"), tr("Next Task Start or End"), ctrl(Qt::Key_Right),
        &R::nextTaskEdge, tr("On to where a task next starts or ends (Ctrl+→)"),
        P::SP_MediaSkipForward);
    add(QStringLiteral("actionStepLaneBack"), tr("Previous Change on the Lane"), alt(Qt::Key_Left),
        &R::stepLaneBack, tr("Back to the previous change on the highlighted lane (Alt+←)"));
    add(QStringLiteral("actionStepLaneForward"), tr("Next Change on the Lane"), alt(Qt::Key_Right),
        &R::stepLaneForward, tr("On to the next change on the highlighted lane (Alt+→)"));
    addSeparator();
    m_menuActions.append(nullptr);

    m_predict = addToggle(QStringLiteral("actionPredict"), tr("Predict"), Qt::Key_P,
                          tr("Hide what comes after the playhead until it is revealed, step by "
                             "step (→) or all at once (R) (P)"),
                          &R::setPredicting, &R::predictingChanged);
    addAction(add(QStringLiteral("actionRevealAll"), tr("Reveal All"), Qt::Key_R, &R::revealAll,
                  tr("Show everything after the playhead (R)")));
    m_menuActions.append(nullptr);
    m_criticalPath =
        addToggle(QStringLiteral("actionCriticalPath"), tr("Critical Path"), Qt::Key_C,
                  tr("Show the chain of running and waiting that decided each run's wall time, "
                     "and its breakdown in the Why? panel (C)"),
                  &R::setShowsCriticalPath, &R::criticalPathShownChanged);
    add(QStringLiteral("actionStopReplay"), tr("Stop Replay"), ctrl(Qt::Key_Period), &R::stop,
        tr("Remove the playhead and show everything (Ctrl+.)"), P::SP_MediaStop);
}

QAction *ReplayToolBar::addToggle(const QString &objectName, const QString &text,
                                  const QKeySequence &shortcut, const QString &toolTip,
                                  void (ReplayController::*set)(bool),
                                  void (ReplayController::*changed)(bool))
{
    auto *action = new QAction(text, this);
    action->setObjectName(objectName);
    action->setCheckable(true);
    action->setShortcut(shortcut);
    action->setToolTip(toolTip);
    connect(action, &QAction::toggled, m_replay, set);
    connect(m_replay, changed, action, &QAction::setChecked);
    addAction(action);
    m_menuActions.append(action);
    return action;
}

QAction *ReplayToolBar::add(const QString &objectName, const QString &text,
                            const QKeySequence &shortcut, void (ReplayController::*slot)(),
                            const QString &toolTip, std::optional<QStyle::StandardPixmap> icon)
{
    auto *action = new QAction(text, this);
    action->setObjectName(objectName);
    action->setShortcut(shortcut);
    action->setToolTip(toolTip);
    connect(action, &QAction::triggered, m_replay, slot);
    if (icon) {
        action->setIcon(style()->standardIcon(*icon));
        addAction(action);
    }
    m_menuActions.append(action);
    return action;
}

} // namespace corescope
