// SPDX-License-Identifier: MIT
#include "replay/whypanel.h"

#include "analysis/whyquery.h"
#include "qtext/qtext.h"
#include "replay/replaycontroller.h"
#include "timeline/timelineviewstate.h"
#include "timeline/timescale.h"
#include "trace/kinds.h"

#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace corescope {
namespace {

enum Role {
    LaneRole = Qt::UserRole, ///< the line's ThreadKey: run, thread
    RunRole,
    HolderRole, ///< the thread its cause names, or -1
};

QIcon swatch(QColor colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawRoundedRect(QRectF(1, 1, 10, 10), 2, 2);
    return QIcon(pixmap);
}

} // namespace

WhyPanel::WhyPanel(ReplayController *replay, TimelineViewState *state, QWidget *parent)
    : QWidget(parent)
    , m_replay(replay)
    , m_state(state)
    , m_theme(TimelineTheme::light())
    , m_heading(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("whyPanel"));
    m_heading->setObjectName(QStringLiteral("whyHeading"));
    m_heading->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("whyTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Lane"), tr("Why")});
    m_tree->setRootIsDecorated(false);
    // The causes are sentences: wrapped in full, never cut short.
    m_tree->setWordWrap(true);
    m_tree->setTextElideMode(Qt::ElideNone);
    m_tree->setUniformRowHeights(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_heading);
    layout->addWidget(m_tree, 1);
    connect(m_state, &TimelineViewState::playheadChanged, this, &WhyPanel::refresh);
    connect(m_tree, &QTreeWidget::itemClicked, this, &WhyPanel::onItemClicked);
    refresh();
}

void WhyPanel::setTheme(const TimelineTheme &theme)
{
    m_theme = theme;
    refresh();
}

void WhyPanel::refresh()
{
    const auto playhead = m_state->playhead();
    const auto &runs = m_replay->runs();
    m_tree->clear();
    if (!playhead || runs.empty()) {
        m_heading->setText(runs.empty() ? tr("Open or run something to replay it.")
                                        : tr("Play, or step with ← and →, to ask why each "
                                             "thread is where it is."));
        return;
    }
    m_heading->setText(tr("At %1:").arg(TimeScale::formatTime(*playhead, 1000)));
    for (size_t r = 0; r < runs.size(); ++r) {
        const Trace &trace = *runs[r];
        const TraceIndex *index = m_replay->indexOf(r);
        if (!index)
            continue;
        QTreeWidgetItem *parent = nullptr;
        if (runs.size() > 1) {
            parent = new QTreeWidgetItem(m_tree);
            parent->setText(0, trace.metadata().title.empty() ? tr("Run %1").arg(r + 1)
                                                              : text(trace.metadata().title));
            parent->setFirstColumnSpanned(true);
            QFont bold = parent->font(0);
            bold.setBold(true);
            parent->setFont(0, bold);
            parent->setData(0, RunRole, int(r));
            parent->setData(0, LaneRole, -1);
        }
        const WhyQuery why(*index);
        for (const LaneCause &cause : why.at(*playhead)) {
            auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
            item->setText(0, text(laneName(trace, cause.thread)));
            item->setText(1, text(causeSentence(trace, cause, *playhead)));
            item->setToolTip(1, item->text(1));
            item->setData(0, RunRole, int(r));
            item->setData(0, LaneRole, int(cause.thread));
            item->setData(0, HolderRole, cause.holder == kNoThread ? -1 : int(cause.holder));
            if (cause.life == LaneCause::Life::Alive) {
                item->setIcon(0, swatch(m_theme.stateColour(cause.state)));
            } else {
                item->setForeground(0, palette().color(QPalette::PlaceholderText));
                item->setForeground(1, palette().color(QPalette::PlaceholderText));
            }
        }
    }
    m_tree->expandAll();
}

void WhyPanel::onItemClicked(QTreeWidgetItem *item, int column)
{
    const int lane = item->data(0, LaneRole).toInt();
    if (lane < 0)
        return;
    const int holder = item->data(0, HolderRole).toInt();
    const int run = item->data(0, RunRole).toInt();
    const uint32_t thread = column == 1 && holder >= 0 ? uint32_t(holder) : uint32_t(lane);
    m_state->setHighlightedThread(ThreadKey{run, thread});
}

} // namespace corescope
