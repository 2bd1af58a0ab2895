// SPDX-License-Identifier: MIT
#include "replay/whypanel.h"

#include "analysis/criticalpath.h"
#include "analysis/whyquery.h"
#include "qtext/qtext.h"
#include "replay/replaycontroller.h"
#include "timeline/timelineviewstate.h"
#include "timeline/timescale.h"
#include "trace/kinds.h"

#include <QLabel>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <utility>

namespace corescope {
namespace {

/// How often a playing replay's answers are given anew: a tenth of a second is as fast as they
/// can be read, and each asks every lane.
constexpr int kPlayingRefreshMs = 100;

QString laneLink(int run, uint32_t thread, const QString &label)
{
    return QStringLiteral("<a href=\"lane:%1:%2\">%3</a>").arg(run).arg(thread).arg(label);
}

/// The sentence, with the threads it names (the holder, those on the busy cores) as links.
QString linkedSentence(const Trace &trace, int run, const LaneCause &cause, TimeNs now)
{
    QString sentence = htmlText(causeSentence(trace, cause, now));
    std::vector<uint32_t> named;
    if (cause.holder != kNoThread)
        named.push_back(cause.holder);
    for (const CoreHolder &core : cause.cores)
        if (core.thread != kNoThread)
            named.push_back(core.thread);
    qsizetype from = 0;
    for (const uint32_t thread : named) {
        const QString name = htmlText(laneName(trace, thread));
        const qsizetype at = sentence.indexOf(name, from);
        if (at < 0)
            continue;
        const QString link = laneLink(run, thread, name);
        sentence.replace(at, name.size(), link);
        from = at + link.size();
    }
    return sentence;
}

} // namespace

WhyPanel::WhyPanel(ReplayController *replay, TimelineViewState *state, QWidget *parent)
    : QWidget(parent)
    , m_replay(replay)
    , m_state(state)
    , m_theme(TimelineTheme::light())
    , m_answers(new QTextBrowser(this))
    , m_path(new QLabel(this))
    , m_refreshSoon(new QTimer(this))
{
    setObjectName(QStringLiteral("whyPanel"));
    m_answers->setObjectName(QStringLiteral("whyAnswers"));
    m_answers->setOpenLinks(false);
    m_path->setObjectName(QStringLiteral("whyCriticalPath"));
    m_path->setWordWrap(true);
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_answers, 1);
    layout->addWidget(m_path);
    connect(m_answers, &QTextBrowser::anchorClicked, this, &WhyPanel::openLink);
    m_refreshSoon->setSingleShot(true);
    m_refreshSoon->setInterval(kPlayingRefreshMs);
    connect(m_refreshSoon, &QTimer::timeout, this, [this] {
        if (std::exchange(m_pending, false))
            refresh();
    });
    connect(m_state, &TimelineViewState::playheadChanged, this, &WhyPanel::playheadMoved);
    connect(m_state, &TimelineViewState::criticalPathShownChanged, this,
            &WhyPanel::showCriticalPath);
    connect(m_state, &TimelineViewState::highlightChanged, this, &WhyPanel::showCriticalPath);
    connect(m_state, &TimelineViewState::predictingChanged, this, &WhyPanel::showCriticalPath);
    refresh();
}

void WhyPanel::setTheme(const TimelineTheme &theme)
{
    m_theme = theme;
    refresh();
}

void WhyPanel::runsChanged()
{
    showCriticalPath();
    refresh();
}

QString WhyPanel::html() const
{
    return m_answers->toHtml();
}

QString WhyPanel::criticalPathText() const
{
    return m_path->isHidden() ? QString() : m_path->text();
}

void WhyPanel::playheadMoved()
{
    // The first move answers at once, later ones at most every kPlayingRefreshMs; a hidden
    // panel answers when it shows.
    if (!isVisible() || m_refreshSoon->isActive()) {
        m_pending = true;
        return;
    }
    refresh();
    m_refreshSoon->start();
}

void WhyPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_pending, false))
        refresh();
}

void WhyPanel::refresh()
{
    const auto playhead = m_state->playhead();
    const auto &runs = m_replay->runs();
    if (!playhead || runs.empty()) {
        m_answers->setHtml(runs.empty() ? tr("<p>Open or run something to replay it.</p>")
                                        : tr("<p>Play (Space), or step with ← and →, to ask why "
                                             "each thread is where it is.</p>"));
        return;
    }
    // Kept where it was: a replay rewrites the answers many times a second.
    const int scrolled = m_answers->verticalScrollBar()->value();
    QString html = tr("<p>At <b>%1</b>:</p>").arg(TimeScale::formatTime(*playhead, 1000));
    for (size_t r = 0; r < runs.size(); ++r) {
        const Trace &trace = *runs[r];
        if (runs.size() > 1)
            html += QStringLiteral("<h4>%1</h4>")
                        .arg(trace.metadata().title.empty() ? tr("Run %1").arg(r + 1)
                                                            : htmlText(trace.metadata().title));
        // A run still going on is a new snapshot ten times a second: indexing each would cost
        // the whole run every time.
        if (trace.metadata().live) {
            html += tr("<p>Still running: asked when it ends.</p>");
            continue;
        }
        const TraceIndex *index = m_replay->indexOf(r);
        if (!index)
            continue;
        html += QStringLiteral("<table cellspacing=2>");
        const WhyQuery why(*index);
        for (const LaneCause &cause : why.at(*playhead)) {
            const bool alive = cause.life == LaneCause::Life::Alive;
            const QColor swatch = alive ? m_theme.stateColour(cause.state) : QColor();
            html +=
                QStringLiteral("<tr><td valign=top><span style='color:%1'>%2</span></td>"
                               "<td valign=top style='white-space:nowrap'>%3</td>"
                               "<td valign=top%4>%5</td></tr>")
                    .arg(swatch.name(), alive ? QStringLiteral("■") : QString(),
                         laneLink(int(r), cause.thread, htmlText(laneName(trace, cause.thread))),
                         alive ? QString() : QStringLiteral(" style='color:gray'"),
                         linkedSentence(trace, int(r), cause, *playhead));
        }
        html += QStringLiteral("</table>");
    }
    m_answers->setHtml(html);
    m_answers->verticalScrollBar()->setValue(scrolled);
}

void WhyPanel::openLink(const QUrl &link)
{
    if (link.scheme() != QLatin1String("lane"))
        return;
    const QStringList parts = link.path().split(QLatin1Char(':'));
    bool runOk = false;
    bool threadOk = false;
    const int run = parts.value(0).toInt(&runOk);
    const uint thread = parts.value(1).toUInt(&threadOk);
    if (runOk && threadOk)
        m_state->setHighlightedThread(ThreadKey{run, uint32_t(thread)});
}

void WhyPanel::showCriticalPath()
{
    const auto &runs = m_replay->runs();
    if (!m_state->showsCriticalPath() || runs.empty()) {
        m_path->hide();
        m_path->clear();
        return;
    }
    if (m_state->predicting()) { // it is read back from the run's end
        m_path->setText(tr("The critical path shows once everything is revealed."));
        m_path->show();
        return;
    }
    // The highlighted thread's run, else the last one (the newest).
    const auto highlight = m_state->highlightedThread();
    const size_t run = highlight && size_t(highlight->run) < runs.size() ? size_t(highlight->run)
                                                                         : runs.size() - 1;
    if (runs[run]->metadata().live) {
        m_path->setText(tr("The critical path shows when the run ends."));
        m_path->show();
        return;
    }
    const CriticalPath *path = m_replay->criticalPathOf(run);
    const SerialShare *serial = m_replay->serialShareOf(run);
    if (!path || !serial)
        return;
    const Trace &trace = *runs[run];
    const QString heading = trace.metadata().title.empty() ? tr("Run %1").arg(run + 1)
                                                           : htmlText(trace.metadata().title);
    // Wrapped lines, not <pre>: a long line must not widen the dock.
    QString lines = htmlText(describe(*path, *serial)).trimmed();
    lines.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    m_path->setText(QStringLiteral("<b>%1</b><br>%2").arg(heading, lines));
    m_path->show();
}

} // namespace corescope
