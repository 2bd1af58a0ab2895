// SPDX-License-Identifier: MIT
// The JSON reports (run, sweep, a file's info) share one style, and the text subcommands need
// QtCore only: this test links corescope_cli and nothing of Qt GUI.
#include "cli/reportjson.h"
#include "cli/runsubcommand.h"
#include "engine/engine.h"
#include "engine/sweeprunner.h"
#include "qtext/qtext.h"
#include "trace/kinds.h"
#include "trace/tracebuilder.h"
#include "trace/tracefile.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace corescope;

namespace {

RunSpec sleepSpec(const char *model)
{
    RunSpec spec;
    spec.workload = "sleep";
    spec.model = model;
    spec.tasks = 2;
    spec.params["ms"] = "5";
    return spec;
}

/// Every place where `json` breaks the style, as "path: what"; keys inside `params`, `skipped`
/// and `amdahl` are data (parameter names, what an import skipped, model names), not schema.
void checkStyle(const QJsonValue &json, const QString &path, QStringList &faults)
{
    static const QRegularExpression snakeCase(QStringLiteral("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"));
    static const QRegularExpression otherUnit(QStringLiteral("_(ns|us|ms|min|h)$"));
    if (json.isArray()) {
        const QJsonArray array = json.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            checkStyle(array[i], QStringLiteral("%1[%2]").arg(path).arg(i), faults);
        return;
    }
    if (!json.isObject())
        return;
    const QJsonObject object = json.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const QString at = path + u'.' + key;
        if (!snakeCase.match(key).hasMatch())
            faults << at + QStringLiteral(": not snake_case");
        if (otherUnit.match(key).hasMatch())
            faults << at + QStringLiteral(": a duration not in seconds");
        if (key.endsWith(QLatin1String("_s"))) {
            const QJsonValue value = it.value();
            const QJsonArray items = value.toArray();
            const bool numbers =
                value.isDouble() || value.isNull()
                || (value.isArray()
                    && std::all_of(items.begin(), items.end(),
                                   [](const QJsonValue &v) { return v.isDouble(); }));
            if (!numbers)
                faults << at + QStringLiteral(": seconds that are not a number");
        }
        if (key != QLatin1String("params") && key != QLatin1String("skipped")
            && key != QLatin1String("amdahl"))
            checkStyle(it.value(), at, faults);
    }
}

} // namespace

class TestReportJson : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyReportHasOneStyle_data();
    void everyReportHasOneStyle();
    void runReportHasAKeyPerThreadState();
    void runSubcommandPrintsTheRunReport();
    void infoSpanIsTheTracesSpan();
    void anotherToolsTraceSaysWhatItDoesNotHold();
    void textSubcommandsNeedNoQtGui();

private:
    QTemporaryDir m_dir;
    std::vector<Trace> m_runs;
    std::optional<SweepResult> m_sweep;
};

void TestReportJson::initTestCase()
{
    QVERIFY(m_dir.isValid());
    Engine engine;
    for (const char *model : {"serial", "threads"}) {
        auto spec = validateRunSpec(sleepSpec(model));
        QVERIFY(spec);
        auto trace = engine.run(spec.value());
        QVERIFY2(trace, trace ? "" : trace.error().c_str());
        m_runs.push_back(std::move(trace).value());
    }
    SweepSpec sweep;
    sweep.base = sleepSpec("");
    sweep.models = {"serial", "threads"};
    sweep.workerCounts = {1, 2};
    sweep.repeats = 1;
    auto swept = SweepRunner(engine).run(sweep);
    QVERIFY2(swept, swept ? "" : swept.error().c_str());
    m_sweep = std::move(swept).value();
}

void TestReportJson::everyReportHasOneStyle_data()
{
    QTest::addColumn<QJsonObject>("report");
    QTest::newRow("run") << reportjson::run(m_runs.back());
    QTest::newRow("sweep") << reportjson::sweep(*m_sweep);

    // A file as info reads it back: the sweep's runs with their layout.
    TraceFile file(m_sweep->traces);
    QVERIFY(file.setSweep(m_sweep->layout()));
    const QString path = m_dir.filePath(QStringLiteral("sweep.cstrace"));
    QVERIFY(file.save(path.toStdString()));
    auto loaded = TraceFile::load(path.toStdString());
    QVERIFY(loaded);
    QTest::newRow("info") << reportjson::fileInfo(path, loaded.value(), &*m_sweep);
    QTest::newRow("info without a sweep") << reportjson::fileInfo(path, TraceFile(m_runs), nullptr);
}

void TestReportJson::everyReportHasOneStyle()
{
    QFETCH(QJsonObject, report);
    QVERIFY(!report.isEmpty());
    QStringList faults;
    checkStyle(report, QStringLiteral("$"), faults);
    QVERIFY2(faults.isEmpty(), qPrintable(faults.join(u'\n')));
}

// A new thread state is a row in the kinds table, and the run report follows it.
void TestReportJson::runReportHasAKeyPerThreadState()
{
    const QJsonObject report = reportjson::run(m_runs.back());
    const QJsonArray threads = report[QStringLiteral("threads")].toArray();
    QVERIFY(!threads.isEmpty());
    for (const QJsonValue &thread : threads) {
        for (const ThreadStateKind &kind : threadStateKinds()) {
            const QString key = text(kind.jsonKey);
            QVERIFY2(thread.toObject()[key].isDouble(), qPrintable(key));
        }
    }
    // Today's keys stay, whatever else the table adds.
    for (const char *key : {"on_cpu_s", "kernel_cpu_s", "runnable_s", "gil_wait_s", "lock_wait_s",
                            "io_wait_s", "starting_s"})
        QVERIFY2(threads[0].toObject().contains(QLatin1String(key)), key);
    // The sleep workload's time in I/O is where it slept: about 5 ms a task.
    double io = 0;
    for (const QJsonValue &thread : threads)
        io += thread[QStringLiteral("io_wait_s")].toDouble();
    QVERIFY2(io > 0.005, qPrintable(QString::number(io)));
}

void TestReportJson::runSubcommandPrintsTheRunReport()
{
    QBuffer out;
    QBuffer err;
    QVERIFY(out.open(QIODevice::ReadWrite));
    QVERIFY(err.open(QIODevice::ReadWrite));
    RunSubcommand run;
    QCOMPARE(run.application({}), Subcommand::Application::Core);
    run.setOutputDevices(&out, &err);
    const int exitCode =
        run.run({QStringLiteral("-w"), QStringLiteral("sleep"), QStringLiteral("-m"),
                 QStringLiteral("threads"), QStringLiteral("-p"), QStringLiteral("ms=5"),
                 QStringLiteral("--json")});
    run.setOutputDevices(nullptr, nullptr);
    QVERIFY2(exitCode == kExitSuccess, err.data().constData());
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(out.data(), &error);
    QVERIFY2(document.isObject(), qPrintable(error.errorString()));
    const QJsonObject report = document.object();
    QCOMPARE(report[QStringLiteral("model")].toString(), QStringLiteral("threads"));
    QCOMPARE(report[QStringLiteral("results_ok")].toBool(), true);
    QVERIFY(report[QStringLiteral("wall_s")].toDouble() > 0.004);
    QVERIFY(report[QStringLiteral("capture")][QStringLiteral("precision_s")].isDouble());
}

// `span_s` is Trace::span(): from the earliest event (here a state before the run's zero, as an
// imported trace may have), not only the earliest thread, to the latest end.
void TestReportJson::infoSpanIsTheTracesSpan()
{
    TraceBuilder builder(1);
    builder.metadata().wallNs = 1'000'000;
    const uint32_t thread = builder.addThread({1, 1, "main", ThreadRole::Engine, 0, 1'000'000});
    builder.addState(thread, -500'000, 0, ThreadState::Io);
    builder.addSlice(0, 0, 1'000'000, thread);
    std::vector<Trace> runs;
    runs.push_back(builder.build());
    QCOMPARE(runs[0].span(), TimeNs(1'500'000));
    const QJsonObject info =
        reportjson::fileInfo(QStringLiteral("early.json"), TraceFile(std::move(runs)), nullptr);
    QCOMPARE(info[QStringLiteral("runs")][0][QStringLiteral("span_s")].toDouble(), 0.0015);
}

// A file from another tool names no model: its tasks, results, unstated wall time and (without
// core data) CPU time are null, never 0 or verified.
void TestReportJson::anotherToolsTraceSaysWhatItDoesNotHold()
{
    TraceBuilder builder(1);
    const uint32_t thread = builder.addThread({1, 1, "main", ThreadRole::Worker, 0, 1'000'000});
    builder.addState(thread, 0, 1'000'000, ThreadState::Running);
    std::vector<Trace> runs;
    runs.push_back(builder.build());
    QVERIFY(!runs[0].metadata().fromCoreScope());
    const QJsonObject report = reportjson::run(runs[0]);
    for (const char *key : {"tasks", "tasks_done", "results_ok", "wall_s", "cpu_s"})
        QVERIFY2(report[QLatin1String(key)].isNull(), key);
    const QJsonObject info =
        reportjson::fileInfo(QStringLiteral("other.json"), TraceFile(std::move(runs)), nullptr);
    const QJsonObject run = info[QStringLiteral("runs")][0].toObject();
    QVERIFY(run[QStringLiteral("wall_s")].isNull());
    QVERIFY(run[QStringLiteral("results_ok")].isNull());
    QCOMPARE(run[QStringLiteral("span_s")].toDouble(), 0.001);
}

// Linked without Qt GUI, so nothing could load it; the maps show that no GUI library came in
// through a dependency either.
void TestReportJson::textSubcommandsNeedNoQtGui()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray mapped = maps.readAll();
    QVERIFY(mapped.contains("libQt6Core"));
    QVERIFY(!mapped.contains("libQt6Gui"));
    QVERIFY(!mapped.contains("libQt6Widgets"));
    QVERIFY(!mapped.contains("qcustomplot"));
}

QTEST_GUILESS_MAIN(TestReportJson)
#include "tst_reportjson.moc"
