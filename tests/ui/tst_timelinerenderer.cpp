// SPDX-License-Identifier: MIT
// The timeline renderer on small synthetic traces: a known thread's colour lands on its core
// between the expected x positions and idle time stays background; exports have the asked size
// and content; hit-testing finds what is drawn; level of detail bounds what is drawn, a counter
// of a million values too; tasks have lanes with threads only; hand-offs that took time slant.

#include "timeline/handoffarrowpainter.h"
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

#include <algorithm>
#include <memory>
#include <vector>

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

/// A producer puts an item into queue "jobs" every 100 ms from 100 ms on; a consumer, slower,
/// gets one every 200 ms, so the queue grows and each item waits longer (0, 100, … 400 ms). The
/// main thread's event loop runs two tasks (lanes of their own) that await a timer, wait for
/// the busy loop and, one of them, for a pool's queue. Threads: 0 main, 1 the task "fetch",
/// 2 producer, 3 consumer, 4 the task "parse"; counters: 0 the queue's depth, 1 the loop's
/// ready tasks.
std::shared_ptr<const Trace> queueTrace()
{
    TraceBuilder builder(2);
    const TimeNs end = 1000 * kMs;
    // Added out of order: the layout puts the tasks after the process's threads all the same.
    const uint32_t main = builder.addThread({100, 100, "main", ThreadRole::Engine, 0, end, -1});
    const uint32_t task1 = builder.addThread({100, 0, "fetch", ThreadRole::Task, 0, end, -1});
    const uint32_t producer =
        builder.addThread({100, 101, "producer", ThreadRole::Worker, 0, end, -1});
    const uint32_t consumer =
        builder.addThread({100, 102, "consumer", ThreadRole::Worker, 0, end, -1});
    const uint32_t task2 = builder.addThread({100, 0, "parse", ThreadRole::Task, 0, end, -1});
    const uint32_t jobs = builder.addWaitObject({WaitObjectKind::Queue, "queue \"jobs\""});
    const uint32_t depth =
        builder.addCounter({"jobs queued", CounterKind::QueueDepth, 100, {}, {}});
    const uint32_t ready = builder.addCounter({"", CounterKind::ReadyTasks, 100, {}, {}});

    std::vector<TimeNs> puts;
    for (TimeNs put = 100 * kMs; put <= 600 * kMs; put += 100 * kMs) {
        builder.addState(producer, put - 100 * kMs, put - 80 * kMs, ThreadState::Sleeping);
        builder.addState(producer, put - 80 * kMs, put, ThreadState::Running, 0);
        builder.addSlice(0, put - 80 * kMs, put, producer);
        puts.push_back(put);
    }
    builder.addState(producer, 600 * kMs, end, ThreadState::Sleeping);
    builder.addState(consumer, 0, 100 * kMs, ThreadState::QueueWait);
    builder.addWait(consumer, 0, 100 * kMs, jobs, producer);
    builder.addState(consumer, 100 * kMs, end, ThreadState::Running, 1);
    builder.addSlice(1, 100 * kMs, end, consumer);
    std::vector<TimeNs> gets;
    for (size_t k = 0; k < puts.size() && 100 * kMs + TimeNs(k) * 200 * kMs < end; ++k) {
        gets.push_back(100 * kMs + TimeNs(k) * 200 * kMs);
        builder.addMarker({gets.back(), MarkerKind::QueueHandoff, consumer, producer, 0, 0,
                           gets.back() - puts[k]});
    }
    // The depth after every put and get at each moment (a put and a get at once leave it be).
    for (TimeNs t = 0; t < end; t += 100 * kMs) {
        const auto upTo = [t](const std::vector<TimeNs> &times) {
            return std::count_if(times.begin(), times.end(), [t](TimeNs u) { return u <= t; });
        };
        builder.addCounterValue(depth, t, double(upTo(puts) - upTo(gets)));
    }

    // The loop: fetch runs, awaits a timer while parse runs, and waits for the loop while
    // parse still runs; parse waits for the pool's queue first.
    const auto run = [&](uint32_t task, TimeNs from, TimeNs to, ThreadState state) {
        builder.addState(task, from, to, state);
    };
    run(task1, 0, 150 * kMs, ThreadState::TaskRunning);
    run(task1, 150 * kMs, 450 * kMs, ThreadState::Awaiting);
    run(task1, 450 * kMs, 550 * kMs, ThreadState::Ready);
    run(task1, 550 * kMs, 700 * kMs, ThreadState::TaskRunning);
    run(task1, 700 * kMs, end, ThreadState::Awaiting);
    run(task2, 0, 150 * kMs, ThreadState::QueueWait);
    builder.addWait(task2, 0, 150 * kMs, jobs, main);
    run(task2, 150 * kMs, 550 * kMs, ThreadState::TaskRunning);
    run(task2, 550 * kMs, 700 * kMs, ThreadState::Ready);
    run(task2, 700 * kMs, 900 * kMs, ThreadState::TaskRunning);
    run(task2, 900 * kMs, end, ThreadState::Awaiting);
    builder.addState(main, 0, 900 * kMs, ThreadState::Running, 0);
    builder.addState(main, 900 * kMs, end, ThreadState::Sleeping);
    builder.addCounterValue(ready, 0, 1);
    builder.addCounterValue(ready, 150 * kMs, 0);
    builder.addCounterValue(ready, 450 * kMs, 1);
    builder.addCounterValue(ready, 550 * kMs, 1);
    builder.addCounterValue(ready, 700 * kMs, 0);
    builder.metadata().title = "queue · asyncio · 2 tasks";
    builder.metadata().wallNs = end;
    return std::make_shared<const Trace>(builder.build());
}

/// One core, no threads, and a counter of `count` values 10 ns apart that climb and fall.
std::shared_ptr<const Trace> bigCounter(size_t count)
{
    TraceBuilder builder(1);
    const uint32_t counter = builder.addCounter({"in flight", CounterKind::Imported, 1, {}, {}});
    for (size_t k = 0; k < count; ++k)
        builder.addCounterValue(counter, TimeNs(k) * 10,
                                double((k * 7919) % 1000) + double(k / 1000));
    builder.metadata().wallNs = TimeNs(count) * 10;
    return std::make_shared<const Trace>(builder.build());
}

/// Threads 0 main, 1 worker a, 2 worker b, 3 a task, over 1 s, with `marker`.
std::shared_ptr<const Trace> handoffTrace(const Marker &marker)
{
    TraceBuilder builder(1);
    builder.addThread({1, 1, "main", ThreadRole::Engine, 0, 1000 * kMs, -1});
    builder.addThread({1, 2, "a", ThreadRole::Worker, 0, 1000 * kMs, -1});
    builder.addThread({1, 3, "b", ThreadRole::Worker, 0, 1000 * kMs, -1});
    builder.addThread({1, 0, "task", ThreadRole::Task, 0, 1000 * kMs, -1});
    builder.addMarker(marker);
    builder.metadata().wallNs = 1000 * kMs;
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

    void drawsTasksCountersAndHandoffsAcrossTime_data()
    {
        QTest::addColumn<Appearance>("theme");
        QTest::addColumn<QSize>("size");
        for (const Appearance appearance : kAppearances)
            QTest::newRow(qPrintable(appearanceName(appearance)))
                << appearance << (appearance.presentation ? QSize(1920, 1080) : QSize(1280, 720));
    }
    void drawsTasksCountersAndHandoffsAcrossTime()
    {
        QFETCH(Appearance, theme);
        QFETCH(QSize, size);
        ExportOptions options;
        options.theme = theme;
        const QImage image = TimelineExporter::renderImage({queueTrace()}, size, options);
        QCOMPARE(image.size(), size);
        if (const QString out = qEnvironmentVariable("CORESCOPE_TEST_OUTPUT"); !out.isEmpty())
            image.save(
                QDir(out).filePath(QStringLiteral("queue-%1.png").arg(appearanceName(theme))));
    }

    void givesTasksLanesWithThreadsOnly_data()
    {
        QTest::addColumn<LaneMode>("mode");
        QTest::addColumn<int>("tasks");
        QTest::newRow("cores: a task is never on a core, and has no lane") << LaneMode::Cores << 0;
        QTest::newRow("threads: a lane per task") << LaneMode::Threads << 2;
        QTest::newRow("both: a lane per task") << LaneMode::Both << 2;
    }
    void givesTasksLanesWithThreadsOnly()
    {
        QFETCH(LaneMode, mode);
        QFETCH(int, tasks);
        TimelineRenderer renderer;
        renderer.setRuns({queueTrace()});
        renderer.setLaneMode(mode);
        renderer.setSize(QSize(1000, 800));
        renderer.setRange(0, 1000 * kMs);
        const auto &lanes = renderer.layout().lanes();
        const auto count = [&](TimelineLane::Kind kind) {
            return int(std::count_if(lanes.begin(), lanes.end(),
                                     [kind](const TimelineLane &l) { return l.kind == kind; }));
        };
        QCOMPARE(count(TimelineLane::Kind::Task), tasks);
        QCOMPARE(count(TimelineLane::Kind::Counter), 2); // under the run's lanes in every mode
        QCOMPARE(lanes.back().kind, TimelineLane::Kind::Counter);
        // A task's running is drawn in its theme colour, full height: on no core lane.
        QImage image(renderer.size(), QImage::Format_RGB32);
        QPainter painter(&image);
        renderer.paint(painter);
        painter.end();
        const QRgb taskRunning = renderer.theme().stateColour(ThreadState::TaskRunning).rgb();
        const int x = int(renderer.timeScale().toPixel(300 * kMs));
        for (size_t i = 0; i < lanes.size(); ++i) {
            const QRect rect = renderer.laneRect(i);
            const bool task = lanes[i].kind == TimelineLane::Kind::Task && lanes[i].index == 4;
            QCOMPARE(image.pixel(x, rect.top() + rect.height() / 4) == taskRunning, task);
        }
    }

    void boundsACounterOfAMillionValuesByPixels_data()
    {
        QTest::addColumn<double>("from"); // shares of the run
        QTest::addColumn<double>("to");
        QTest::addColumn<QSize>("size");
        QTest::newRow("the whole run") << 0.0 << 1.0 << QSize(1200, 400);
        QTest::newRow("a hundredth of it") << 0.4 << 0.41 << QSize(1200, 400);
        QTest::newRow("zoomed in until values are pixels wide")
            << 0.5 << 0.50005 << QSize(1200, 400);
        QTest::newRow("4K") << 0.0 << 1.0 << QSize(3840, 1000);
    }
    void boundsACounterOfAMillionValuesByPixels()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(QSize, size);
        const auto trace = bigCounter(1'000'000);
        TimelineRenderer renderer;
        renderer.setRuns({trace});
        renderer.setSize(size);
        renderer.setRange(TimeNs(double(trace->extent()) * from),
                          TimeNs(double(trace->extent()) * to));
        const int width = renderer.plotRect().width();
        // A fill, a line and a riser at most per column: the pixels bound it, not the values.
        QVERIFY2(renderer.primitiveCount() <= size_t(3 * width),
                 qPrintable(QStringLiteral("%1 primitives in %2 pixels")
                                .arg(renderer.primitiveCount())
                                .arg(width)));
        QImage image(renderer.size(), QImage::Format_RGB32);
        QPainter painter(&image);
        renderer.paint(painter);
        painter.end();
        if (const QString out = qEnvironmentVariable("CORESCOPE_TEST_OUTPUT"); !out.isEmpty())
            image.save(QDir(out).filePath(
                QStringLiteral("counter-%1.png").arg(QString::fromUtf8(QTest::currentDataTag()))));
    }

    void hitTestsTasksAndCounters_data()
    {
        QTest::addColumn<int>("laneKind");
        QTest::addColumn<int>("laneIndex");
        QTest::addColumn<qint64>("time"); // -1: on the lane's label
        QTest::addColumn<int>("part");
        QTest::addColumn<QString>("says");
        const auto kind = [](TimelineLane::Kind k) { return int(k); };
        QTest::newRow("a task waiting for a pool's queue, resumed by the loop's thread")
            << kind(TimelineLane::Kind::Task) << 4 << qint64(50 * kMs)
            << int(TimelineHit::Part::StateStrip)
            << QStringLiteral("for queue \"jobs\" — ended by main");
        QTest::newRow("a thread waiting for the queue, ended by the producer's put")
            << kind(TimelineLane::Kind::Thread) << 3 << qint64(50 * kMs)
            << int(TimelineHit::Part::StateStrip)
            << QStringLiteral("for queue \"jobs\" — ended by producer");
        QTest::newRow("a task's label says it is no thread")
            << kind(TimelineLane::Kind::Task) << 1 << qint64(-1)
            << int(TimelineHit::Part::LaneLabel)
            << QStringLiteral("fetch (task in process 100, not an OS thread)");
        QTest::newRow("a counter's value at the mouse")
            << kind(TimelineLane::Kind::Counter) << 0 << qint64(450 * kMs)
            << int(TimelineHit::Part::CounterLane) << QStringLiteral("jobs queued\n2 items\n");
        QTest::newRow("a counter's label names its highest value")
            << kind(TimelineLane::Kind::Counter) << 0 << qint64(-1)
            << int(TimelineHit::Part::LaneLabel) << QStringLiteral("max 3 items");
    }
    void hitTestsTasksAndCounters()
    {
        QFETCH(int, laneKind);
        QFETCH(int, laneIndex);
        QFETCH(qint64, time);
        QFETCH(int, part);
        QFETCH(QString, says);
        TimelineRenderer renderer;
        renderer.setRuns({queueTrace()});
        renderer.setLaneMode(LaneMode::Threads);
        renderer.setSize(QSize(1000, 800));
        renderer.setRange(0, 1000 * kMs);
        const auto lane = laneOf(renderer, TimelineLane::Kind(laneKind), uint32_t(laneIndex));
        QVERIFY(lane);
        const QRect rect = renderer.laneRect(*lane);
        const int x = time < 0 ? 5 : int(std::lround(renderer.timeScale().toPixel(time)));
        const TimelineHit hit = renderer.hitTest(QPoint(x, rect.bottom() - rect.height() / 4));
        QCOMPARE(int(hit.part), part);
        QCOMPARE(hit.lane, lane);
        QVERIFY2(hit.toolTip.contains(says), qPrintable(hit.toolTip));
        if (hit.part == TimelineHit::Part::CounterLane) {
            QCOMPARE(hit.counter, std::optional<uint32_t>(uint32_t(laneIndex)));
            QCOMPARE(hit.value, std::optional<double>(2));
            QCOMPARE(hit.begin, std::optional<TimeNs>(400 * kMs)); // the value's own interval
            QCOMPARE(hit.end, std::optional<TimeNs>(600 * kMs));
        }
        if (hit.part == TimelineHit::Part::StateStrip)
            QCOMPARE(hit.wait, std::optional<uint32_t>(0));
    }

    void slantsHandoffsThatTookTime_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("from"); // the sender's thread
        QTest::addColumn<int>("to");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<qint64>("transit");
        QTest::addColumn<qint64>("rangeBegin");
        QTest::addColumn<qint64>("rangeEnd");
        QTest::addColumn<bool>("drawn");
        const auto gil = int(MarkerKind::GilHandoff);
        const auto queue = int(MarkerKind::QueueHandoff);
        QTest::newRow("the GIL, at once: straight down")
            << gil << 1 << 2 << qint64(300 * kMs) << qint64(0) << qint64(0) << qint64(1000 * kMs)
            << true;
        QTest::newRow("an item 200 ms in the queue: from its put to its get")
            << queue << 1 << 2 << qint64(500 * kMs) << qint64(200 * kMs) << qint64(0)
            << qint64(1000 * kMs) << true;
        QTest::newRow("upwards, to the main thread")
            << queue << 2 << 0 << qint64(500 * kMs) << qint64(200 * kMs) << qint64(0)
            << qint64(1000 * kMs) << true;
        QTest::newRow("to a task: ends on the task's strip")
            << queue << 1 << 3 << qint64(500 * kMs) << qint64(200 * kMs) << qint64(0)
            << qint64(1000 * kMs) << true;
        QTest::newRow("put before the range, got in it: from beyond its left edge")
            << queue << 1 << 2 << qint64(500 * kMs) << qint64(200 * kMs) << qint64(400 * kMs)
            << qint64(1000 * kMs) << true;
        QTest::newRow("put in the range, got after it: to beyond its right edge")
            << queue << 1 << 2 << qint64(500 * kMs) << qint64(200 * kMs) << qint64(0)
            << qint64(400 * kMs) << true;
        QTest::newRow("put and got after the range: not drawn")
            << queue << 1 << 2 << qint64(500 * kMs) << qint64(50 * kMs) << qint64(0)
            << qint64(400 * kMs) << false;
        QTest::newRow("put and got before the range: not drawn")
            << queue << 1 << 2 << qint64(500 * kMs) << qint64(200 * kMs) << qint64(600 * kMs)
            << qint64(1000 * kMs) << false;
    }
    void slantsHandoffsThatTookTime()
    {
        QFETCH(int, kind);
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(qint64, time);
        QFETCH(qint64, transit);
        QFETCH(qint64, rangeBegin);
        QFETCH(qint64, rangeEnd);
        QFETCH(bool, drawn);
        const Marker marker{time, MarkerKind(kind), uint32_t(to), uint32_t(from), 0, 0, transit};
        TimelineFrame frame;
        frame.runs = {handoffTrace(marker)};
        frame.cache = std::make_shared<TimelineLodCache>();
        TimelineLayout layout;
        layout.setRuns(frame.runs);
        layout.build(LaneMode::Threads, {}, 0, 1, 1);
        const QRect viewport(0, 0, 1100, layout.contentHeight());
        const TimeScale scale(rangeBegin, rangeEnd, 100, 1000);
        TimelinePrimitives out;
        HandoffArrowPainter(frame).build(layout, 0, 0, scale, viewport, out);
        QCOMPARE(out.arrows.size(), size_t(drawn ? 1 : 0));
        if (!drawn)
            return;
        const auto stripOf = [&](uint32_t thread) {
            const TimelineLane &lane = layout.lanes()[*layout.laneOfThread(0, thread)];
            return TimelineFrame::stateStripOf(lane.kind,
                                               QRect(0, lane.top, viewport.width(), lane.height));
        };
        const QRect sender = stripOf(uint32_t(from));
        const QRect receiver = stripOf(uint32_t(to));
        const TimelinePrimitives::Arrow &arrow = out.arrows.front();
        // From the sender's strip at the put to the edge of the receiver's that faces it, at the
        // get: slanted by the transit.
        QCOMPARE(arrow.line.p1().x(), scale.toPixel(time - transit));
        QCOMPARE(arrow.line.p1().y(), double(sender.center().y()));
        QCOMPARE(arrow.line.p2().x(), scale.toPixel(time));
        const double edge =
            receiver.center().y() + (from < to ? -1.0 : 1.0) * (receiver.height() / 2.0);
        QCOMPARE(arrow.line.p2().y(), edge);
        QCOMPARE(arrow.head.front(), arrow.line.p2()); // the head's tip is the line's end
        QCOMPARE(arrow.colour, frame.theme.arrowColour(MarkerKind(kind)).rgba());
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
