// SPDX-License-Identifier: MIT
// The timeline renderer on small synthetic traces: a known thread's colour lands on its core
// between the expected x positions and idle time stays background; exports have the asked size
// and content; hit-testing finds what is drawn; level of detail bounds what is drawn.

#include "timeline/timelineexporter.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinepalette.h"
#include "timeline/timelinerenderer.h"
#include "trace/tracebuilder.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace corescope;

namespace {

constexpr TimeNs kMs = 1'000'000;

/// Two cores; the engine thread (index 0) starts things, worker A (1) runs on core 1 from
/// 200 ms to 600 ms, worker B (2) on core 0 from 0 to 100 ms; the run lasts 1 s.
std::shared_ptr<const Trace> smallTrace()
{
    TraceBuilder builder(2);
    builder.addThread({100, 100, "engine", ThreadRole::Engine, 0, 1000 * kMs, -1});
    builder.addThread({100, 101, "worker-a", ThreadRole::Worker, 0, 1000 * kMs, -1});
    builder.addThread({100, 102, "worker-b", ThreadRole::Worker, 0, 1000 * kMs, -1});
    builder.addSlice(1, 200 * kMs, 600 * kMs, 1);
    builder.addSlice(0, 0, 100 * kMs, 2);
    builder.addState(1, 0, 200 * kMs, ThreadState::Sleeping);
    builder.addState(1, 200 * kMs, 600 * kMs, ThreadState::Running, 1);
    builder.addState(1, 600 * kMs, 1000 * kMs, ThreadState::GilWait);
    builder.addState(2, 0, 100 * kMs, ThreadState::Running, 0);
    builder.addState(2, 100 * kMs, 1000 * kMs, ThreadState::Io);
    builder.addSpan(1, 200 * kMs, 600 * kMs, SpanKind::Task, 3, 42);
    builder.metadata().title = "synthetic · threads · 2 workers";
    builder.metadata().wallNs = 1000 * kMs;
    return std::make_shared<const Trace>(builder.build());
}

/// `perCore` slices of 20 ns every 50 ns on each of `cores` cores, owned by 8 threads in turn.
std::shared_ptr<const Trace> crowdedTrace(size_t cores, size_t perCore)
{
    TraceBuilder builder(cores);
    for (int t = 0; t < 8; ++t)
        builder.addThread(
            {1, 1 + t, "t", t == 0 ? ThreadRole::Engine : ThreadRole::Worker, 0, 0, -1});
    for (size_t c = 0; c < cores; ++c) {
        for (size_t k = 0; k < perCore; ++k)
            builder.addSlice(uint16_t(c), TimeNs(k) * 50, TimeNs(k) * 50 + 20,
                             uint32_t((k + c) % 8));
    }
    builder.metadata().wallNs = TimeNs(perCore) * 50;
    return std::make_shared<const Trace>(builder.build());
}

std::optional<size_t> laneOf(TimelineRenderer &renderer, TimelineLane::Kind kind, uint32_t index)
{
    const auto &lanes = renderer.layout().lanes();
    for (size_t i = 0; i < lanes.size(); ++i) {
        if (lanes[i].kind == kind && lanes[i].index == index)
            return i;
    }
    return std::nullopt;
}

QString hex(QRgb colour)
{
    return QColor::fromRgb(colour).name();
}

} // namespace

class TestTimelineRenderer : public QObject
{
    Q_OBJECT

private slots:
    void knownThreadOnCore1_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<Appearance>("theme");
        QTest::addColumn<bool>("exported");
        QTest::newRow("whole run, 1000×400")
            << QSize(1000, 400) << qint64(0) << qint64(1000 * kMs) << Appearance{} << false;
        QTest::newRow("zoomed, 1600×500")
            << QSize(1600, 500) << qint64(150 * kMs) << qint64(650 * kMs) << Appearance{} << false;
        QTest::newRow("dark theme") << QSize(900, 300) << qint64(0) << qint64(1000 * kMs)
                                    << Appearance{Theme::Dark, false} << false;
        QTest::newRow("presentation theme") << QSize(1280, 720) << qint64(0) << qint64(1000 * kMs)
                                            << Appearance{Theme::Light, true} << false;
        QTest::newRow("1080p export")
            << QSize(1920, 1080) << qint64(0) << qint64(1000 * kMs) << Appearance{} << true;
        QTest::newRow("4K export")
            << QSize(3840, 2160) << qint64(100 * kMs) << qint64(900 * kMs) << Appearance{} << true;
    }

    void knownThreadOnCore1()
    {
        QFETCH(QSize, size);
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(Appearance, theme);
        QFETCH(bool, exported);
        const auto trace = smallTrace();
        TimelineRenderer renderer;
        renderer.setRuns({trace});
        if (exported) {
            ExportOptions options;
            options.laneMode = LaneMode::Cores;
            options.range = std::pair{TimeNs(from), TimeNs(to)};
            TimelineExporter::configure(renderer, size, options);
        } else {
            renderer.setLaneMode(LaneMode::Cores);
            renderer.setTheme(TimelineTheme::forAppearance(theme));
            renderer.setSize(size);
            renderer.setRange(from, to);
        }
        QImage image(size, QImage::Format_RGB32);
        QPainter painter(&image);
        renderer.paint(painter);
        painter.end();

        const auto core1 = laneOf(renderer, TimelineLane::Kind::Core, 1);
        QVERIFY(core1);
        const QRect lane = renderer.laneRect(*core1);
        // The bar's top row: below it the thread's name may be written inside the bar.
        const int y = lane.top() + std::max(1, lane.height() / 10) + 1;
        const TimeScale scale = renderer.timeScale();
        const QRgb workerA = TimelinePalette::threadColour(1, renderer.theme().isDark()).rgb();
        const int x0 = int(std::ceil(scale.toPixel(200 * kMs)));
        const int x1 = int(std::floor(scale.toPixel(600 * kMs)));
        const QRect plot = renderer.plotRect();
        QVERIFY(x1 - x0 > 50);
        // Worker A's colour from 200 ms to 600 ms …
        for (int x = std::max(x0 + 1, plot.left()); x < std::min(x1 - 1, plot.right()); ++x)
            QVERIFY2(image.pixel(x, y) == workerA,
                     qPrintable(QStringLiteral("x %1: %2, expected %3")
                                    .arg(x)
                                    .arg(hex(image.pixel(x, y)), hex(workerA))));
        // … and idle background on either side (grid lines are background too).
        const TimelineTheme &t = renderer.theme();
        const QList<QRgb> idle{t.background.rgb(), t.laneAlternate.rgb(), t.grid.rgb()};
        for (int x = plot.left() + 1; x < plot.right(); ++x) {
            if (x >= x0 - 2 && x <= x1 + 2)
                continue;
            QVERIFY2(
                idle.contains(image.pixel(x, y)),
                qPrintable(
                    QStringLiteral("x %1: %2 is not idle").arg(x).arg(hex(image.pixel(x, y)))));
        }
    }

    void exportSizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("mode");
        QTest::newRow("window-sized, both") << QSize(1280, 800) << int(LaneMode::Both);
        QTest::newRow("1080p, cores") << QSize(1920, 1080) << int(LaneMode::Cores);
        QTest::newRow("4K, threads") << QSize(3840, 2160) << int(LaneMode::Threads);
        QTest::newRow("small") << QSize(320, 200) << int(LaneMode::Both);
    }

    void exportSizes()
    {
        QFETCH(QSize, size);
        QFETCH(int, mode);
        ExportOptions options;
        options.laneMode = LaneMode(mode);
        const QImage image = TimelineExporter::renderImage({smallTrace()}, size, options);
        QCOMPARE(image.size(), size);
        // Not blank: the background plus thread, state, text and legend colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3) {
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString png = dir.filePath(QStringLiteral("timeline.png"));
        QVERIFY2(TimelineExporter::writePng({smallTrace()}, png, size, options, &error),
                 qPrintable(error));
        const QImage read(png);
        QCOMPARE(read.size(), size);
        QVERIFY(QFileInfo(png).size() > 1000);

        const QString svg = dir.filePath(QStringLiteral("timeline.svg"));
        QVERIFY2(TimelineExporter::writeSvg({smallTrace()}, svg, size, options, &error),
                 qPrintable(error));
        QSvgRenderer parsed(svg);
        QVERIFY(parsed.isValid());
        QCOMPARE(parsed.viewBox().size(), size);
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains("<rect"));
        QVERIFY(bytes.contains("<text"));
    }

    void svgShowsTheSameBars()
    {
        // The SVG, drawn back by Qt's own SVG renderer, has worker A's colour where the PNG has it.
        const QSize size(1280, 720);
        ExportOptions options;
        options.laneMode = LaneMode::Cores;
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("timeline.svg"));
        QString error;
        QVERIFY2(TimelineExporter::writeSvg({smallTrace()}, svg, size, options, &error),
                 qPrintable(error));
        QSvgRenderer parsed(svg);
        QImage drawn(size, QImage::Format_RGB32);
        drawn.fill(Qt::white);
        QPainter painter(&drawn);
        parsed.render(&painter);
        painter.end();
        const QImage png = TimelineExporter::renderImage({smallTrace()}, size, options);
        // Anyone looking at what is drawn can ask for the pictures.
        if (const QString out = qEnvironmentVariable("CORESCOPE_TEST_OUTPUT"); !out.isEmpty()) {
            drawn.save(QDir(out).filePath(QStringLiteral("svg-rendered.png")));
            png.save(QDir(out).filePath(QStringLiteral("png-rendered.png")));
        }

        TimelineRenderer renderer;
        renderer.setRuns({smallTrace()});
        TimelineExporter::configure(renderer, size, options);
        const auto core1 = laneOf(renderer, TimelineLane::Kind::Core, 1);
        const QRect lane = renderer.laneRect(*core1);
        const int y = lane.top() + std::max(1, lane.height() / 10) + 1;
        const QRgb workerA = TimelinePalette::threadColour(1).rgb();
        int same = 0;
        int total = 0;
        for (int x = int(renderer.timeScale().toPixel(250 * kMs));
             x < int(renderer.timeScale().toPixel(550 * kMs)); ++x) {
            ++total;
            same += drawn.pixel(x, y) == workerA && png.pixel(x, y) == workerA ? 1 : 0;
        }
        QVERIFY2(same == total, qPrintable(QStringLiteral("%1 of %2").arg(same).arg(total)));
        // And the idle part of the lane is background in both.
        const int idleX = int(renderer.timeScale().toPixel(850 * kMs)) + 3;
        QVERIFY(drawn.pixel(idleX, y) != workerA);
        QVERIFY(png.pixel(idleX, y) != workerA);
    }

    void exportRefusesAnUnwritablePath()
    {
        QString error;
        const QString path = QStringLiteral("/nonexistent-folder/timeline.png");
        QVERIFY(!TimelineExporter::writePng({smallTrace()}, path, QSize(400, 300), {}, &error));
        QVERIFY2(error.startsWith(path), qPrintable(error));
    }

    void exportScalesWithSize()
    {
        QCOMPARE(TimelineExporter::scaleFor(QSize(1920, 1080)), 1.0);
        QCOMPARE(TimelineExporter::scaleFor(QSize(3840, 2160)), 2.0);
        QCOMPARE(TimelineExporter::scaleFor(QSize(800, 600)), 1.0);
    }

    void levelOfDetailBoundsWhatIsDrawn_data()
    {
        QTest::addColumn<int>("perCore");
        QTest::newRow("1k per core") << 1000;
        QTest::newRow("100k per core") << 100000;
        QTest::newRow("300k per core (summarised)") << 300000;
    }

    void levelOfDetailBoundsWhatIsDrawn()
    {
        QFETCH(int, perCore);
        const size_t cores = 4;
        TimelineRenderer renderer;
        renderer.setRuns({crowdedTrace(cores, size_t(perCore))});
        renderer.setLaneMode(LaneMode::Cores);
        renderer.setSize(QSize(1200, 600));
        renderer.setRange(0, renderer.extent());
        const int width = renderer.plotRect().width();
        // Per lane at most two items per pixel column (plus hatching, none here, and labels).
        QVERIFY2(renderer.primitiveCount() <= cores * size_t(2 * width + 2),
                 qPrintable(QString::number(renderer.primitiveCount())));
        QImage image(renderer.size(), QImage::Format_RGB32);
        QPainter painter(&image);
        renderer.paint(painter);
    }

    void hitTesting_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("laneKind");
        QTest::addColumn<int>("laneIndex");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<bool>("stateStrip");
        QTest::addColumn<int>("part");
        QTest::addColumn<int>("thread");   // -1: none
        QTest::addColumn<qint64>("begin"); // -1: no event
        QTest::newRow("worker A on core 1")
            << int(LaneMode::Cores) << int(TimelineLane::Kind::Core) << 1 << qint64(400 * kMs)
            << false << int(TimelineHit::Part::CoreLane) << 1 << qint64(200 * kMs);
        QTest::newRow("idle core 1")
            << int(LaneMode::Cores) << int(TimelineLane::Kind::Core) << 1 << qint64(800 * kMs)
            << false << int(TimelineHit::Part::CoreLane) << -1 << qint64(-1);
        QTest::newRow("worker B on core 0")
            << int(LaneMode::Both) << int(TimelineLane::Kind::Core) << 0 << qint64(50 * kMs)
            << false << int(TimelineHit::Part::CoreLane) << 2 << qint64(0);
        QTest::newRow("worker A waiting for the GIL")
            << int(LaneMode::Threads) << int(TimelineLane::Kind::Thread) << 1 << qint64(700 * kMs)
            << true << int(TimelineHit::Part::StateStrip) << 1 << qint64(600 * kMs);
        QTest::newRow("worker A's task")
            << int(LaneMode::Threads) << int(TimelineLane::Kind::Thread) << 1 << qint64(300 * kMs)
            << false << int(TimelineHit::Part::SpanBand) << 1 << qint64(200 * kMs);
    }

    void hitTesting()
    {
        QFETCH(int, mode);
        QFETCH(int, laneKind);
        QFETCH(int, laneIndex);
        QFETCH(qint64, time);
        QFETCH(bool, stateStrip);
        QFETCH(int, part);
        QFETCH(int, thread);
        QFETCH(qint64, begin);
        TimelineRenderer renderer;
        renderer.setRuns({smallTrace()});
        renderer.setLaneMode(LaneMode(mode));
        renderer.setSize(QSize(1000, 500));
        renderer.setRange(0, 1000 * kMs);
        const auto lane = laneOf(renderer, TimelineLane::Kind(laneKind), uint32_t(laneIndex));
        QVERIFY(lane);
        const QRect rect = renderer.laneRect(*lane);
        // The state strip is the lower part of a thread lane, the span band the upper part.
        const int y =
            laneKind == int(TimelineLane::Kind::Thread)
                ? (stateStrip ? rect.bottom() - rect.height() / 4 : rect.top() + rect.height() / 5)
                : rect.center().y();
        const int x = int(std::lround(renderer.timeScale().toPixel(time)));
        const TimelineHit hit = renderer.hitTest(QPoint(x, y));
        QCOMPARE(int(hit.part), part);
        QCOMPARE(hit.lane, lane);
        QCOMPARE(hit.run, 0);
        QVERIFY(std::abs(hit.time - time) <= renderer.timeScale().durationOf(1));
        if (laneKind == int(TimelineLane::Kind::Core))
            QCOMPARE(hit.core, std::optional<uint32_t>(uint32_t(laneIndex)));
        if (thread < 0) {
            QVERIFY(!hit.thread);
        } else {
            QCOMPARE(hit.thread, std::optional<uint32_t>(uint32_t(thread)));
        }
        if (begin < 0) {
            QVERIFY(!hit.hasEvent());
        } else {
            QCOMPARE(hit.begin, std::optional<TimeNs>(begin));
        }
        QVERIFY(!hit.toolTip.isEmpty());
    }

    void hitTestingOutsideTheLanes()
    {
        TimelineRenderer renderer;
        renderer.setRuns({smallTrace()});
        renderer.setSize(QSize(1000, 500));
        renderer.setRange(0, 1000 * kMs);
        const QRect axis = renderer.axisRect();
        QCOMPARE(renderer.hitTest(axis.center()).part, TimelineHit::Part::Axis);
        const auto lane = laneOf(renderer, TimelineLane::Kind::Thread, 2);
        QVERIFY(lane);
        const TimelineHit label =
            renderer.hitTest(QPoint(5, renderer.laneRect(*lane).center().y()));
        QCOMPARE(label.part, TimelineHit::Part::LaneLabel);
        QCOMPARE(label.thread, std::optional<uint32_t>(2));
        QVERIFY(label.toolTip.contains(QStringLiteral("worker-b")));
        QCOMPARE(renderer.hitTest(QPoint(5, renderer.laneRect(0).center().y())).part,
                 TimelineHit::Part::RunHeader);
    }

    void highlightFadesOtherThreads()
    {
        TimelineRenderer renderer;
        renderer.setRuns({smallTrace()});
        renderer.setLaneMode(LaneMode::Cores);
        renderer.setSize(QSize(800, 300));
        renderer.setRange(0, 1000 * kMs);
        const auto core1 = laneOf(renderer, TimelineLane::Kind::Core, 1);
        const QRect lane = renderer.laneRect(*core1);
        const QPoint onA(int(renderer.timeScale().toPixel(400 * kMs)),
                         lane.top() + std::max(1, lane.height() / 10) + 1);
        const auto pixelWith = [&](std::optional<ThreadKey> highlight) {
            renderer.setHighlight(highlight);
            QImage image(renderer.size(), QImage::Format_RGB32);
            QPainter painter(&image);
            renderer.paint(painter);
            return image.pixel(onA);
        };
        const QRgb plain = pixelWith(std::nullopt);
        QCOMPARE(pixelWith(ThreadKey{0, 1}), plain);
        QVERIFY(pixelWith(ThreadKey{0, 2}) != plain);
    }

    void stackedRunsShareTheAxis()
    {
        // A second run half as long: its bars end where its own time says, on the same axis.
        TraceBuilder builder(2);
        builder.addThread({1, 1, "engine", ThreadRole::Engine, 0, 0, -1});
        builder.addThread({1, 2, "proc", ThreadRole::ChildProcess, 0, 0, -1});
        builder.addSlice(1, 0, 500 * kMs, 1);
        builder.metadata().wallNs = 500 * kMs;
        const auto shorter = std::make_shared<const Trace>(builder.build());
        TimelineRenderer renderer;
        renderer.setRuns({smallTrace(), shorter});
        renderer.setLaneMode(LaneMode::Cores);
        renderer.setSize(QSize(1000, 500));
        renderer.setRange(0, renderer.extent());
        QCOMPARE(renderer.extent(), 1000 * kMs);
        QCOMPARE(renderer.layout().runCount(), 2);
        const auto &lanes = renderer.layout().lanes();
        // Two headers and two cores per run.
        QCOMPARE(lanes.size(), size_t(6));
        QCOMPARE(lanes[3].kind, TimelineLane::Kind::RunHeader);
        QCOMPARE(lanes[3].run, 1);
        QImage image(renderer.size(), QImage::Format_RGB32);
        QPainter painter(&image);
        renderer.paint(painter);
        painter.end();
        const int y = renderer.laneRect(5).center().y();
        const TimeScale scale = renderer.timeScale();
        // The child process's bar is striped: its own colour and the hatch are both there.
        QSet<QRgb> seen;
        for (int x = int(scale.toPixel(100 * kMs)); x < int(scale.toPixel(400 * kMs)); ++x)
            seen.insert(image.pixel(x, y));
        QVERIFY(seen.contains(TimelinePalette::threadColour(1).rgb()));
        QVERIFY(seen.size() > 1);
        // After its end the lane is marked as over.
        QCOMPARE(image.pixel(int(scale.toPixel(850 * kMs)), y), renderer.theme().afterEnd.rgb());
    }

    void cacheIsSharedAndPruned()
    {
        auto cache = std::make_shared<TimelineLodCache>();
        {
            auto big = crowdedTrace(1, 100000);
            const QImage image = TimelineExporter::renderImage({big}, QSize(800, 400), {}, cache);
            QCOMPARE(image.size(), QSize(800, 400));
            QCOMPARE(cache->entryCount(), size_t(1));
        }
        cache->prune();
        QCOMPARE(cache->entryCount(), size_t(0));
    }
};

QTEST_MAIN(TestTimelineRenderer)
#include "tst_timelinerenderer.moc"
