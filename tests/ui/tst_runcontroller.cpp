// SPDX-License-Identifier: MIT
// RunController: a real run off the GUI thread, the live traces the timeline grows from while it
// goes on, its end, a cancel, and a spec it refuses while busy.

#include "runcontroller.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace corescope;

Q_DECLARE_METATYPE(std::shared_ptr<const corescope::Trace>)

namespace {

/// Eight waits of `ms`, one after another or on `workers` threads: a run whose length is known
/// and which leaves the GUI thread's event loop free.
ValidatedRunSpec sleeps(int ms, const char *model = "serial", uint32_t workers = 1)
{
    RunSpec spec;
    spec.workload = "sleep";
    spec.model = model;
    spec.workers = workers;
    spec.tasks = 8;
    spec.params = {{"ms", std::to_string(ms)}};
    auto validated = validateRunSpec(spec);
    if (!validated.ok())
        qFatal("%s", validated.error().c_str());
    return std::move(validated).value();
}

std::shared_ptr<const Trace> traceAt(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<std::shared_ptr<const Trace>>();
}

} // namespace

class TestRunController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<std::shared_ptr<const Trace>>(); }
    void liveTracesGrowTenTimesASecond();
    void cancelKeepsThePartialRun();
    void refusesASecondRun();
    void liveTracesBelongToTheRunningRun();
};

void TestRunController::liveTracesGrowTenTimesASecond()
{
    RunController controller;
    QSignalSpy live(&controller, &RunController::liveTrace);
    QSignalSpy finished(&controller, &RunController::finished);
    QElapsedTimer clock;
    std::vector<qint64> arrivals; // ms since the start
    connect(&controller, &RunController::liveTrace, this,
            [&] { arrivals.push_back(clock.elapsed()); });
    clock.start();
    QVERIFY(controller.start(sleeps(150))); // 1.2 s
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);

    // The typical gap between two live traces: at most 100 ms (10 Hz) by the timer's own
    // interval; the median does not count the odd late one on a busy machine.
    QVERIFY2(arrivals.size() >= 5, qPrintable(QString::number(arrivals.size())));
    std::vector<qint64> gaps;
    for (size_t i = 1; i < arrivals.size(); ++i)
        gaps.push_back(arrivals[i] - arrivals[i - 1]);
    std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
    const qint64 median = gaps[gaps.size() / 2];
    qInfo("%zu live traces in %lld ms, median gap %lld ms", arrivals.size(), clock.elapsed(),
          median);
    QVERIFY2(median <= 100, qPrintable(QString::number(median)));

    // Each live trace covers at least as much as the one before and no more than the final one.
    const auto final = finished.at(0).at(0).value<std::shared_ptr<const Trace>>();
    TimeNs previous = 0;
    size_t spans = 0;
    int grew = 0; // how often a live trace held more task spans than the one before
    for (qsizetype i = 0; i < live.size(); ++i) {
        const auto trace = traceAt(live, i);
        QVERIFY(trace);
        QVERIFY2(trace->duration() >= previous, qPrintable(QString::number(i)));
        QVERIFY(trace->duration() <= final->duration());
        previous = trace->duration();
        QVERIFY(trace->spanCount() >= spans);
        grew += trace->spanCount() > spans;
        spans = trace->spanCount();
    }
    QVERIFY(previous > 0);
    QVERIFY2(grew >= 4, qPrintable(QString::number(grew))); // task after task, while it ran
    QCOMPARE(final->metadata().tasksDone, 8u);
    QVERIFY(!final->metadata().cancelled);
}

void TestRunController::cancelKeepsThePartialRun()
{
    RunController controller;
    QSignalSpy live(&controller, &RunController::liveTrace);
    QSignalSpy finished(&controller, &RunController::finished);
    QVERIFY(controller.start(sleeps(500))); // 4 s if left alone
    QTRY_VERIFY_WITH_TIMEOUT(live.size() >= 3, 5000);
    QElapsedTimer clock;
    clock.start();
    controller.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    const auto trace = finished.at(0).at(0).value<std::shared_ptr<const Trace>>();
    QVERIFY(trace->metadata().cancelled);
    QVERIFY(trace->metadata().tasksDone < 8u);
    QVERIFY(!controller.isRunning());
}

void TestRunController::refusesASecondRun()
{
    RunController controller;
    QSignalSpy finished(&controller, &RunController::finished);
    QVERIFY(controller.start(sleeps(20)));
    QVERIFY(controller.isRunning());
    QVERIFY(!controller.start(sleeps(20)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(controller.start(sleeps(20))); // free again once the first is done
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
}

// Live traces are decoded on another thread and delivered later: one that was under way when
// its run ended must not appear after the run's finished trace, nor as the next run's.
void TestRunController::liveTracesBelongToTheRunningRun()
{
    RunController controller;
    QStringList events; // "live <title>" and "finished <title>", in the order they came
    const auto title = [](const std::shared_ptr<const Trace> &trace) {
        return QString::fromStdString(trace->metadata().title);
    };
    connect(&controller, &RunController::liveTrace, this,
            [&](const std::shared_ptr<const Trace> &trace) {
                events << QStringLiteral("live ") + title(trace);
            });
    int finished = 0;
    connect(&controller, &RunController::finished, this,
            [&](const std::shared_ptr<const Trace> &trace) {
                events << QStringLiteral("finished ") + title(trace);
                if (++finished == 1) // the next run starts at once, as queued presets do
                    QVERIFY(controller.start(sleeps(100, "threads", 2)));
            });
    QVERIFY(controller.start(sleeps(100)));
    QTRY_COMPARE_WITH_TIMEOUT(finished, 2, 20000);
    QTest::qWait(3 * RunController::kLiveIntervalMs); // anything still on its way arrives

    const QString first = QStringLiteral("sleep · serial · 1 worker");
    const QString second = QStringLiteral("sleep · threads · 2 workers");
    const qsizetype firstEnd = events.indexOf(QStringLiteral("finished ") + first);
    const qsizetype secondEnd = events.indexOf(QStringLiteral("finished ") + second);
    QVERIFY2(firstEnd > 0 && secondEnd > firstEnd, qPrintable(events.join(u'\n')));
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QString expected = i < firstEnd    ? QStringLiteral("live ") + first
                                 : i < secondEnd ? QStringLiteral("live ") + second
                                                 : QString();
        if (i != firstEnd && i != secondEnd)
            QVERIFY2(events[i] == expected, qPrintable(events.join(u'\n')));
    }
    QVERIFY2(secondEnd - firstEnd > 2, qPrintable(events.join(u'\n'))); // the second one was live
}

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
