// SPDX-License-Identifier: MIT
// The plain-text reports the command line prints: one run's report, column for column; the
// comparison of runs, whose speed-ups follow the one baseline rule; and a sweep's table.

#include "analysis/runreport.h"
#include "analysis/sweepresult.h"
#include "qtext/qtext.h"
#include "trace/kinds.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace corescope;

namespace {

constexpr TimeNs kMs = 1'000'000;

/// Two threads on two cores over one second: a worker that runs, waits for the GIL and does I/O,
/// and a main thread that waits for a core and a lock.
Trace twoThreads(const std::function<void(TraceMetadata &)> &adjust = {})
{
    TraceBuilder builder(2);
    TraceMetadata &m = builder.metadata();
    m.title = "count · gil · 2 workers";
    m.workload = "count";
    m.model = "gil";
    m.workers = 2;
    m.tasks = 4;
    m.tasksDone = 4;
    m.resultsOk = true;
    m.captureMethod = "perf";
    m.capturePrecisionNs = 1'000;
    m.clock = "monotonic";
    m.machineCores = 2;
    m.cpuModel = "Test CPU";
    m.wallNs = 1'000 * kMs;
    m.droppedEvents = 3;
    if (adjust)
        adjust(m);
    const uint32_t main = builder.addThread({100, 100, "main", ThreadRole::Engine, 0, 1'000 * kMs});
    const uint32_t worker =
        builder.addThread({100, 101, "gil-thread-1", ThreadRole::Worker, 0, 1'000 * kMs});
    builder.addSlice(0, 0, 500 * kMs, worker);
    builder.addSlice(1, 100 * kMs, 400 * kMs, main);
    builder.addState(worker, 0, 500 * kMs, ThreadState::Running, 0);
    builder.addState(worker, 500 * kMs, 700 * kMs, ThreadState::GilWait);
    builder.addState(worker, 700 * kMs, 1'000 * kMs, ThreadState::Io);
    builder.addState(main, 0, 100 * kMs, ThreadState::Runnable);
    builder.addState(main, 100 * kMs, 400 * kMs, ThreadState::Running, 1);
    builder.addState(main, 400 * kMs, 450'500'000, ThreadState::LockWait);
    builder.addState(main, 450'500'000, 1'000 * kMs, ThreadState::Sleeping);
    return builder.build();
}

/// A run as the rows name it: "model workload wall-ms", with " cancelled" when it was.
std::shared_ptr<const Trace> run(const QString &description)
{
    const QStringList words = description.split(u' ');
    TraceBuilder builder;
    TraceMetadata &m = builder.metadata();
    m.model = words.value(0).toStdString();
    m.workload = words.value(1).toStdString();
    m.wallNs = words.value(2).toLongLong() * kMs;
    m.workers = m.model == "serial" ? 1 : 4;
    m.cancelled = words.contains(QStringLiteral("cancelled"));
    return std::make_shared<const Trace>(builder.build());
}

QStringList lines(const std::string &text)
{
    return QString::fromStdString(text).split(u'\n');
}

} // namespace

class TestRunReport : public QObject
{
    Q_OBJECT

private slots:
    void reportsARunColumnForColumn()
    {
        // What `corescope run` prints; scripts and the course's handouts read these columns.
        const std::string expected =
            "count · gil · 2 workers · 4 tasks\n"
            "capture perf (±1 µs)   clock monotonic   2 cores: Test CPU\n"
            "wall 1.000 s   cpu 800.0 ms   on-cpu slices 2   dropped events 3   results verified "
            "(4/4 tasks)\n"
            "\n"
            "core   busy       busy %\n"
            "0      500.0 ms    50.0 %\n"
            "1      300.0 ms    30.0 %\n"
            "\n"
            "thread          pid      tid      on-cpu     runnable   gil-wait   lock-wait  "
            "io-wait    blocked\n"
            "main            100      100      300.0 ms   100.0 ms   0 ns       50.5 ms    0 ns    "
            "   "
            "0 ns\n"
            "gil-thread-1    100      101      500.0 ms   0 ns       200.0 ms   0 ns       "
            "300.0 ms   0 ns\n";
        const std::string report = formatRunReport(twoThreads());
        QCOMPARE(QString::fromStdString(report), QString::fromStdString(expected));
    }

    void everyWaitingStateHasAColumn_data()
    {
        QTest::addColumn<int>("state");
        for (const ThreadStateKind &kind : threadStateKinds())
            QTest::newRow(std::string(kind.name).c_str()) << int(kind.state);
    }

    void everyWaitingStateHasAColumn()
    {
        // A thread that spends 3 ms in the row's state: a waiting state has its own column,
        // headed as the JSON key reads, and the 3 ms is under that heading; other states are
        // in no column (running time is the slices' on-cpu figure).
        QFETCH(int, state);
        const ThreadStateKind &kind = kindOf(ThreadState(state));
        TraceBuilder builder(1);
        builder.metadata().wallNs = 10 * kMs;
        const uint32_t thread = builder.addThread({1, 2, "t", ThreadRole::Worker, 0, 10 * kMs});
        builder.addState(thread, 0, 3 * kMs, kind.state);
        const QStringList report = lines(formatRunReport(builder.build()));
        const auto heading = std::find_if(report.begin(), report.end(), [](const QString &line) {
            return line.startsWith(QStringLiteral("thread "));
        });
        QVERIFY(heading != report.end());
        const QString row = *(heading + 1);
        QString key = text(kind.jsonKey);
        key.chop(2); // "_s"
        key.replace(u'_', u'-');
        QCOMPARE(row.count(QStringLiteral("3.0 ms")), kind.waiting ? 1 : 0);
        if (kind.waiting) {
            const qsizetype column = heading->indexOf(u' ' + key + u' ') + 1;
            QVERIFY2(column > 0 || heading->endsWith(u' ' + key), qPrintable(*heading));
            QCOMPARE(row.mid(column > 0 ? column : heading->size() - key.size(), 6),
                     QStringLiteral("3.0 ms"));
        }
    }

    void reportHeaderSaysHowTheRunWent_data()
    {
        QTest::addColumn<int>("change");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("expected");
        enum {
            None,
            Cancel,
            Unverified,
            Problems,
            FinePrecision,
            CoarsePrecision
        };
        QTest::newRow("finished") << int(None) << 0 << "count · gil · 2 workers · 4 tasks";
        QTest::newRow("cancelled")
            << int(Cancel) << 0 << "count · gil · 2 workers · 4 tasks · CANCELLED";
        QTest::newRow("results not verified")
            << int(Unverified) << 2
            << "wall 1.000 s   cpu 800.0 ms   on-cpu slices 2   dropped events 3   results NOT "
               "verified (3/4 tasks)";
        QTest::newRow("a problem line each")
            << int(Problems) << 4 << "problem: a child process crashed (signal 11)";
        QTest::newRow("precision below a microsecond")
            << int(FinePrecision) << 1
            << "capture perf (±250 ns)   clock monotonic   2 cores: Test CPU";
        QTest::newRow("cpuclock precision")
            << int(CoarsePrecision) << 1
            << "capture cpuclock (±100 µs)   clock monotonic   2 cores: Test CPU";
    }

    void reportHeaderSaysHowTheRunWent()
    {
        QFETCH(int, change);
        QFETCH(int, line);
        QFETCH(QString, expected);
        const Trace trace = twoThreads([change](TraceMetadata &m) {
            switch (change) {
            case 1:
                m.cancelled = true;
                break;
            case 2:
                m.resultsOk = false;
                m.tasksDone = 3;
                break;
            case 3:
                m.problems = {"the log was full", "a child process crashed (signal 11)"};
                break;
            case 4:
                m.capturePrecisionNs = 250;
                break;
            case 5:
                m.captureMethod = "cpuclock";
                m.capturePrecisionNs = 100'000;
                break;
            default:
                break;
            }
        });
        const QStringList report = lines(formatRunReport(trace));
        QVERIFY(report.size() > line);
        QCOMPARE(report[line], expected);
    }

    void comparisonFollowsTheBaselineRule_data()
    {
        QTest::addColumn<QStringList>("runs");
        QTest::addColumn<QStringList>("speedups"); // the last column, one per run

        QTest::newRow("against the serial run")
            << QStringList{"serial count 800", "threads count 200", "gil count 1000"}
            << QStringList{"1.00×", "4.00×", "0.80×"};
        QTest::newRow("a cancelled serial run is no baseline")
            << QStringList{"serial count 100 cancelled", "threads count 200", "serial count 600"}
            << QStringList{"6.00×", "3.00×", "1.00×"};
        QTest::newRow("each workload against its own serial run")
            << QStringList{"serial sleep 500", "serial count 800", "threads count 400",
                           "threads sleep 125"}
            << QStringList{"1.00×", "1.00×", "2.00×", "4.00×"};
        QTest::newRow("no baseline: no speed-up")
            << QStringList{"threads count 200", "serial count 300 cancelled", "serial sleep 100"}
            << QStringList{"–", "–", "1.00×"};
    }

    void comparisonFollowsTheBaselineRule()
    {
        QFETCH(QStringList, runs);
        QFETCH(QStringList, speedups);
        std::vector<std::shared_ptr<const Trace>> traces;
        for (const QString &description : runs)
            traces.push_back(run(description));
        const std::vector<const Trace *> pointers = traceRefs(traces);
        const QStringList table = lines(formatComparison(pointers));
        QCOMPARE(table.size(), runs.size() + 2); // heading, rows, the empty rest
        QCOMPARE(table.front(), QStringLiteral("model        workers  wall       cpu        "
                                               "speed-up vs serial"));
        for (qsizetype i = 0; i < runs.size(); ++i) {
            const QString &row = table[i + 1];
            QVERIFY2(row.startsWith(runs[i].section(u' ', 0, 0)), qPrintable(row));
            QVERIFY2(row.endsWith(speedups[i]),
                     qPrintable(row + QStringLiteral(" ≠ ") + speedups[i]));
        }
    }

    void anotherToolsTraceIsNotReportedAsZero()
    {
        TraceBuilder builder(1);
        const uint32_t thread = builder.addThread({1, 1, "main", ThreadRole::Worker, 0, 3'000'000});
        builder.addState(thread, 0, 3'000'000, ThreadState::Running);
        const std::string report = formatRunReport(builder.build());
        QVERIFY2(report.find("wall not recorded (events span 3.0 ms)") != std::string::npos,
                 report.c_str());
        QVERIFY2(report.find("cpu not recorded (no core data)") != std::string::npos,
                 report.c_str());
        QVERIFY2(report.find("tasks and results not recorded") != std::string::npos,
                 report.c_str());
        QVERIFY2(report.find("verified") == std::string::npos, report.c_str());
    }

    void sweepTableHasARowPerPoint()
    {
        SweepResult sweep;
        sweep.workload = "count";
        sweep.points.push_back({"serial", 1, {400 * kMs, 420 * kMs, 410 * kMs}, {}});
        sweep.points.push_back({"threads", 1, {400 * kMs}, {}});
        sweep.points.push_back({"threads", 2, {205 * kMs}, {}});
        sweep.points.push_back({"threads", 4, {110 * kMs}, {}});
        sweep.computeFigures();
        const QStringList table = lines(formatSweepTable(sweep));
        QCOMPARE(table[0], QStringLiteral("model      workers  median     fastest    slowest    "
                                          "speed-up  efficiency  Karp–Flatt"));
        QCOMPARE(table[1], QStringLiteral("serial     1        410.0 ms   400.0 ms   420.0 ms   "
                                          "1.00×     100 %       –"));
        QCOMPARE(table[4], QStringLiteral("threads    4        110.0 ms   110.0 ms   110.0 ms   "
                                          "3.73×     93 %        0.024"));
        QVERIFY2(
            table[6].startsWith(QStringLiteral("Amdahl fit (parallel fraction p):  threads p = ")),
            qPrintable(table[6]));
        sweep.cancelled = true;
        QVERIFY(formatSweepTable(sweep).ends_with("(cancelled: the sweep stopped early)\n"));
    }
};

QTEST_APPLESS_MAIN(TestRunReport)
#include "tst_runreport.moc"
