// SPDX-License-Identifier: MIT
// SweepController: a real (tiny) sweep off the GUI thread, its progress, its end and its cancel.

#include "sweepcontroller.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace corescope;

namespace {

/// Four 20 ms waits, serial and on threads, at one and four workers: three runs, well under a
/// second in all.
SweepSpec tinySweep()
{
    SweepSpec spec;
    spec.base.workload = "sleep";
    spec.base.model = "serial";
    spec.base.tasks = 4;
    spec.base.params = {{"ms", "20"}};
    spec.models = {"serial", "threads"};
    spec.workerCounts = {1, 4};
    spec.repeats = 1;
    return spec;
}

} // namespace

class TestSweepController : public QObject
{
    Q_OBJECT

private slots:
    void runsASweep();
    void refusesAnInvalidSpec();
    void refusesASecondSweep();
    void cancelStopsTheSweep();
    void destroyedWhileRunning();
};

void TestSweepController::runsASweep()
{
    SweepController controller;
    QSignalSpy started(&controller, &SweepController::started);
    QSignalSpy progress(&controller, &SweepController::progressChanged);
    QSignalSpy finished(&controller, &SweepController::finished);
    QSignalSpy failed(&controller, &SweepController::failed);
    QVERIFY(controller.start(tinySweep()));
    QVERIFY(controller.isRunning());
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.at(0).at(0).toInt(), 3); // serial × 1, threads × 1, threads × 4

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(failed.size(), 0);
    QVERIFY(!controller.isRunning());
    // Before each run, and once at the end.
    QCOMPARE(progress.size(), 4);
    QCOMPARE(progress.at(0).at(0).toInt(), 0);
    QCOMPARE(progress.at(0).at(1).toInt(), 3);
    QCOMPARE(progress.at(0).at(2).toString(), QStringLiteral("serial × 1"));
    QCOMPARE(progress.last().at(0).toInt(), 3);
    QCOMPARE(progress.last().at(2).toString(), QStringLiteral("done"));

    const auto sweep = finished.at(0).at(0).value<std::shared_ptr<const SweepResult>>();
    QVERIFY(sweep);
    QVERIFY(!sweep->cancelled);
    QCOMPARE(sweep->points.size(), size_t(3));
    QCOMPARE(sweep->traces.size(), size_t(3));
    const SweepPoint *threads = sweep->find("threads", 4);
    QVERIFY(threads);
    // Four overlapping 20 ms waits: well ahead of serial, with a generous margin for a busy CI.
    QVERIFY2(threads->speedup > 1.5, qPrintable(QString::number(threads->speedup)));
    QVERIFY(sweep->fits.count("threads") == 1);
}

void TestSweepController::refusesAnInvalidSpec()
{
    SweepController controller;
    QSignalSpy failed(&controller, &SweepController::failed);
    SweepSpec spec = tinySweep();
    spec.repeats = 0;
    QVERIFY(!controller.start(spec));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("repeats")),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(!controller.isRunning());
}

void TestSweepController::refusesASecondSweep()
{
    SweepController controller;
    QSignalSpy finished(&controller, &SweepController::finished);
    QVERIFY(controller.start(tinySweep()));
    QVERIFY(!controller.start(tinySweep()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    // Free again afterwards.
    QVERIFY(controller.start(tinySweep()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
}

void TestSweepController::cancelStopsTheSweep()
{
    SweepController controller;
    QSignalSpy progress(&controller, &SweepController::progressChanged);
    QSignalSpy finished(&controller, &SweepController::finished);
    SweepSpec spec = tinySweep();
    spec.base.params = {{"ms", "400"}};
    spec.workerCounts = {1, 2, 4};
    spec.repeats = 3; // 3 + 9 runs of up to 1.6 s: far longer than the test waits
    QVERIFY(controller.start(spec));
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 10000);
    controller.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const auto sweep = finished.at(0).at(0).value<std::shared_ptr<const SweepResult>>();
    QVERIFY(sweep->cancelled);
    QCOMPARE(progress.last().at(2).toString(), QStringLiteral("cancelled"));
    QVERIFY(progress.last().at(0).toInt() < 12);
}

void TestSweepController::destroyedWhileRunning()
{
    auto controller = std::make_unique<SweepController>();
    SweepSpec spec = tinySweep();
    spec.base.params = {{"ms", "400"}};
    spec.repeats = 5;
    QSignalSpy progress(controller.get(), &SweepController::progressChanged);
    QVERIFY(controller->start(spec));
    // Once the first run has begun, the destructor must cancel it and the rest.
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 10000);
    controller.reset();
    // Nothing queued for the dead controller runs now.
    QCoreApplication::processEvents();
}

QTEST_MAIN(TestSweepController)
#include "tst_sweepcontroller.moc"
