// SPDX-License-Identifier: MIT
// A RunSpec is checked before anything runs; a bad one is refused with a message naming the
// field and why. Parameters are validated against their declared types and ranges.

#include "engine/executionmodel.h"
#include "engine/runspec.h"
#include "engine/workload.h"

#include <QtTest>

using namespace corescope;

class TestRunSpec : public QObject
{
    Q_OBJECT

private slots:
    void refusesBadSpecs_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("workers"); // -1: not given
        QTest::addColumn<int>("tasks");   // -1: not given
        QTest::addColumn<QString>("param");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown workload") << "bogus"
                                          << "threads" << -1 << -1 << ""
                                          << "workload: unknown name 'bogus'";
        QTest::newRow("unknown model") << "count"
                                       << "fibers" << -1 << -1 << ""
                                       << "model: unknown name 'fibers'";
        QTest::newRow("zero workers") << "count"
                                      << "threads" << 0 << -1 << ""
                                      << "workers: 0 is out of range (1 to 256";
        QTest::newRow("too many workers") << "count"
                                          << "threads" << 257 << -1 << ""
                                          << "workers: 257 is out of range";
        QTest::newRow("serial has one worker") << "count"
                                               << "serial" << 2 << -1 << ""
                                               << "workers: 2 is out of range (1 to 1";
        QTest::newRow("zero tasks") << "count"
                                    << "threads" << -1 << 0 << ""
                                    << "tasks: 0 is out of range";
        QTest::newRow("negative tasks") << "count"
                                        << "threads" << -1 << -5 << ""
                                        << "tasks: -5 is out of range";
        QTest::newRow("unknown param") << "sleep"
                                       << "threads" << -1 << -1 << "speed=3"
                                       << "unknown parameter 'speed'";
        QTest::newRow("negative size") << "sleep"
                                       << "threads" << -1 << -1 << "ms=-4"
                                       << "parameter 'ms': -4 is out of range";
        QTest::newRow("not a number") << "sleep"
                                      << "threads" << -1 << -1 << "ms=fast"
                                      << "parameter 'ms': 'fast' is not an integer";
        QTest::newRow("model param on wrong model")
            << "count"
            << "threads" << -1 << -1 << "switch_interval_ms=5"
            << "unknown parameter 'switch_interval_ms'";
        QTest::newRow("switch interval too small") << "count"
                                                   << "gil" << -1 << -1 << "switch_interval_ms=0"
                                                   << "parameter 'switch_interval_ms': 0 is out";
        QTest::newRow("programs from worker processes")
            << "subprocess"
            << "process-pool" << -1 << -1 << ""
            << "workload 'subprocess' starts programs that only CoreScope's own threads can record";
    }

    void refusesBadSpecs()
    {
        QFETCH(QString, workload);
        QFETCH(QString, model);
        QFETCH(int, workers);
        QFETCH(int, tasks);
        QFETCH(QString, param);
        QFETCH(QString, message);
        RunSpec spec;
        spec.workload = workload.toStdString();
        spec.model = model.toStdString();
        if (workers != -1)
            spec.workers = workers;
        if (tasks != -1)
            spec.tasks = tasks;
        if (!param.isEmpty()) {
            const auto assignment = parseParamAssignment(param.toStdString()).value();
            spec.params[assignment.first] = assignment.second;
        }
        const auto validated = validateRunSpec(spec);
        QVERIFY(!validated);
        QVERIFY2(QString::fromStdString(validated.error()).contains(message),
                 validated.error().c_str());
    }

    void fillsDefaults_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("expectedWorkers");
        QTest::newRow("serial") << "serial" << 1;
        QTest::newRow("threads: one per task") << "threads" << 5;
        QTest::newRow("processes: one per task") << "processes" << 5;
    }

    void fillsDefaults()
    {
        QFETCH(QString, model);
        QFETCH(int, expectedWorkers);
        RunSpec spec;
        spec.workload = "factorize";
        spec.model = model.toStdString();
        const auto validated = validateRunSpec(spec);
        QVERIFY2(validated, validated ? "" : validated.error().c_str());
        QCOMPARE(validated.value().tasks, 5u); // one per number of the course's example
        QCOMPARE(validated.value().workers, uint32_t(expectedWorkers));
        QCOMPARE(validated.value().params.integers("numbers").front(), int64_t(2139079));
    }

    void paramAssignments_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << "ms=5" << true;
        QTest::newRow("empty value") << "ms=" << true;
        QTest::newRow("value with =") << "a=b=c" << true;
        QTest::newRow("no =") << "ms" << false;
        QTest::newRow("no key") << "=5" << false;
    }

    void paramAssignments()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QCOMPARE(parseParamAssignment(text.toStdString()).ok(), ok);
    }

    void everyRegisteredNameIsFound()
    {
        for (const auto &model : ModelRegistry::instance().all())
            QCOMPARE(ModelRegistry::instance().find(model->name()), model.get());
        QVERIFY(ModelRegistry::instance().find("serial"));
        QVERIFY(ModelRegistry::instance().find("processes"));
        QVERIFY(!ModelRegistry::instance().find("Serial"));
    }
};

QTEST_APPLESS_MAIN(TestRunSpec)
#include "tst_runspec.moc"
