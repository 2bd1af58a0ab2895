// SPDX-License-Identifier: MIT
// The one rule for a run's serial baseline, which the summary panel and the command line's
// comparison both follow: the first run of the same workload by the baseline model that was not
// cancelled.

#include "analysis/baseline.h"
#include "engine/executionmodel.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <memory>
#include <vector>

using namespace corescope;

namespace {

/// A run as the rows name it: "model workload", with " cancelled" when it was.
std::shared_ptr<const Trace> run(const QString &description)
{
    const QStringList words = description.split(u' ');
    TraceBuilder builder;
    TraceMetadata &m = builder.metadata();
    m.model = words.value(0).toStdString();
    m.workload = words.value(1).toStdString();
    m.cancelled = words.contains(QStringLiteral("cancelled"));
    m.wallNs = 1'000'000;
    return std::make_shared<const Trace>(builder.build());
}

} // namespace

class TestBaseline : public QObject
{
    Q_OBJECT

private slots:
    void baselineFor_data()
    {
        QTest::addColumn<QStringList>("runs");
        QTest::addColumn<int>("selected");
        QTest::addColumn<int>("baseline"); // index into runs, -1 for none

        QTest::newRow("first serial run of the workload")
            << QStringList{"threads count", "serial count", "serial count"} << 0 << 1;
        QTest::newRow("cancelled serial run skipped")
            << QStringList{"serial count cancelled", "threads count", "serial count"} << 1 << 2;
        QTest::newRow("serial run of another workload skipped")
            << QStringList{"serial sleep", "serial count", "gil count"} << 2 << 1;
        QTest::newRow("a serial run is its own baseline") << QStringList{"serial count"} << 0 << 0;
        QTest::newRow("none found: no serial run")
            << QStringList{"threads count", "gil count", "processes count"} << 1 << -1;
        QTest::newRow("none found: only a cancelled one")
            << QStringList{"serial count cancelled", "threads count"} << 1 << -1;
        QTest::newRow("none found: only another workload's")
            << QStringList{"serial sleep", "threads count"} << 1 << -1;
        QTest::newRow("a model this build lacks is no baseline")
            << QStringList{"quantum count", "threads count"} << 1 << -1;
        QTest::newRow("a cancelled run still has a baseline")
            << QStringList{"serial count", "threads count cancelled"} << 1 << 0;
    }

    void baselineFor()
    {
        QFETCH(QStringList, runs);
        QFETCH(int, selected);
        QFETCH(int, baseline);
        std::vector<std::shared_ptr<const Trace>> shared;
        for (const QString &description : runs)
            shared.push_back(run(description));
        const std::vector<const Trace *> pointers = traceRefs(shared);
        const Trace &chosen = *shared[size_t(selected)];
        const Trace *expected = baseline >= 0 ? pointers[size_t(baseline)] : nullptr;
        // Both ways of holding runs (the window's shared traces, the CLI's pointers) agree.
        QCOMPARE(corescope::baselineFor(chosen, shared), expected);
        QCOMPARE(corescope::baselineFor(chosen, pointers), expected);
    }

    void theRegistryNamesTheBaseline_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("baseline");
        QTest::newRow("serial") << "serial" << true;
        QTest::newRow("threads") << "threads" << false;
        QTest::newRow("gil") << "gil" << false;
        QTest::newRow("processes") << "processes" << false;
        QTest::newRow("unknown") << "quantum" << false;
        QTest::newRow("empty") << "" << false;
    }

    void theRegistryNamesTheBaseline()
    {
        QFETCH(QString, model);
        QFETCH(bool, baseline);
        QCOMPARE(isBaselineModel(model.toStdString()), baseline);
    }

    void oneModelIsTheBaseline()
    {
        // Speed-ups need exactly one reference, and it runs on one worker.
        int baselines = 0;
        for (const auto &model : ModelRegistry::instance().all()) {
            if (model->isBaseline()) {
                ++baselines;
                QCOMPARE(model->maxWorkers(), 1u);
            }
        }
        QCOMPARE(baselines, 1);
    }
};

QTEST_APPLESS_MAIN(TestBaseline)
#include "tst_baseline.moc"
