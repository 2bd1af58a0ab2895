// SPDX-License-Identifier: MIT
// TimelineView: keys, wheel and mouse change the shared view state as a user expects, every view
// of a state follows it, a click highlights a thread, and live traces keep the view following.

#include "timeline/timelineview.h"
#include "timeline/timelineviewstate.h"
#include "trace/tracebuilder.h"

#include <QApplication>
#include <QFile>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <QWheelEvent>

#include <memory>

using namespace corescope;

namespace {

constexpr TimeNs kMs = 1'000'000;

/// Two cores and three threads over `length`: worker A on core 1 in the middle fifth.
std::shared_ptr<const Trace> trace(TimeNs length = 1000 * kMs)
{
    TraceBuilder builder(2);
    builder.addThread({100, 100, "engine", ThreadRole::Engine, 0, length, -1});
    builder.addThread({100, 101, "worker-a", ThreadRole::Worker, 0, length, -1});
    builder.addThread({100, 102, "worker-b", ThreadRole::Worker, 0, length, -1});
    builder.addSlice(1, length * 2 / 5, length * 3 / 5, 1);
    builder.addSlice(0, 0, length / 10, 2);
    builder.addState(1, 0, length * 2 / 5, ThreadState::GilWait);
    builder.addState(1, length * 2 / 5, length * 3 / 5, ThreadState::Running, 1);
    builder.addState(2, 0, length / 10, ThreadState::Running, 0);
    builder.addSpan(1, length * 2 / 5, length * 3 / 5, SpanKind::Task, 0, 0);
    builder.metadata().title = "synthetic";
    builder.metadata().wallNs = length;
    return std::make_shared<const Trace>(builder.build());
}

void sendWheel(QWidget *target, QPoint pos, int delta, Qt::KeyboardModifiers modifiers)
{
    QWheelEvent event(QPointF(pos), QPointF(target->mapToGlobal(pos)), QPoint(), QPoint(0, delta),
                      Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &event);
}

std::optional<size_t> laneOf(const TimelineView &view, TimelineLane::Kind kind, uint32_t index)
{
    const auto &lanes = view.layout().lanes();
    for (size_t i = 0; i < lanes.size(); ++i) {
        if (lanes[i].kind == kind && lanes[i].index == index)
            return i;
    }
    return std::nullopt;
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TimelineViewState> m_state;
    std::unique_ptr<TimelineView> m_view;

    TimeNs span() const { return m_state->visibleEnd() - m_state->visibleBegin(); }
    QWidget *viewport() const { return m_view->viewport(); }
    int xOf(TimeNs t) const { return int(std::lround(m_view->timeScale().toPixel(t))); }

private slots:
    void init()
    {
        m_state = std::make_unique<TimelineViewState>();
        m_view = std::make_unique<TimelineView>(m_state.get());
        m_view->resize(1000, 600);
        m_view->setRuns({trace()});
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_state.reset();
    }

    void startsShowingEverything()
    {
        QCOMPARE(m_state->visibleBegin(), TimeNs(0));
        QCOMPARE(m_state->visibleEnd(), 1000 * kMs);
        QCOMPARE(m_view->extent(), 1000 * kMs);
        QVERIFY(m_view->plotRect().width() > 500);
    }

    void keys_data()
    {
        QTest::addColumn<QList<int>>("keys");
        QTest::addColumn<double>("spanRatio"); // visible span after / before
        QTest::addColumn<int>("beginMoves");   // -1 earlier, 0 same, +1 later
        QTest::newRow("W zooms in") << QList<int>{Qt::Key_W} << 1 / 1.25 << 1;
        QTest::newRow("W W W zooms in thrice")
            << QList<int>{Qt::Key_W, Qt::Key_W, Qt::Key_W} << 1 / (1.25 * 1.25 * 1.25) << 1;
        QTest::newRow("W then S returns") << QList<int>{Qt::Key_W, Qt::Key_S} << 1.0 << 0;
        QTest::newRow("W then D pans later")
            << QList<int>{Qt::Key_W, Qt::Key_W, Qt::Key_D} << 1 / (1.25 * 1.25) << 1;
        QTest::newRow("W then A pans earlier")
            << QList<int>{Qt::Key_W, Qt::Key_W, Qt::Key_D, Qt::Key_D, Qt::Key_A}
            << 1 / (1.25 * 1.25) << 1;
        QTest::newRow("S at full view stays") << QList<int>{Qt::Key_S} << 1.0 << 0;
        QTest::newRow("W W then 0 fits all")
            << QList<int>{Qt::Key_W, Qt::Key_W, Qt::Key_0} << 1.0 << 0;
        QTest::newRow("W W then Home fits all")
            << QList<int>{Qt::Key_W, Qt::Key_W, Qt::Key_Home} << 1.0 << 0;
    }

    void keys()
    {
        QFETCH(QList<int>, keys);
        QFETCH(double, spanRatio);
        QFETCH(int, beginMoves);
        const TimeNs before = span();
        for (int key : keys)
            QTest::keyClick(m_view.get(), Qt::Key(key));
        QVERIFY2(std::abs(double(span()) / double(before) - spanRatio) < 0.01,
                 qPrintable(QString::number(double(span()) / double(before))));
        if (beginMoves == 0)
            QCOMPARE(m_state->visibleBegin(), TimeNs(0));
        else
            QVERIFY(m_state->visibleBegin() > 0);
        QVERIFY(m_state->visibleEnd() <= m_view->extent());
    }

    void panKeysMoveByAFraction()
    {
        QTest::keyClick(m_view.get(), Qt::Key_W);
        QTest::keyClick(m_view.get(), Qt::Key_W);
        const TimeNs begin = m_state->visibleBegin();
        QTest::keyClick(m_view.get(), Qt::Key_D);
        QVERIFY(std::abs(m_state->visibleBegin() - begin - TimeNs(0.15 * double(span())))
                <= span() / 500);
        QTest::keyClick(m_view.get(), Qt::Key_A);
        QVERIFY(std::abs(m_state->visibleBegin() - begin) <= span() / 500);
    }

    void ctrlWheelZoomsAroundTheMouse_data()
    {
        QTest::addColumn<double>("fraction"); // where the mouse is across the plot
        QTest::addColumn<int>("notches");
        QTest::newRow("in at a quarter") << 0.25 << 2;
        QTest::newRow("in at the middle") << 0.5 << 1;
        QTest::newRow("in near the right") << 0.9 << 3;
    }

    void ctrlWheelZoomsAroundTheMouse()
    {
        QFETCH(double, fraction);
        QFETCH(int, notches);
        const QRect plot = m_view->plotRect();
        const QPoint mouse(plot.left() + int(fraction * plot.width()), plot.center().y());
        const TimeNs under = m_view->timeScale().toTime(mouse.x());
        const TimeNs before = span();
        sendWheel(viewport(), mouse, 120 * notches, Qt::ControlModifier);
        QVERIFY(std::abs(double(span()) * std::pow(1.25, notches) / double(before) - 1.0) < 0.01);
        // The time under the mouse stays under it.
        QVERIFY(std::abs(m_view->timeScale().toTime(mouse.x()) - under)
                <= m_view->timeScale().durationOf(1));
        sendWheel(viewport(), mouse, -120 * notches, Qt::ControlModifier);
        QVERIFY(std::abs(span() - before) <= before / 1000);
    }

    void plainWheelScrollsLanesShiftWheelPans()
    {
        // Many runs: the lanes overflow and the vertical scroll bar takes the wheel.
        m_view->setRuns({trace(), trace(), trace(), trace(), trace(), trace()});
        QVERIFY(m_view->verticalScrollBar()->maximum() > 0);
        const QPoint mouse = m_view->plotRect().center();
        sendWheel(viewport(), mouse, -120, Qt::NoModifier);
        QVERIFY(m_view->verticalScrollBar()->value() > 0);
        QCOMPARE(m_state->visibleBegin(), TimeNs(0));

        QTest::keyClick(m_view.get(), Qt::Key_W);
        const TimeNs begin = m_state->visibleBegin();
        sendWheel(viewport(), mouse, -120, Qt::ShiftModifier);
        QVERIFY(m_state->visibleBegin() > begin);
    }

    void scrollBarsFollowAndMoveTheRange()
    {
        QCOMPARE(m_view->horizontalScrollBar()->maximum(), 0); // everything is visible
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(m_view.get(), Qt::Key_W);
        QScrollBar *bar = m_view->horizontalScrollBar();
        QVERIFY(bar->maximum() > 0);
        const TimeNs visible = span();
        bar->setValue(bar->maximum());
        QVERIFY(std::abs(m_state->visibleEnd() - m_view->extent()) <= visible / 100);
        QVERIFY(std::abs(span() - visible) <= visible / 1000);
        bar->setValue(0);
        QCOMPARE(m_state->visibleBegin(), TimeNs(0));
        QTest::keyClick(m_view.get(), Qt::Key_D);
        QVERIFY(bar->value() > 0); // the bar follows the range
    }

    void dragPans()
    {
        QTest::keyClick(m_view.get(), Qt::Key_W);
        QTest::keyClick(m_view.get(), Qt::Key_W);
        const TimeNs begin = m_state->visibleBegin();
        const TimeNs perPixel = m_view->timeScale().durationOf(1);
        const QPoint from = m_view->plotRect().center();
        QTest::mousePress(viewport(), Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(viewport(), from - QPoint(50, 0));
        QTest::mouseMove(viewport(), from - QPoint(100, 0));
        QTest::mouseRelease(viewport(), Qt::LeftButton, Qt::NoModifier, from - QPoint(100, 0));
        // Dragging the picture left shows later times: 100 pixels' worth.
        QVERIFY(std::abs(m_state->visibleBegin() - begin - 100 * perPixel) <= 2 * perPixel);
        QVERIFY(!m_state->highlightedThread()); // a drag is not a click
    }

    void selectAndZoomToSelection_data()
    {
        QTest::addColumn<int>("button");
        QTest::addColumn<int>("modifiers");
        QTest::addColumn<int>("zoomKey"); // 0: double-click
        QTest::newRow("shift-drag, F")
            << int(Qt::LeftButton) << int(Qt::ShiftModifier) << int(Qt::Key_F);
        QTest::newRow("right-drag, F")
            << int(Qt::RightButton) << int(Qt::NoModifier) << int(Qt::Key_F);
        QTest::newRow("shift-drag, double-click")
            << int(Qt::LeftButton) << int(Qt::ShiftModifier) << 0;
    }

    void selectAndZoomToSelection()
    {
        QFETCH(int, button);
        QFETCH(int, modifiers);
        QFETCH(int, zoomKey);
        QSignalSpy selectionChanged(m_state.get(), &TimelineViewState::selectionChanged);
        const int y = m_view->plotRect().center().y();
        const int x0 = xOf(200 * kMs);
        const int x1 = xOf(500 * kMs);
        const auto mouseButton = Qt::MouseButton(button);
        const auto keys = Qt::KeyboardModifiers(modifiers);
        QTest::mousePress(viewport(), mouseButton, keys, QPoint(x0, y));
        QTest::mouseMove(viewport(), QPoint((x0 + x1) / 2, y));
        QTest::mouseMove(viewport(), QPoint(x1, y));
        QTest::mouseRelease(viewport(), mouseButton, keys, QPoint(x1, y));
        QVERIFY(selectionChanged.count() >= 1);
        const auto selection = m_state->selection();
        QVERIFY(selection);
        const TimeNs pixel = m_view->timeScale().durationOf(1);
        QVERIFY(std::abs(selection->first - 200 * kMs) <= pixel);
        QVERIFY(std::abs(selection->second - 500 * kMs) <= pixel);
        QCOMPARE(m_state->visibleEnd(), 1000 * kMs); // selecting does not zoom

        if (zoomKey != 0)
            QTest::keyClick(m_view.get(), Qt::Key(zoomKey));
        else
            QTest::mouseDClick(viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(x0 + 5, y));
        QVERIFY(m_state->visibleBegin() < selection->first);
        QVERIFY(m_state->visibleBegin() > selection->first - 20 * kMs);
        QVERIFY(m_state->visibleEnd() > selection->second);
        QVERIFY(m_state->visibleEnd() < selection->second + 20 * kMs);

        QTest::keyClick(m_view.get(), Qt::Key_Escape);
        QVERIFY(!m_state->selection());
    }

    void clickHighlightsAThreadEverywhere()
    {
        QSignalSpy clicked(m_view.get(), &TimelineView::threadClicked);
        QSignalSpy highlight(m_state.get(), &TimelineViewState::highlightChanged);
        const auto core1 = laneOf(*m_view, TimelineLane::Kind::Core, 1);
        QVERIFY(core1);
        const QPoint onA(xOf(500 * kMs), m_view->laneRect(*core1).center().y());
        QTest::mouseClick(viewport(), Qt::LeftButton, Qt::NoModifier, onA);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 0);
        QCOMPARE(clicked.at(0).at(1).toUInt(), 1u);
        QCOMPARE(m_state->highlightedThread(), std::optional<ThreadKey>(ThreadKey{0, 1}));
        QCOMPARE(highlight.count(), 1);

        // Clicking the same thread again (here its lane label) clears the highlight.
        const auto laneA = laneOf(*m_view, TimelineLane::Kind::Thread, 1);
        QVERIFY(laneA);
        QTest::mouseClick(viewport(), Qt::LeftButton, Qt::NoModifier,
                          QPoint(10, m_view->laneRect(*laneA).center().y()));
        QVERIFY(!m_state->highlightedThread());

        // Clicking idle time on a core clears it too.
        QTest::mouseClick(viewport(), Qt::LeftButton, Qt::NoModifier, onA);
        QVERIFY(m_state->highlightedThread());
        QTest::mouseClick(viewport(), Qt::LeftButton, Qt::NoModifier,
                          QPoint(xOf(900 * kMs), m_view->laneRect(*core1).center().y()));
        QVERIFY(!m_state->highlightedThread());
    }

    void cursorFollowsTheMouse()
    {
        QSignalSpy hover(m_view.get(), &TimelineView::hoverChanged);
        const auto core1 = laneOf(*m_view, TimelineLane::Kind::Core, 1);
        const QPoint onA(xOf(450 * kMs), m_view->laneRect(*core1).center().y());
        QTest::mouseMove(viewport(), onA);
        QVERIFY(m_state->cursor());
        QVERIFY(std::abs(*m_state->cursor() - 450 * kMs) <= m_view->timeScale().durationOf(1));
        QVERIFY(hover.count() >= 1);
        const auto hit = hover.last().at(0).value<TimelineHit>();
        QCOMPARE(hit.part, TimelineHit::Part::CoreLane);
        QCOMPARE(hit.thread, std::optional<uint32_t>(1));
        QVERIFY(hit.toolTip.contains(QStringLiteral("worker-a")));
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(m_view.get(), &leave);
        QVERIFY(!m_state->cursor());
    }

    void viewsSharingAStateFollowEachOther()
    {
        TimelineView other(m_state.get());
        other.resize(700, 300);
        other.setRuns({trace()});
        other.show();
        QVERIFY(QTest::qWaitForWindowExposed(&other));
        QTest::keyClick(m_view.get(), Qt::Key_W);
        QCOMPARE(other.timeScale().begin(), m_state->visibleBegin());
        QCOMPARE(other.timeScale().end(), m_state->visibleEnd());
        m_state->setSelection(100 * kMs, 200 * kMs);
        m_state->setHighlightedThread(ThreadKey{0, 2});
        QTest::keyClick(&other, Qt::Key_0);
        QCOMPARE(m_view->timeScale().begin(), TimeNs(0));
        QCOMPARE(m_view->timeScale().end(), 1000 * kMs);
    }

    void liveTraceKeepsTheViewFollowing()
    {
        // Ten updates a second of a growing trace: a view showing everything keeps doing so …
        for (int step = 1; step <= 10; ++step) {
            m_view->setRuns({trace(TimeNs(step) * 200 * kMs)});
            QCOMPARE(m_state->visibleEnd(), TimeNs(step) * 200 * kMs);
        }
        // … and one zoomed in elsewhere stays put.
        QTest::keyClick(m_view.get(), Qt::Key_W);
        QTest::keyClick(m_view.get(), Qt::Key_W);
        const auto before = std::pair{m_state->visibleBegin(), m_state->visibleEnd()};
        m_view->setRuns({trace(4000 * kMs)});
        QCOMPARE(std::pair(m_state->visibleBegin(), m_state->visibleEnd()), before);
        QVERIFY(m_view->grab().size().width() > 0);
    }

    void hugeLanesAreSummarisedInTheBackground()
    {
        // 4 cores × 100k slices: each lane is big enough for a summary, built off the GUI thread.
        TraceBuilder builder(4);
        builder.addThread({1, 1, "engine", ThreadRole::Engine, 0, 0, -1});
        builder.addThread({1, 2, "worker", ThreadRole::Worker, 0, 0, -1});
        for (uint16_t c = 0; c < 4; ++c) {
            for (TimeNs k = 0; k < 100000; ++k)
                builder.addSlice(c, k * 100, k * 100 + 60, 1);
        }
        builder.metadata().wallNs = 100000 * 100;
        const auto big = std::make_shared<const Trace>(builder.build());
        m_view->setRuns({big});
        QVERIFY(!m_view->grab().isNull()); // drawn from the events while the summaries build
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isPreparing(), 20000);
        QVERIFY(!m_view->grab().isNull());
        // Replacing the runs while a job runs starts another for the new ones.
        m_view->setRuns({big, trace()});
        m_view->setRuns({trace()});
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isPreparing(), 20000);
    }

    void laneModesThemesAndExport()
    {
        for (const LaneMode mode : {LaneMode::Cores, LaneMode::Threads, LaneMode::Both}) {
            m_view->setLaneMode(mode);
            QCOMPARE(m_view->laneMode(), mode);
            QVERIFY(!m_view->grab().isNull());
        }
        for (const Appearance appearance :
             {Appearance{Theme::Dark, false}, Appearance{Theme::Light, true}}) {
            m_view->setTheme(TimelineTheme::forAppearance(appearance));
            QVERIFY(m_view->theme().appearance == appearance);
            const QImage shot = m_view->grab().toImage();
            QCOMPARE(
                shot.pixelColor(m_view->plotRect().right() - 2, m_view->plotRect().bottom() - 2)
                    .name(),
                m_view->theme().background.name());
        }
        QTest::keyClick(m_view.get(), Qt::Key_W);
        const ExportOptions visible = m_view->exportOptions(true);
        QVERIFY(visible.range);
        QCOMPARE(visible.range->first, m_state->visibleBegin());
        QVERIFY(visible.theme == Appearance{});
        QVERIFY(!m_view->exportOptions(false).range);
        const QImage image = m_view->renderImage(QSize(1920, 1080), visible);
        QCOMPARE(image.size(), QSize(1920, 1080));
        QTemporaryDir dir;
        QString error;
        for (const QString &name : {QStringLiteral("view.png"), QStringLiteral("view.SVG")}) {
            const QString path = dir.filePath(name);
            QVERIFY2(m_view->exportFile(path, QSize(1280, 720), visible, &error),
                     qPrintable(error));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray head = file.read(64);
            QCOMPARE(head.startsWith("\x89PNG"), name.endsWith(QLatin1String(".png")));
        }
        QVERIFY(!m_view->exportFile(QStringLiteral("/nonexistent/x.png"), QSize(640, 480), visible,
                                    &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent/x.png")));
        m_view->setShowHandoffs(false);
        QVERIFY(!m_view->showHandoffs());
        m_view->setShowLegend(false);
        QVERIFY(!m_view->showLegend());
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
