// SPDX-License-Identifier: MIT
// The timeline's legend: which entries each lane mode gives for the kinds that occur, in the
// kinds table's order and words, with swatches drawn as the lanes draw those kinds, and an
// arrow for each kind of hand-off the runs hold.

#include "timeline/timelineframe.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelinelodcache.h"
#include "trace/kinds.h"
#include "trace/tracebuilder.h"

#include "qtext/qtext.h"

#include <QStringList>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace corescope;

Q_DECLARE_METATYPE(std::vector<std::vector<corescope::MarkerKind>>)

namespace {

constexpr TimeNs kMs = 1'000'000;
const QString kUnsampledIdle = QStringLiteral("idle core (or other programs: not sampled)");

/// A child process that starts up, waits for a core and sleeps; a thread that waits for the GIL
/// while holding a task span and then holds the GIL; a task that runs on its thread and awaits.
/// No hand-offs.
std::shared_ptr<const Trace> sampleTrace()
{
    TraceBuilder builder(1);
    builder.addThread({10, 10, "main", ThreadRole::Engine, 0, 100 * kMs, -1});
    builder.addThread({20, 20, "child", ThreadRole::ChildProcess, 0, 100 * kMs, -1});
    builder.addState(1, 0, 10 * kMs, ThreadState::Starting);
    builder.addState(1, 10 * kMs, 20 * kMs, ThreadState::Runnable);
    builder.addState(1, 20 * kMs, 100 * kMs, ThreadState::Sleeping);
    builder.addSpan(1, 0, 10 * kMs, SpanKind::Startup);
    builder.addState(0, 0, 50 * kMs, ThreadState::GilWait);
    builder.addState(0, 50 * kMs, 100 * kMs, ThreadState::Running);
    builder.addSpan(0, 0, 100 * kMs, SpanKind::Task, 1, 0);
    builder.addSpan(0, 50 * kMs, 100 * kMs, SpanKind::GilHold);
    builder.addThread({10, 0, "task", ThreadRole::Task, 0, 100 * kMs, -1});
    builder.addState(2, 0, 40 * kMs, ThreadState::TaskRunning);
    builder.addState(2, 40 * kMs, 100 * kMs, ThreadState::Awaiting);
    builder.metadata().wallNs = 100 * kMs;
    return std::make_shared<const Trace>(builder.build());
}

/// Two threads that hand each of `kinds` over once, a millisecond apart.
std::shared_ptr<const Trace> handoffs(const std::vector<MarkerKind> &kinds)
{
    TraceBuilder builder(1);
    builder.addThread({10, 10, "main", ThreadRole::Engine, 0, 100 * kMs, -1});
    builder.addThread({10, 11, "worker", ThreadRole::Worker, 0, 100 * kMs, -1});
    TimeNs at = 10 * kMs;
    for (const MarkerKind kind : kinds) {
        builder.addMarker({at, kind, 1, 0, 0, 0, kind == MarkerKind::QueueHandoff ? kMs : 0});
        at += kMs;
    }
    builder.metadata().wallNs = 100 * kMs;
    return std::make_shared<const Trace>(builder.build());
}

QStringList arrowTexts(const TimelineLegend &legend)
{
    QStringList texts;
    for (const TimelineLegendEntry &entry : legend.entries()) {
        if (entry.swatch == TimelineLegendEntry::Swatch::Arrow)
            texts.append(entry.text);
    }
    return texts;
}

} // namespace

class TimelineLegendTest : public QObject
{
    Q_OBJECT

private:
    TimelineFrame frame()
    {
        TimelineFrame frame;
        frame.runs = {m_trace};
        frame.cache = m_cache;
        return frame;
    }
    std::shared_ptr<const Trace> m_trace = sampleTrace();
    std::shared_ptr<TimelineLodCache> m_cache = std::make_shared<TimelineLodCache>();

private slots:
    void listsWhatOccurs_data()
    {
        QTest::addColumn<LaneMode>("mode");
        QTest::addColumn<bool>("handoffs");
        QTest::addColumn<QStringList>("expected");
        const QStringList states{text(kindOf(ThreadState::Running).legend),
                                 text(kindOf(ThreadState::Runnable).legend),
                                 text(kindOf(ThreadState::GilWait).legend),
                                 text(kindOf(ThreadState::Sleeping).legend),
                                 text(kindOf(ThreadState::Starting).legend),
                                 text(kindOf(ThreadState::Awaiting).legend),
                                 text(kindOf(ThreadState::TaskRunning).legend)};
        const QStringList spans{text(kindOf(SpanKind::Task).legend),
                                text(kindOf(SpanKind::GilHold).legend)};
        QTest::newRow("thread lanes: the states and spans that occur, in the table's order")
            << LaneMode::Threads << false
            << (QStringList{QStringLiteral("child process (striped)")} + states + spans
                + QStringList{QStringLiteral("after the run ended")});
        QTest::newRow("both: the idle core too, and no arrow for runs without hand-offs")
            << LaneMode::Both << true
            << (QStringList{QStringLiteral("child process (striped)"), kUnsampledIdle} + states
                + spans + QStringList{QStringLiteral("after the run ended")});
        QTest::newRow("core lanes: the threads' colours, no states")
            << LaneMode::Cores << true
            << QStringList{QStringLiteral("main thread"), QStringLiteral("worker 1"),
                           QStringLiteral("child process (striped)"), kUnsampledIdle,
                           QStringLiteral("after the run ended")};
    }

    // A core lane's gaps: other programs where the run knows them (exact, or a sampled share);
    // "idle" only where the core was idle, or where nothing sampled could tell.
    void namesWhatFilledTheCores_data()
    {
        QTest::addColumn<bool>("runnable"); // a thread wants the core the whole run
        QTest::addColumn<TimeNs>("busy");   // the core's sampled busy time of 100 ms; -1: none
        QTest::addColumn<QStringList>("expected");
        const QString exact = QStringLiteral("other programs");
        const QString sampled = QStringLiteral("other programs, sampled (shade: their share)");
        const QString idle = QStringLiteral("idle core");
        QTest::newRow("not sampled, nothing known")
            << false << TimeNs(-1) << QStringList{kUnsampledIdle};
        QTest::newRow("not sampled, a runnable thread") << true << TimeNs(-1) << QStringList{exact};
        QTest::newRow("sampled idle") << false << TimeNs(0) << QStringList{idle};
        QTest::newRow("sampled half busy") << false << 50 * kMs << QStringList{sampled, idle};
        QTest::newRow("busy throughout: no idle core") << true << 100 * kMs << QStringList{exact};
    }
    void namesWhatFilledTheCores()
    {
        QFETCH(bool, runnable);
        QFETCH(TimeNs, busy);
        QFETCH(QStringList, expected);
        TraceBuilder builder(1);
        builder.metadata().wallNs = 100 * kMs;
        builder.metadata().allowedCores = {0};
        builder.addThread({10, 10, "main", ThreadRole::Engine, 0, 100 * kMs, -1});
        if (runnable)
            builder.addState(0, 0, 100 * kMs, ThreadState::Runnable);
        if (busy >= 0) {
            builder.metadata().busySampling = "cpuidle";
            builder.addBusySample(0, 0, 100 * kMs, busy);
        }
        TimelineFrame frame;
        frame.runs = {std::make_shared<const Trace>(builder.build())};
        frame.cache = m_cache;
        TimelineLegend legend;
        legend.build(frame, LaneMode::Cores, false, 0);
        QStringList texts;
        for (const TimelineLegendEntry &entry : legend.entries()) {
            if (entry.text.contains(QLatin1String("other programs"))
                || entry.text.startsWith(QLatin1String("idle core")))
                texts.append(entry.text);
        }
        QCOMPARE(texts, expected);
    }
    void listsWhatOccurs()
    {
        QFETCH(LaneMode, mode);
        QFETCH(bool, handoffs);
        QFETCH(QStringList, expected);
        TimelineLegend legend;
        legend.build(frame(), mode, handoffs, 1);
        QStringList texts;
        for (const TimelineLegendEntry &entry : legend.entries())
            texts.append(entry.text);
        QCOMPARE(texts, expected);
    }

    void drawsEachKindAsTheLanesDo_data()
    {
        using Swatch = TimelineLegendEntry::Swatch;
        QTest::addColumn<int>("state"); // -1: a span
        QTest::addColumn<int>("span");
        QTest::addColumn<Swatch>("swatch");
        QTest::newRow("running in the threads' colours")
            << int(ThreadState::Running) << -1 << Swatch::Stripes;
        QTest::newRow("a waiting state as a band")
            << int(ThreadState::GilWait) << -1 << Swatch::Band;
        QTest::newRow("an idle state as a line")
            << int(ThreadState::Sleeping) << -1 << Swatch::Line;
        QTest::newRow("a task running on its thread fills the strip")
            << int(ThreadState::TaskRunning) << -1 << Swatch::Solid;
        QTest::newRow("a task awaiting as a band")
            << int(ThreadState::Awaiting) << -1 << Swatch::Band;
        QTest::newRow("a task as a box") << -1 << int(SpanKind::Task) << Swatch::Outline;
        QTest::newRow("a hold as a line") << -1 << int(SpanKind::GilHold) << Swatch::Line;
    }
    void drawsEachKindAsTheLanesDo()
    {
        QFETCH(int, state);
        QFETCH(int, span);
        QFETCH(TimelineLegendEntry::Swatch, swatch);
        TimelineLegend legend;
        legend.build(frame(), LaneMode::Threads, false, 1);
        const auto &entries = legend.entries();
        const auto found = std::find_if(entries.begin(), entries.end(), [&](const auto &entry) {
            return state >= 0 ? entry.state == ThreadState(state) : entry.span == SpanKind(span);
        });
        QVERIFY(found != entries.end());
        QCOMPARE(found->swatch, swatch);
    }

    void namesOnlyTheHandoffsPresent_data()
    {
        using K = MarkerKind;
        QTest::addColumn<std::vector<std::vector<MarkerKind>>>("runs");
        QTest::addColumn<LaneMode>("mode");
        QTest::addColumn<bool>("shown");
        QTest::addColumn<QStringList>("expected");
        const QString gil = text(kindOf(K::GilHandoff).legend);
        const QString lock = text(kindOf(K::LockHandoff).legend);
        const QString queue = text(kindOf(K::QueueHandoff).legend);
        QTest::newRow("no markers: no arrow")
            << std::vector<std::vector<K>>{{}} << LaneMode::Both << true << QStringList{};
        QTest::newRow("markers that hand nothing over: no arrow")
            << std::vector<std::vector<K>>{{K::Migration, K::GilDropRequest}} << LaneMode::Both
            << true << QStringList{};
        QTest::newRow("a GIL run: the GIL's arrow alone")
            << std::vector<std::vector<K>>{{K::GilHandoff, K::GilHandoff}} << LaneMode::Threads
            << true << QStringList{gil};
        QTest::newRow("a queue run: the queue's arrow alone")
            << std::vector<std::vector<K>>{{K::QueueHandoff}} << LaneMode::Both << true
            << QStringList{queue};
        QTest::newRow("runs together: each kind any of them holds, in the table's order")
            << std::vector<std::vector<K>>{{K::QueueHandoff}, {K::LockHandoff, K::GilHandoff}}
            << LaneMode::Both << true << QStringList{gil, lock, queue};
        QTest::newRow("arrows hidden: none") << std::vector<std::vector<K>>{{K::GilHandoff}}
                                             << LaneMode::Both << false << QStringList{};
        QTest::newRow("core lanes, where no arrows are drawn: none")
            << std::vector<std::vector<K>>{{K::GilHandoff}} << LaneMode::Cores << true
            << QStringList{};
    }
    void namesOnlyTheHandoffsPresent()
    {
        QFETCH(std::vector<std::vector<MarkerKind>>, runs);
        QFETCH(LaneMode, mode);
        QFETCH(bool, shown);
        QFETCH(QStringList, expected);
        TimelineFrame f;
        f.cache = m_cache;
        for (const auto &kinds : runs)
            f.runs.push_back(handoffs(kinds));
        TimelineLegend legend;
        legend.build(f, mode, shown, 1);
        QCOMPARE(arrowTexts(legend), expected);
        // Each in its kind's colour, the one its arrows are drawn in.
        for (const TimelineLegendEntry &entry : legend.entries()) {
            if (entry.swatch == TimelineLegendEntry::Swatch::Arrow) {
                QVERIFY(entry.marker);
                QCOMPARE(entry.colour, f.theme.arrowColour(*entry.marker).rgb());
            }
        }
    }

    void flowsIntoRows()
    {
        TimelineFrame f = frame();
        f.font.setPixelSize(13);
        TimelineLegend legend;
        legend.build(f, LaneMode::Both, true, 1);
        legend.flow(f, 10, 400);
        int rows = 0;
        int lastTop = -1;
        for (const TimelineLegendEntry &entry : legend.entries()) {
            QVERIFY(entry.rect.left() >= 10);
            // An entry wider than the space starts a row of its own rather than spilling over.
            QVERIFY(entry.rect.right() < 400 || entry.rect.left() == 10);
            if (entry.rect.top() != lastTop)
                ++rows;
            lastTop = entry.rect.top();
        }
        QVERIFY(rows > 1);
        QCOMPARE(legend.bottom(), legend.entries().back().rect.bottom() + 1);
    }
};

QTEST_MAIN(TimelineLegendTest)
#include "tst_timelinelegend.moc"
