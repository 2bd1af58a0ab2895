// SPDX-License-Identifier: MIT
// Replay in the real window, offscreen: stepping from change to change (any lane, the
// highlighted lane, task edges) and at the lanes' edges, play and pause, predict mode (the
// curtain's pixels, no tooltip behind it, the run's wall time withheld, steps that uncover), the
// Why? panel's answers and links, the summary up to the playhead, and the critical path.

#include "document.h"
#include "mainwindow.h"
#include "replay/whypanel.h"
#include "summarypanel.h"
#include "theme.h"
#include "timeline/timelinetheme.h"
#include "timeline/timelineview.h"
#include "timeline/timelineviewstate.h"
#include "trace/tracefile.h"
#include "tracefixtures.h"

#include <QAction>
#include <QComboBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QtTest>

using namespace corescope;

namespace {

constexpr TimeNs kMs = 1'000'000;

/// The fixture's GIL run, saved.
QString saveGilRun(const QTemporaryDir &dir)
{
    std::vector<Trace> runs;
    runs.push_back(TraceFixtures::gilHandOver());
    const QString path = dir.filePath(QStringLiteral("gil.cstrace"));
    return TraceFile(std::move(runs)).save(path.toStdString()) ? path : QString();
}

/// A window with the run open, shown offscreen.
struct Fixture
{
    QTemporaryDir dir;
    MainWindow window;
    TimelineView *view = nullptr;
    TimelineViewState *state = nullptr;

    bool open()
    {
        window.resize(1400, 900);
        window.show();
        window.openFiles({saveGilRun(dir)});
        if (!QTest::qWaitFor([&] { return !window.document()->visibleRuns().empty(); }))
            return false;
        view = window.findChild<TimelineView *>(QStringLiteral("timelineView"));
        state = view ? view->viewState() : nullptr;
        return state != nullptr;
    }
    void trigger(const char *action)
    {
        QAction *found = window.findChild<QAction *>(QLatin1String(action));
        QVERIFY2(found, action);
        found->trigger();
    }
    [[nodiscard]] TimeNs playhead() const { return state->playhead().value_or(-1); }
};

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CoreScopeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_replay"));
    }

    void init()
    {
        QSettings().clear();
        applyTheme(Theme::Light);
    }

    void stepsFromChangeToChange()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(!f.state->playhead());
        // Changes of the run: 0, 30 ms (gil-2 waits), 100 ms (the hand-over), 200 ms (the end).
        f.trigger("actionStepForward");
        QCOMPARE(f.playhead(), 30 * kMs);
        f.trigger("actionStepForward");
        QCOMPARE(f.playhead(), 100 * kMs);
        f.trigger("actionStepForward");
        QCOMPARE(f.playhead(), 200 * kMs);
        f.trigger("actionStepForward"); // nothing after the last change: it stays
        QCOMPARE(f.playhead(), 200 * kMs);
        f.trigger("actionStepBack");
        QCOMPARE(f.playhead(), 100 * kMs);
        f.trigger("actionPreviousTaskEdge");
        QCOMPARE(f.playhead(), 0);
        f.trigger("actionStepBack"); // nothing before the first: it stays
        QCOMPARE(f.playhead(), 0);
        f.trigger("actionNextTaskEdge");
        QCOMPARE(f.playhead(), 100 * kMs);
        // On the highlighted lane only: gil-1's last change is its end at 100 ms.
        f.state->setHighlightedThread(ThreadKey{0, 0});
        f.trigger("actionStepLaneBack");
        QCOMPARE(f.playhead(), 0);
        f.trigger("actionStepLaneForward");
        QCOMPARE(f.playhead(), 100 * kMs);
        f.trigger("actionStepLaneForward");
        QCOMPARE(f.playhead(), 100 * kMs);
        f.trigger("actionStopReplay");
        QVERIFY(!f.state->playhead());
    }

    void theArrowKeysStep()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(QTest::qWaitForWindowActive(&f.window));
        f.view->setFocus();
        QTest::keyClick(f.view, Qt::Key_Right);
        QCOMPARE(f.playhead(), 30 * kMs);
        QTest::keyClick(f.view, Qt::Key_Right, Qt::ControlModifier);
        QCOMPARE(f.playhead(), 100 * kMs);
        QTest::keyClick(f.view, Qt::Key_Left);
        QCOMPARE(f.playhead(), 30 * kMs);
    }

    void theTimeAxisScrubs()
    {
        Fixture f;
        QVERIFY(f.open());
        const TimeScale scale = f.view->timeScale();
        const int x = int(scale.toPixel(50 * kMs));
        int y = f.view->plotRect().top() - 1;
        while (y > 0 && f.view->hitTest(QPoint(x, y)).part != TimelineHit::Part::Axis)
            --y;
        QVERIFY(y > 0);
        QTest::mousePress(f.view->viewport(), Qt::LeftButton, {}, QPoint(x, y));
        QVERIFY(std::abs(f.playhead() - 50 * kMs) <= 2 * TimeNs(scale.nsPerPixel()));
        QMouseEvent move(QEvent::MouseMove, QPointF(scale.toPixel(150 * kMs), y),
                         f.view->viewport()->mapToGlobal(QPointF(scale.toPixel(150 * kMs), y)),
                         Qt::NoButton, Qt::LeftButton, {});
        QCoreApplication::sendEvent(f.view->viewport(), &move);
        QVERIFY(std::abs(f.playhead() - 150 * kMs) <= 2 * TimeNs(scale.nsPerPixel()));
        QTest::mouseRelease(f.view->viewport(), Qt::LeftButton, {},
                            QPoint(int(scale.toPixel(150 * kMs)), y));
        // Past the end it stops at the end.
        QTest::mousePress(f.view->viewport(), Qt::LeftButton, {},
                          QPoint(f.view->plotRect().right(), y));
        QVERIFY(f.playhead() <= 200 * kMs);
        QTest::mouseRelease(f.view->viewport(), Qt::LeftButton);
    }

    void playsAndPauses()
    {
        Fixture f;
        QVERIFY(f.open());
        f.trigger("actionStepForward");
        QAction *play = f.window.findChild<QAction *>(QStringLiteral("actionPlay"));
        // At 1/10 of real time the 200 ms run lasts 2 s.
        f.trigger("actionStepBack");
        QCOMPARE(f.playhead(), 0);
        QComboBox *speed = f.window.findChild<QComboBox *>(QStringLiteral("replaySpeed"));
        QVERIFY(speed);
        speed->setCurrentIndex(speed->findData(0.1));
        emit speed->activated(speed->currentIndex());
        play->trigger();
        QCOMPARE(play->text(), QStringLiteral("Pause"));
        QTRY_VERIFY(f.playhead() > 5 * kMs);
        play->trigger();
        QCOMPARE(play->text(), QStringLiteral("Play"));
        const TimeNs paused = f.playhead();
        QTest::qWait(100);
        QCOMPARE(f.playhead(), paused);
        QVERIFY(paused < 200 * kMs);
        // Played to the end it stops there.
        speed->setCurrentIndex(speed->findData(1.0));
        emit speed->activated(speed->currentIndex());
        play->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(f.playhead(), 200 * kMs, 5000);
        QTRY_COMPARE(play->text(), QStringLiteral("Play"));
    }

    void predictModeHidesWhatComesNext()
    {
        Fixture f;
        QVERIFY(f.open());
        f.trigger("actionPredict");
        QVERIFY(f.state->predicting());
        QCOMPARE(f.playhead(), 0); // from the start
        f.trigger("actionStepForward");
        QCOMPARE(f.playhead(), 30 * kMs);
        QVERIFY(f.state->hides(31 * kMs));
        QVERIFY(!f.state->hides(29 * kMs));
        // The picture: right of the playhead the lanes are curtain (the theme's background);
        // left of it they are drawn as when everything is shown.
        const TimeScale scale = f.view->timeScale();
        const QRect plot = f.view->plotRect();
        const QColor curtain = f.view->theme().background;
        const auto column = [&](const QImage &picture, TimeNs t) {
            QList<QColor> pixels;
            const int x = int(scale.toPixel(t));
            for (int y = plot.top() + 40; y < plot.bottom() - 40; y += 4)
                pixels.append(picture.pixelColor(x, y));
            return pixels;
        };
        const QImage predicted = f.view->viewport()->grab().toImage();
        const QList<QColor> hidden = column(predicted, 150 * kMs);
        QCOMPARE(hidden.count(curtain), hidden.size());
        // Nor does a tooltip tell what is behind it.
        QVERIFY(f.view->hitTest(QPoint(int(scale.toPixel(150 * kMs)), plot.center().y())).time
                > 30 * kMs);
        // Nor does the critical path, which is read back from the run's end.
        auto *why = f.window.findChild<WhyPanel *>(QStringLiteral("whyPanel"));
        f.trigger("actionCriticalPath");
        QVERIFY2(why->criticalPathText().contains(QStringLiteral("once everything is revealed")),
                 qPrintable(why->criticalPathText()));
        f.trigger("actionCriticalPath");
        f.trigger("actionRevealAll");
        QVERIFY(!f.state->predicting());
        QCOMPARE(f.playhead(), 30 * kMs);
        const QImage revealed = f.view->viewport()->grab().toImage();
        QVERIFY(column(revealed, 150 * kMs).count(curtain) < hidden.size());
        QCOMPARE(column(revealed, 10 * kMs), column(predicted, 10 * kMs));
    }

    void theWhyPanelAnswersAtThePlayhead()
    {
        Fixture f;
        QVERIFY(f.open());
        auto *why = f.window.findChild<WhyPanel *>(QStringLiteral("whyPanel"));
        QVERIFY(why);
        QVERIFY(why->html().contains(QStringLiteral("step with")));
        f.trigger("actionStepForward");
        f.trigger("actionStepForward"); // 100 ms: the hand-over
        f.trigger("actionStepBack");    // 30 ms
        const QString html = why->html();
        QVERIFY2(html.contains(QStringLiteral("running — on core 0, task 0, holding the GIL")),
                 qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("waiting for the GIL — held by")), qPrintable(html));
        // Its thread names are links: the holder's highlights the holder.
        why->openLink(QUrl(QStringLiteral("lane:0:0")));
        QCOMPARE(f.state->highlightedThread(), std::optional(ThreadKey{0, 0}));
        // The critical path's breakdown, on request.
        QVERIFY(why->criticalPathText().isEmpty());
        f.trigger("actionCriticalPath");
        QVERIFY(f.state->showsCriticalPath());
        QVERIFY2(why->criticalPathText().contains(QStringLiteral("critical path: 0 ns → 200.0 ms")),
                 qPrintable(why->criticalPathText()));
    }

    void theSummaryFollowsThePlayhead()
    {
        Fixture f;
        QVERIFY(f.open());
        auto *summary = f.window.findChild<SummaryPanel *>(QStringLiteral("summaryPanel"));
        QVERIFY(summary);
        const auto shown = [&] {
            QTextDocument document;
            document.setHtml(summary->html());
            return document.toPlainText().simplified();
        };
        QVERIFY2(shown().contains(QStringLiteral("Wall time 200.0 ms")), qPrintable(shown()));
        f.trigger("actionStepForward"); // 30 ms
        QTRY_VERIFY2(shown().contains(QStringLiteral("Up to the playhead at 30.0 ms")),
                     qPrintable(shown()));
        QVERIFY2(shown().contains(QStringLiteral("Elapsed 30.0 ms CPU")), qPrintable(shown()));
        QVERIFY2(shown().contains(QStringLiteral("CPU time 30.0 ms")), qPrintable(shown()));
        f.trigger("actionStopReplay");
        QTRY_VERIFY(!shown().contains(QStringLiteral("Up to the playhead")));
    }
};

QTEST_MAIN(TestReplay)
#include "tst_replay.moc"
