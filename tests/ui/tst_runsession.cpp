// SPDX-License-Identifier: MIT
// RunSession: real runs of a tiny workload queued one after another, a sweep, cancel, and the
// one busy flag that every action of the window follows.

#include "document.h"
#include "engine/lecturepresets.h"
#include "runsession.h"
#include "traceloader.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using namespace corescope;

Q_DECLARE_METATYPE(std::vector<corescope::RunSpec>)
Q_DECLARE_METATYPE(std::vector<std::string>)

namespace {

/// `tasks` waits of `ms` on `workers` threads of `model`: a run whose length is known and which
/// leaves the GUI thread's event loop free.
RunSpec sleeps(const char *model, uint32_t workers, int ms = 5, uint32_t tasks = 4)
{
    RunSpec spec;
    spec.workload = "sleep";
    spec.model = model;
    spec.workers = workers;
    spec.tasks = tasks;
    spec.params = {{"ms", std::to_string(ms)}};
    return spec;
}

/// Serial and threads at one and two workers: three runs of four 5 ms waits.
SweepSpec tinySweep()
{
    SweepSpec spec;
    spec.base = sleeps("serial", 1);
    spec.models = {"serial", "threads"};
    spec.workerCounts = {1, 2};
    spec.repeats = 1;
    return spec;
}

std::vector<std::string> titles(const Document &document)
{
    std::vector<std::string> result;
    for (const auto &run : document.runs())
        result.push_back(run->metadata().title);
    return result;
}

QList<bool> busyChanges(const QSignalSpy &spy)
{
    QList<bool> changes;
    for (const auto &arguments : spy)
        changes.append(arguments.at(0).toBool());
    return changes;
}

} // namespace

class TestRunSession : public QObject
{
    Q_OBJECT

private slots:
    void queuedRunsRunInOrderAndBusyGoesOnOnce_data();
    void queuedRunsRunInOrderAndBusyGoesOnOnce();
    void anInvalidSpecRunsNothing();
    void nothingToRunIsRefused_data();
    void nothingToRunIsRefused();
    void cancelKeepsThePartialRunAndDropsTheQueue();
    void aSweepMakesItBusyAndClearRunsWaits();
    void refusedWhileBusy_data();
    void refusedWhileBusy();
    void runsAndASweepSaveAndOpenAgain();
};

void TestRunSession::queuedRunsRunInOrderAndBusyGoesOnOnce_data()
{
    QTest::addColumn<std::vector<RunSpec>>("specs");
    QTest::addColumn<std::vector<std::string>>("expected");
    QTest::newRow("one run") << std::vector<RunSpec>{sleeps("threads", 2)}
                             << std::vector<std::string>{"sleep · threads · 2 workers"};
    QTest::newRow("a preset's three runs, in order")
        << std::vector<RunSpec>{sleeps("serial", 1), sleeps("threads", 4), sleeps("gil", 2)}
        << std::vector<std::string>{"sleep · serial · 1 worker", "sleep · threads · 4 workers",
                                    "sleep · gil · 2 workers"};
}

void TestRunSession::queuedRunsRunInOrderAndBusyGoesOnOnce()
{
    QFETCH(std::vector<RunSpec>, specs);
    QFETCH(std::vector<std::string>, expected);
    Document document;
    RunSession session(&document);
    QSignalSpy busy(&session, &RunSession::busyChanged);
    std::vector<std::string> started;
    connect(&session, &RunSession::runStarted, this,
            [&](const RunSpec &spec) { started.push_back(spec.model); });

    QVERIFY(session.run(specs).ok());
    QVERIFY(session.isBusy());
    QCOMPARE(session.queuedRuns(), specs.size() - 1);
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 20000);

    QCOMPARE(busyChanges(busy), (QList<bool>{true, false})); // not off and on between runs
    QCOMPARE(titles(document), expected);
    QCOMPARE(started.size(), specs.size());
    for (size_t i = 0; i < specs.size(); ++i)
        QCOMPARE(started[i], specs[i].model);
    QCOMPARE(document.visibleRuns().size(), specs.size()); // no live run left behind
}

void TestRunSession::anInvalidSpecRunsNothing()
{
    Document document;
    RunSession session(&document);
    QSignalSpy busy(&session, &RunSession::busyChanged);
    const Status started = session.run({sleeps("serial", 1), sleeps("serial", 1, -5)});
    QVERIFY(!started.ok());
    QVERIFY2(started.error().find("parameter 'ms'") != std::string::npos, started.error().c_str());
    QVERIFY(!session.isBusy());
    QCOMPARE(busy.size(), 0);
    QCOMPARE(session.queuedRuns(), size_t(0));
    QVERIFY(document.isEmpty());
}

void TestRunSession::nothingToRunIsRefused_data()
{
    QTest::addColumn<bool>("asPreset");
    QTest::addColumn<QString>("message");
    QTest::newRow("an empty list of runs") << false << QStringLiteral("the list of runs is empty");
    QTest::newRow("a preset with neither runs nor a sweep")
        << true << QStringLiteral("preset 'empty' has neither runs nor a sweep");
}

// Nothing would start, so busy would never go on: a success here would leave the caller waiting.
void TestRunSession::nothingToRunIsRefused()
{
    QFETCH(bool, asPreset);
    QFETCH(QString, message);
    Document document;
    RunSession session(&document);
    QSignalSpy busy(&session, &RunSession::busyChanged);
    QSignalSpy started(&session, &RunSession::runStarted);
    LecturePreset preset;
    preset.id = "empty";
    const Status result = asPreset ? session.runPreset(preset) : session.run({});
    QVERIFY(!result.ok());
    QVERIFY2(QString::fromStdString(result.error()).contains(message), result.error().c_str());
    QVERIFY(!session.isBusy());
    QCOMPARE(busy.size(), 0);
    QCOMPARE(started.size(), 0);
    QVERIFY(document.isEmpty());
}

void TestRunSession::cancelKeepsThePartialRunAndDropsTheQueue()
{
    Document document;
    RunSession session(&document);
    QSignalSpy busy(&session, &RunSession::busyChanged);
    QSignalSpy progress(&session, &RunSession::progressChanged);
    // Eight 200 ms waits one after another, twice: over three seconds if left alone.
    QVERIFY(session.run({sleeps("serial", 1, 200, 8), sleeps("serial", 1, 200, 8)}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 10000); // the first run is under way
    session.cancel();
    QCOMPARE(session.queuedRuns(), size_t(0));
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 10000);

    QCOMPARE(busyChanges(busy), (QList<bool>{true, false}));
    QCOMPARE(document.runs().size(), size_t(1)); // the second never started
    const TraceMetadata &m = document.runs().front()->metadata();
    QVERIFY(m.cancelled);
    QVERIFY(m.tasksDone < 8u);
}

void TestRunSession::aSweepMakesItBusyAndClearRunsWaits()
{
    Document document;
    RunSession session(&document);
    QVERIFY(session.run({sleeps("serial", 1)}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 10000);
    QCOMPARE(document.runs().size(), size_t(1));

    QSignalSpy busy(&session, &RunSession::busyChanged);
    QSignalSpy finished(&session, &RunSession::sweepFinished);
    QVERIFY(session.runSweep(tinySweep()).ok());
    QVERIFY(session.isBusy());
    QVERIFY(!session.clearRuns()); // the sweep's runs would land in a cleared window
    QCOMPARE(document.runs().size(), size_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);

    QVERIFY(!session.isBusy());
    QCOMPARE(busyChanges(busy), (QList<bool>{true, false}));
    QCOMPARE(finished.at(0).at(0).toBool(), false); // not cancelled
    QVERIFY(document.sweep());
    QCOMPARE(document.sweep()->traces.size(), size_t(3));

    // The sweep's runs are shared, not copied, when one is opened and when they are saved.
    document.addSweepRun(1);
    QCOMPARE(document.runs().size(), size_t(2));
    QCOMPARE(document.runs().back().get(), &document.sweep()->traces[1]);
    const Document::Contents contents = document.contents();
    QCOMPARE(contents.runs.size(), size_t(2 + 3));
    QCOMPARE(contents.runs.front().get(), document.runs().front().get());
    QCOMPARE(contents.runs.back().get(), &document.sweep()->traces[2]);
    QVERIFY(contents.sweep);
    QVERIFY(contents.sweep->check(contents.runs.size()).ok());

    QVERIFY(session.clearRuns());
    QVERIFY(document.isEmpty());
}

void TestRunSession::refusedWhileBusy_data()
{
    QTest::addColumn<bool>("sweepFirst");
    QTest::addColumn<QString>("then");
    for (const bool sweepFirst : {false, true}) {
        const char *first = sweepFirst ? "during a sweep" : "during a run";
        for (const char *then : {"run", "preset", "sweep", "clear runs"})
            QTest::addRow("%s %s", then, first) << sweepFirst << QString::fromLatin1(then);
    }
}

// The window disables these actions while busy; the session refuses them all the same, so
// that no path (a shortcut, a script, a test) starts a second run beside the first.
void TestRunSession::refusedWhileBusy()
{
    QFETCH(bool, sweepFirst);
    QFETCH(QString, then);
    Document document;
    RunSession session(&document);
    QSignalSpy busy(&session, &RunSession::busyChanged);
    const RunSpec slow = sleeps("serial", 1, 50, 4);
    if (sweepFirst) {
        SweepSpec sweep = tinySweep();
        sweep.base = slow;
        QVERIFY(session.runSweep(sweep).ok());
    } else {
        QVERIFY(session.run({slow}).ok());
    }
    QVERIFY(session.isBusy());

    LecturePreset preset;
    preset.runs = {sleeps("threads", 2)};
    if (then == QLatin1String("run")) {
        QVERIFY(!session.run({sleeps("threads", 2)}).ok());
    } else if (then == QLatin1String("preset")) {
        QVERIFY(!session.runPreset(preset).ok());
    } else if (then == QLatin1String("sweep")) {
        QVERIFY(!session.runSweep(tinySweep()).ok());
    } else {
        QVERIFY(!session.clearRuns());
    }
    QCOMPARE(session.queuedRuns(), size_t(0));
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
    QCOMPARE(busyChanges(busy), (QList<bool>{true, false}));
    // Only the first one's results: no second run, nothing cleared.
    QCOMPARE(document.runs().size(), sweepFirst ? size_t(0) : size_t(1));
    QCOMPARE(document.sweep() != nullptr, sweepFirst);
}

// The save path writes the document's shared traces as they are, and the loader splits the file
// back into the runs and the sweep.
void TestRunSession::runsAndASweepSaveAndOpenAgain()
{
    Document document;
    RunSession session(&document);
    QVERIFY(session.run({sleeps("threads", 2), sleeps("gil", 2)}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 10000);
    QVERIFY(session.runSweep(tinySweep()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.cstrace"));
    const Status saved = document.contents().save(path.toStdString());
    QVERIFY2(saved.ok(), saved.error().c_str());

    TraceLoader loader;
    Document opened;
    connect(&loader, &TraceLoader::loaded, &opened,
            [&](const QString &file, Document::RunList fileRuns,
                std::shared_ptr<const SweepResult> sweep) {
                opened.addFile(std::move(fileRuns), std::move(sweep), file);
            });
    QVERIFY(loader.load(path));
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 10000);
    QCOMPARE(titles(opened), titles(document));
    QVERIFY(opened.sweep());
    QCOMPARE(opened.sweep()->traces.size(), document.sweep()->traces.size());
    QCOMPARE(opened.sweep()->points.size(), document.sweep()->points.size());
    for (size_t i = 0; i < opened.sweep()->points.size(); ++i) {
        QCOMPARE(opened.sweep()->points[i].model, document.sweep()->points[i].model);
        QCOMPARE(opened.sweep()->points[i].walls, document.sweep()->points[i].walls);
    }
    QCOMPARE(opened.filePath(), path);
    QVERIFY(!opened.isModified());
}

QTEST_GUILESS_MAIN(TestRunSession)
#include "tst_runsession.moc"
