// SPDX-License-Identifier: MIT
// Chrome Trace Event Format: our own export comes back exactly (native → JSON → native keeps
// every slice, state, span, core, name, task lane, wait cause, counter and the metadata), other
// tools' traces load with what CoreScope cannot show counted (their counters and async slices
// become counter tracks and task lanes), and broken JSON is refused with the file and the byte.

#include "trace/chrometraceexporter.h"
#include "trace/chrometraceimporter.h"
#include "trace/kinds.h"
#include "trace/schedswitchparser.h"
#include "trace/spannesting.h"
#include "trace/synthetictrace.h"
#include "trace/tracebuilder.h"
#include "trace/tracediff.h"
#include "trace/tracefile.h"

#include "tracefixtures.h"

#include <QtTest>

#include <array>

using namespace corescope;

namespace {

Trace handMadeTrace()
{
    return TraceFixtures::handMadeTrace();
}

ChromeTraceImport importJson(const std::string &json, size_t window = size_t(4) << 20)
{
    ChromeTraceImportOptions options;
    options.windowBytes = window;
    auto imported = ChromeTraceImporter::parse(json, "test.json", options);
    if (!imported.ok())
        qWarning("%s", imported.error().c_str());
    return imported.ok() ? std::move(imported).value() : ChromeTraceImport{};
}

QString importError(const std::string &json, size_t window = size_t(4) << 20)
{
    ChromeTraceImportOptions options;
    options.windowBytes = window;
    auto imported = ChromeTraceImporter::parse(json, "bad.json", options);
    return imported.ok() ? QStringLiteral("<loaded>") : QString::fromStdString(imported.error());
}

QString joinedWarnings(const ImportReport &report)
{
    QStringList all;
    for (const auto &w : report.warnings)
        all << QString::fromStdString(w);
    return all.join(QLatin1Char('\n'));
}

QString joinedSkips(const ImportReport &report)
{
    QStringList all;
    for (const auto &[what, count] : report.skipped)
        all << QStringLiteral("%1 × %2").arg(count).arg(QString::fromStdString(what));
    return all.join(QLatin1Char('\n'));
}

QString text(std::string_view view)
{
    return QString::fromUtf8(view.data(), qsizetype(view.size()));
}

/// Every counter track, "name [kind, pid p]: time=value, …", tracks joined by "; ".
QString countersText(const Trace &trace)
{
    QStringList tracks;
    for (const CounterTrack &counter : trace.counters()) {
        QStringList values;
        for (size_t i = 0; i < counter.size(); ++i)
            values << QStringLiteral("%1=%2").arg(counter.time[i]).arg(counter.value[i]);
        tracks << QStringLiteral("%1 [%2, pid %3]: %4")
                      .arg(QString::fromStdString(counter.name), text(kindOf(counter.kind).name))
                      .arg(counter.pid)
                      .arg(values.join(QStringLiteral(", ")));
    }
    return tracks.join(QStringLiteral("; "));
}

/// One thread's wait causes, "10-200 queue \"jobs\" (queue) ended by 1 | 600-800 timer (timer)".
QString waitsText(const Trace &trace, size_t thread)
{
    QStringList all;
    const ThreadWaits &waits = trace.waitsOf(thread);
    for (size_t i = 0; i < waits.size(); ++i) {
        const WaitObject &object = trace.waitObjects().at(waits.object[i]);
        QString line =
            QStringLiteral("%1-%2 %3 (%4)")
                .arg(waits.begin[i])
                .arg(waits.end[i])
                .arg(QString::fromStdString(object.name), text(kindOf(object.kind).name));
        if (waits.endedBy[i] != kNoThread)
            line += QStringLiteral(" ended by %1").arg(waits.endedBy[i]);
        all << line;
    }
    return all.join(QStringLiteral(" | "));
}

/// Every thread, "name (role) pid/tid: span name begin-end, …", threads joined by "; ".
QString threadsText(const Trace &trace)
{
    QStringList threads;
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        const ThreadInfo &info = trace.threads()[t];
        QStringList spans;
        const ThreadSpans &s = trace.spansOf(t);
        for (size_t i = 0; i < s.size(); ++i)
            spans << QStringLiteral("%1 %2-%3")
                         .arg(QString::fromStdString(trace.spanNames().at(s.task[i])))
                         .arg(s.begin[i])
                         .arg(s.end[i]);
        threads << QStringLiteral("%1 (%2) %3/%4: %5")
                       .arg(QString::fromStdString(info.name), text(threadRoleName(info.role)))
                       .arg(info.pid)
                       .arg(info.tid)
                       .arg(spans.join(QStringLiteral(", ")));
    }
    return threads.join(QStringLiteral("; "));
}

/// A file of ours with one run, its wait object "L" (a lock), a worker (pid 1, tid 1), a task lane
/// (JSON tid 2) and the worker's waits track (JSON tid 3); `events` go after them.
QString ourFile(const QString &events,
                const QString &waitObjects = QString::fromUtf8(R"({"kind":"lock","name":"L"})"))
{
    return QString::fromUtf8(
               R"({"metadata":{"corescope":{"format":2,"runs":[{"cores":1,"waitObjects":[%1]}]}},)"
               R"("traceEvents":[)"
               R"({"ph":"M","name":"process_name","pid":1,"tid":1,"args":{"name":"p",)"
               R"("corescope":{"run":0,"pid":1}}},)"
               R"({"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"a",)"
               R"("corescope":{"run":0,"thread":0,"pid":1,"tid":1,"role":"worker"}}},)"
               R"({"ph":"M","name":"thread_name","pid":1,"tid":2,"args":{"name":"t",)"
               R"("corescope":{"run":0,"thread":1,"pid":1,"tid":0,"role":"task"}}},)"
               R"({"ph":"M","name":"thread_name","pid":1,"tid":3,"args":{"name":"waits of a",)"
               R"("corescope":{"run":0,"waitsOf":0}}},)"
               R"(%2]})")
        .arg(waitObjects, events);
}

} // namespace

Q_DECLARE_METATYPE(ChromeJsonFlavour)

class TestChromeTrace : public QObject
{
    Q_OBJECT

private slots:
    void nestsSpans();
    void roundTrip_data();
    void roundTrip();
    void roundTripThroughFiles();
    void smallWindowsReadTheSame();
    void readsOtherToolsTraces();
    void carriesTaskLanesWaitsCountersAndTransit_data();
    void carriesTaskLanesWaitsCountersAndTransit();
    void writesTaskLanesAsAsyncTracksOfTheirOwn();
    void readsOtherToolsCounters_data();
    void readsOtherToolsCounters();
    void readsOtherToolsAsyncSlicesAsTaskLanes_data();
    void readsOtherToolsAsyncSlicesAsTaskLanes();
    void skipsOrWarnsAboutBadEventsOfTheNewKinds_data();
    void skipsOrWarnsAboutBadEventsOfTheNewKinds();
    void readsSchedSwitchLines();
    void refusesSchedTimesNoTraceHas_data();
    void refusesSchedTimesNoTraceHas();
    void skipsTimesAnExportCouldNotWrite_data();
    void skipsTimesAnExportCouldNotWrite();
    void boundsCoresByTheFileSize();
    void readsArrayFormLeniently();
    void countsWhatItSkips();
    void stepsOverDeepNesting();
    void warnsAboutBadEvents_data();
    void warnsAboutBadEvents();
    void refusesBadJson_data();
    void refusesBadJson();
    void refusesEveryTruncation();
    void perfettoFlavourShape();
    void showsOneThreadPerCoreAtATime();
    void portableFlavourShape();
};

void TestChromeTrace::nestsSpans()
{
    ThreadSpans spans;
    const auto add = [&](TimeNs b, TimeNs e) {
        spans.begin.push_back(b);
        spans.end.push_back(e);
        spans.kind.push_back(SpanKind::Task);
        spans.task.push_back(0);
        spans.result.push_back(0);
    };
    add(0, 100);  // task
    add(50, 150); // a hold that outlasts it
    add(100, 200);
    const auto pieces = SpanNesting::pieces(spans);
    // Every piece lies within the one that was open when it began.
    std::vector<TimeNs> open;
    for (const auto &p : pieces) {
        while (!open.empty() && open.back() <= p.begin && open.back() < p.end)
            open.pop_back();
        if (!open.empty())
            QVERIFY(p.end <= open.back());
        open.push_back(p.end);
    }
    QCOMPARE(pieces.size(), size_t(4));
    QCOMPARE(pieces[1].span, 1u);
    QCOMPARE(pieces[1].end, TimeNs(100));
    QVERIFY(!pieces[1].continued);
    QCOMPARE(pieces[3].span, 1u);
    QCOMPARE(pieces[3].begin, TimeNs(100));
    QCOMPARE(pieces[3].end, TimeNs(150));
    QVERIFY(pieces[3].continued);
}

void TestChromeTrace::roundTrip_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<ChromeJsonFlavour>("flavour");
    for (auto [flavour, name] : {std::pair{ChromeJsonFlavour::Perfetto, "perfetto"},
                                 std::pair{ChromeJsonFlavour::Portable, "portable"}}) {
        QTest::addRow("hand-made, %s", name) << 0 << flavour;
        QTest::addRow("synthetic, %s", name) << 1 << flavour;
        QTest::addRow("three runs, %s", name) << 2 << flavour;
        QTest::addRow("empty run, %s", name) << 3 << flavour;
        QTest::addRow("other programs on a core, %s", name) << 4 << flavour;
    }
}

namespace {

/// A thread on core 0 throughout and one that wants a core from 20 to 60 ms and gets none,
/// while nothing of the run is on core 1: other programs held it then.
Trace otherProgramsTrace()
{
    constexpr TimeNs kMs = 1'000'000;
    TraceBuilder builder(2);
    builder.metadata().wallNs = 100 * kMs;
    builder.metadata().model = "threads";
    builder.metadata().allowedCores = {0, 1};
    builder.addThread({100, 100, "main", ThreadRole::Engine, 0, 100 * kMs, -1});
    builder.addThread({100, 101, "worker", ThreadRole::Worker, 0, 100 * kMs, -1});
    builder.addSlice(0, 0, 100 * kMs, 0);
    builder.addState(0, 0, 100 * kMs, ThreadState::Running, 0);
    builder.addSlice(1, 0, 20 * kMs, 1);
    builder.addState(1, 0, 20 * kMs, ThreadState::Running, 1);
    builder.addState(1, 20 * kMs, 60 * kMs, ThreadState::Runnable);
    builder.addSlice(1, 60 * kMs, 100 * kMs, 1);
    builder.addState(1, 60 * kMs, 100 * kMs, ThreadState::Running, 1);
    return builder.build();
}

} // namespace

void TestChromeTrace::roundTrip()
{
    QFETCH(int, kind);
    QFETCH(ChromeJsonFlavour, flavour);
    std::vector<Trace> runs;
    if (kind == 0)
        runs.push_back(handMadeTrace());
    else if (kind == 1)
        runs.push_back(SyntheticTrace::make({5, 3, 30'000, 4}));
    else if (kind == 2)
        runs = {handMadeTrace(), SyntheticTrace::make({3, 2, 3'000, 1}), handMadeTrace()};
    else if (kind == 3)
        runs.push_back(TraceBuilder(2).build());
    else
        runs.push_back(otherProgramsTrace());

    const std::string json = ChromeTraceExporter(flavour).toString(runs);
    // Other programs hold the CPU tracks for viewers under a placeholder, which reads back as
    // nothing of the run's.
    if (kind == 4)
        QVERIFY(json.find("other programs") != std::string::npos);
    const ChromeTraceImport imported = importJson(json);
    QVERIFY2(imported.report.warningCount == 0, qPrintable(joinedWarnings(imported.report)));
    QVERIFY2(imported.report.skipped.empty(),
             qPrintable(QString::fromStdString(imported.report.skipped.begin()->first)));
    QCOMPARE(imported.runs.size(), runs.size());
    for (size_t r = 0; r < runs.size(); ++r) {
        const auto difference = TraceDiff::firstDifference(runs[r], imported.runs[r]);
        QVERIFY2(!difference,
                 qPrintable(QStringLiteral("run %1: %2")
                                .arg(r)
                                .arg(QString::fromStdString(difference.value_or("")))));
    }
}

void TestChromeTrace::roundTripThroughFiles()
{
    // native → JSON (perfetto) → native, as `corescope convert` does it.
    QTemporaryDir dir;
    const std::string native = dir.filePath(QStringLiteral("a.cstrace")).toStdString();
    const std::string json = dir.filePath(QStringLiteral("a.json")).toStdString();
    const std::string again = dir.filePath(QStringLiteral("b.cstrace")).toStdString();
    const TraceFile original({handMadeTrace(), SyntheticTrace::make({4, 2, 20'000, 8})});
    QVERIFY(original.save(native).ok());
    auto step1 = TraceFile::load(native);
    QVERIFY(step1.ok());
    QVERIFY(step1.value().save(json).ok());
    auto step2 = TraceFile::load(json);
    QVERIFY2(step2.ok(), step2.ok() ? "" : step2.error().c_str());
    QCOMPARE(step2.value().sourceFormat(), TraceFile::Format::ChromeJson);
    QVERIFY(step2.value().save(again).ok());
    auto step3 = TraceFile::load(again);
    QVERIFY(step3.ok());
    QCOMPARE(step3.value().runs().size(), size_t(2));
    for (size_t r = 0; r < 2; ++r) {
        const auto difference =
            TraceDiff::firstDifference(original.runs()[r], step3.value().runs()[r]);
        QVERIFY2(!difference, difference ? difference->c_str() : "");
    }
}

void TestChromeTrace::smallWindowsReadTheSame()
{
    // Windows of a few hundred bytes cut inside strings and nested objects all the time; the
    // result must not change, and no event may be read twice.
    TraceBuilder builder(2);
    builder.addThread({1, 2, "a},{\"ph\":\"X\"}, [\"", ThreadRole::Worker, 0, 100, -1});
    const uint32_t name = builder.addSpanName(std::string(700, '}') + "}, {\"x\":[1,2]},");
    for (int i = 0; i < 200; ++i) {
        builder.addSpan(0, i * 10, i * 10 + 5, SpanKind::Named, name);
        builder.addSlice(uint16_t(i % 2), i * 10, i * 10 + 5, 0);
    }
    const std::vector<Trace> runs{builder.build(), SyntheticTrace::make({3, 2, 2'000, 3})};
    for (auto flavour : {ChromeJsonFlavour::Perfetto, ChromeJsonFlavour::Portable}) {
        const std::string json = ChromeTraceExporter(flavour).toString(runs);
        for (size_t window : {size_t(64), size_t(300), size_t(4096)}) {
            const ChromeTraceImport imported = importJson(json, window);
            QCOMPARE(imported.runs.size(), size_t(2));
            for (size_t r = 0; r < 2; ++r) {
                const auto difference = TraceDiff::firstDifference(runs[r], imported.runs[r]);
                QVERIFY2(!difference, difference ? difference->c_str() : "");
            }
        }
    }
}

void TestChromeTrace::readsOtherToolsTraces()
{
    // Chrome's own shape: object form, string metadata, nested B/E, X, and M names.
    const std::string chrome = R"({"traceEvents":[
        {"name":"process_name","ph":"M","pid":7,"tid":0,"args":{"name":"Browser"}},
        {"name":"thread_name","ph":"M","pid":7,"tid":8,"args":{"name":"CrBrowserMain"}},
        {"name":"MessageLoop::RunTask","cat":"toplevel","ph":"B","pid":7,"tid":8,"ts":1000.5},
        {"name":"Paint","cat":"cc","ph":"X","pid":7,"tid":8,"ts":1001,"dur":2.25,"tdur":2,"args":{"frame":{"id":"0x1"}}},
        {"name":"MessageLoop::RunTask","cat":"toplevel","ph":"E","pid":7,"tid":8,"ts":1010},
        {"name":"Other","ph":"X","pid":7,"tid":9,"ts":1005,"dur":1}
    ],"displayTimeUnit":"ms","metadata":{"cpu-brand":"Some CPU","num-cpus":8,"os-version":"6.5"}})";
    const ChromeTraceImport imported = importJson(chrome);
    QCOMPARE(imported.runs.size(), size_t(1));
    const Trace &trace = imported.runs[0];
    QCOMPARE(trace.threads().size(), size_t(2));
    QCOMPARE(trace.threads()[0].name, std::string("CrBrowserMain"));
    QCOMPARE(trace.threads()[1].name, std::string("thread 9"));
    QCOMPARE(trace.metadata().cpuModel, std::string("Some CPU"));
    QCOMPARE(trace.metadata().machineCores, 8u);
    QCOMPARE(trace.metadata().kernel, std::string("6.5"));
    QCOMPARE(trace.metadata().title, std::string("test"));
    QVERIFY(imported.report.coreDataAbsent);
    QCOMPARE(trace.coreCount(), size_t(0));
    const ThreadSpans &spans = trace.spansOf(0);
    QCOMPARE(spans.size(), size_t(2));
    // Times start at the first event: 1000.5 µs is zero.
    QCOMPARE(spans.begin[0], TimeNs(0));
    QCOMPARE(spans.end[0], TimeNs(9'500));
    QCOMPARE(trace.spanNames()[spans.task[0]], std::string("MessageLoop::RunTask"));
    QCOMPARE(spans.begin[1], TimeNs(500));
    QCOMPARE(spans.end[1], TimeNs(2'750));
    QCOMPARE(trace.spanNames()[spans.task[1]], std::string("Paint"));
    QCOMPARE(spans.kind[1], SpanKind::Named);
    QCOMPARE(trace.metadata().wallNs, TimeNs(9'500));
    QCOMPARE(imported.report.warningCount, uint64_t(0));

    // Node and VizTracer write the array form with string ids and extra keys.
    const std::string node = R"([
      {"pid":"main","tid":"worker thread","ph":"X","name":"fib","ts":1,"dur":1.5,"cat":"node"},
      {"pid":"main","tid":"worker thread","ph":"X","name":"fib","ts":1.25,"dur":0.5,"cat":"node"},
      {"pid":12,"tid":13.0,"ph":"X","name":"f","ts":2,"dur":1,"caller_lineno":3}
    ])";
    const ChromeTraceImport fromNode = importJson(node);
    QCOMPARE(fromNode.runs.size(), size_t(1));
    QCOMPARE(fromNode.runs[0].threads().size(), size_t(2));
    QCOMPARE(fromNode.runs[0].threads()[0].name, std::string("worker thread"));
    QCOMPARE(fromNode.runs[0].spansOf(0).size(), size_t(2));
    QCOMPARE(fromNode.runs[0].spanNames().size(), size_t(2));

    // Some writers put numbers in strings ("ts": "200.5"); Perfetto reads them as numbers.
    const std::string strings = R"([
      {"pid":1,"tid":2,"ph":"X","name":"a","ts":"200.5","dur":"1.25"},
      {"pid":1,"tid":2,"ph":"X","name":"b","ts":"202","dur":"2e0"}
    ])";
    const ChromeTraceImport fromStrings = importJson(strings);
    QVERIFY2(fromStrings.report.warningCount == 0,
             fromStrings.report.warnings.empty() ? "" : fromStrings.report.warnings[0].c_str());
    const ThreadSpans &stringSpans = fromStrings.runs[0].spansOf(0);
    QCOMPARE(stringSpans.size(), size_t(2));
    QCOMPARE(stringSpans.begin[0], TimeNs(0));
    QCOMPARE(stringSpans.end[0], TimeNs(1'250));
    QCOMPARE(stringSpans.begin[1], TimeNs(1'500));
    QCOMPARE(stringSpans.end[1], TimeNs(3'500));
    QVERIFY(!fromStrings.runs[0].metadata().fromCoreScope()); // no tasks or results of ours
}

void TestChromeTrace::carriesTaskLanesWaitsCountersAndTransit_data()
{
    QTest::addColumn<ChromeJsonFlavour>("flavour");
    QTest::newRow("for Perfetto") << ChromeJsonFlavour::Perfetto;
    QTest::newRow("for chrome://tracing") << ChromeJsonFlavour::Portable;
}

void TestChromeTrace::carriesTaskLanesWaitsCountersAndTransit()
{
    // roundTrip compares everything through TraceDiff; this names each new piece, so that a
    // comparison TraceDiff lacks cannot hide a loss.
    QFETCH(ChromeJsonFlavour, flavour);
    const Trace original = handMadeTrace();
    const ChromeTraceImport imported =
        importJson(ChromeTraceExporter(flavour).toString(std::vector<Trace>{original}));
    QVERIFY2(imported.report.empty(),
             qPrintable(joinedWarnings(imported.report) + joinedSkips(imported.report)));
    QCOMPARE(imported.runs.size(), size_t(1));
    const Trace &trace = imported.runs[0];
    const size_t task = 4;
    QCOMPARE(trace.threads().size(), size_t(5));
    const ThreadInfo &lane = trace.threads()[task];
    QCOMPARE(lane.role, ThreadRole::Task);
    QCOMPARE(lane.name, std::string("task 1"));
    QCOMPARE(lane.pid, 100);
    QCOMPARE(lane.tid, 0);
    QCOMPARE(lane.begin, TimeNs(10));
    QCOMPARE(lane.end, TimeNs(900));
    QCOMPARE(QString::fromStdString(TraceFixtures::statesText(trace, task)),
             QStringLiteral("10-200 queue-wait | 200-600 task-running | 600-800 awaiting | "
                            "800-850 ready | 850-900 task-running"));
    QVERIFY(trace.waitObjects() == original.waitObjects());
    QCOMPARE(waitsText(trace, task), QStringLiteral("10-200 queue \"jobs\" (queue) ended by 1 | "
                                                    "600-800 timer (timer) | "
                                                    "800-850 loop (loop) ended by 0"));
    QCOMPARE(waitsText(trace, 1), QStringLiteral("500-700 GIL (gil) ended by 2"));
    QCOMPARE(countersText(trace),
             QStringLiteral("queue depth [queue-depth, pid 100]: 10=1, 200=0, 400=2.5"));
    const auto handoff =
        std::find_if(trace.markers().begin(), trace.markers().end(),
                     [](const Marker &m) { return m.kind == MarkerKind::QueueHandoff; });
    QVERIFY(handoff != trace.markers().end());
    QCOMPARE(handoff->time, TimeNs(200));
    QCOMPARE(handoff->transit, TimeNs(190));
    QCOMPARE(handoff->thread, 1u);
    QCOMPARE(handoff->otherThread, 2u);
}

void TestChromeTrace::writesTaskLanesAsAsyncTracksOfTheirOwn()
{
    // Perfetto keys a legacy async track by process, category and id, and names (and merges) it
    // by the first slice of the id: each task gets an id of its own, a first slice named after
    // it, and its states within that slice, all in one category.
    const std::string json = ChromeTraceExporter(ChromeJsonFlavour::Perfetto)
                                 .toString(std::vector<Trace>{handMadeTrace()});
    const auto at = [&](const std::string &event) {
        const size_t found = json.find(event);
        if (found == std::string::npos)
            qWarning("not in the export: %s", event.c_str());
        return found;
    };
    const size_t lane = at(R"({"ph":"b","cat":"task-lane","name":"task 1","id2":{"local":201},)"
                           R"("pid":100,"tid":201,"ts":0.015})");
    const size_t first =
        at(R"({"ph":"b","cat":"task-lane","name":"queue-wait","id2":{"local":201},)"
           R"("pid":100,"tid":201,"ts":0.015})");
    const size_t firstEnd =
        at(R"({"ph":"e","cat":"task-lane","name":"queue-wait","id2":{"local":201},)"
           R"("pid":100,"tid":201,"ts":0.205})");
    const size_t laneEnd = at(R"({"ph":"e","cat":"task-lane","name":"task 1","id2":{"local":201},)"
                              R"("pid":100,"tid":201,"ts":0.905})");
    QVERIFY(lane < first && first < firstEnd && firstEnd < laneEnd && laneEnd != std::string::npos);
    // The real threads keep their ids beside it; the task lane's is new.
    QVERIFY(at(R"("name":"thread_name","pid":100,"tid":201,"args":{"name":"task 1","corescope":)"
               R"({"run":0,"thread":4,"pid":100,"tid":0,"role":"task")")
            != std::string::npos);
    // A counter per value, on its process; a hand-off across time starts when it was sent.
    QVERIFY(at(R"({"ph":"C","cat":"queue-depth","name":"queue depth","pid":100,"tid":100,)"
               R"("ts":0.405,"args":{"value":2.5}})")
            != std::string::npos);
    QVERIFY(at(R"({"ph":"s","cat":"handoff","name":"queue-handoff","id":1,"pid":200,"tid":200,)"
               R"("ts":0.015})")
            != std::string::npos);
    QVERIFY(at(R"({"ph":"X","cat":"wait","name":"timer","pid":100,"tid":211,"ts":0.605,"dur":0.2,)"
               R"("args":{"object":1}})")
            != std::string::npos);
    QVERIFY(at(R"("waitObjects":[{"kind":"queue","name":"queue \"jobs\""},)") != std::string::npos);
}

void TestChromeTrace::readsOtherToolsCounters_data()
{
    QTest::addColumn<QString>("events");
    QTest::addColumn<QString>("counters");
    QTest::newRow("a counter of one key is a track named after the event")
        << R"({"ph":"C","name":"memory","pid":1,"ts":1,"args":{"heap":5}},
              {"ph":"C","name":"memory","pid":1,"ts":3,"args":{"heap":6.25}})"
        << "memory [imported, pid 1]: 0=5, 2000=6.25";
    QTest::newRow("a counter of several keys is a track per key, named with the key")
        << R"({"ph":"C","name":"pets","pid":1,"ts":0,"args":{"cats":1,"dogs":2}})"
        << "pets cats [imported, pid 1]: 0=1; pets dogs [imported, pid 1]: 0=2";
    QTest::newRow("one name in two processes is two tracks")
        << R"({"ph":"C","name":"c","pid":1,"ts":0,"args":{"v":1}},
              {"ph":"C","name":"c","pid":2,"ts":0,"args":{"v":2}})"
        << "c [imported, pid 1]: 0=1; c [imported, pid 2]: 0=2";
    QTest::newRow("a value equal to the last adds nothing: each holds until the next")
        << R"({"ph":"C","name":"c","pid":1,"ts":0,"args":{"v":1}},
              {"ph":"C","name":"c","pid":1,"ts":1,"args":{"v":1}},
              {"ph":"C","name":"c","pid":1,"ts":2,"args":{"v":0}})"
        << "c [imported, pid 1]: 0=1, 2000=0";
    QTest::newRow("values out of order are put in time order")
        << R"({"ph":"C","name":"c","pid":1,"ts":2,"args":{"v":2}},
              {"ph":"C","name":"c","pid":1,"ts":0,"args":{"v":1}})"
        << "c [imported, pid 1]: 0=1, 2000=2";
    QTest::newRow("a number in a string is a value, as Perfetto reads it")
        << R"({"ph":"C","name":"c","pid":1,"ts":0,"args":{"v":"-1.5e3"}})"
        << "c [imported, pid 1]: 0=-1500";
    QTest::newRow("another tool's category names no kind of ours")
        << R"({"ph":"C","cat":"queue-depth","name":"c","pid":1,"ts":0,"args":{"v":1}})"
        << "c [imported, pid 1]: 0=1";
}

void TestChromeTrace::readsOtherToolsCounters()
{
    QFETCH(QString, events);
    QFETCH(QString, counters);
    const ChromeTraceImport imported =
        importJson((QStringLiteral("[") + events + QStringLiteral("]")).toStdString());
    QVERIFY2(imported.report.empty(),
             qPrintable(joinedWarnings(imported.report) + joinedSkips(imported.report)));
    QCOMPARE(imported.runs.size(), size_t(1));
    QCOMPARE(countersText(imported.runs[0]), counters);
    QCOMPARE(imported.runs[0].threads().size(), size_t(0)); // a counter is no thread
}

void TestChromeTrace::readsOtherToolsAsyncSlicesAsTaskLanes_data()
{
    QTest::addColumn<QString>("events");
    QTest::addColumn<QString>("threads");
    QTest::newRow("each id is a task lane named after its first slice, with its slices as spans")
        << R"({"ph":"b","cat":"net","name":"load","id":1,"pid":7,"tid":8,"ts":0},
              {"ph":"b","cat":"net","name":"parse","id":1,"pid":7,"tid":8,"ts":1},
              {"ph":"b","cat":"net","name":"load","id":"0x2","pid":7,"tid":9,"ts":1},
              {"ph":"e","cat":"net","name":"parse","id":1,"pid":7,"tid":8,"ts":2},
              {"ph":"e","cat":"net","name":"load","id":1,"pid":7,"tid":8,"ts":3},
              {"ph":"e","cat":"net","name":"load","id":"0x2","pid":7,"tid":9,"ts":4})"
        << "load (task) 7/0: load 0-3000, parse 1000-2000; load (task) 7/0: load 1000-4000";
    QTest::newRow("one id in two processes or two categories is two lanes")
        << R"({"ph":"b","cat":"a","name":"x","id":1,"pid":1,"ts":0},
              {"ph":"b","cat":"a","name":"y","id":1,"pid":2,"ts":0},
              {"ph":"b","cat":"b","name":"z","id":1,"pid":1,"ts":0},
              {"ph":"e","cat":"a","name":"x","id":1,"pid":1,"ts":1},
              {"ph":"e","cat":"a","name":"y","id":1,"pid":2,"ts":1},
              {"ph":"e","cat":"b","name":"z","id":1,"pid":1,"ts":1})"
        << "x (task) 1/0: x 0-1000; y (task) 2/0: y 0-1000; z (task) 1/0: z 0-1000";
    QTest::newRow("an id2.global is one lane across processes, an id2.local one within its own")
        << R"({"ph":"b","cat":"a","name":"g","id2":{"global":5},"pid":1,"ts":0},
              {"ph":"e","cat":"a","name":"g","id2":{"global":5},"pid":2,"ts":1},
              {"ph":"b","cat":"a","name":"l","id2":{"local":5},"pid":1,"ts":0},
              {"ph":"e","cat":"a","name":"l","id2":{"local":5},"pid":1,"ts":2})"
        << "g (task) 1/0: g 0-1000; l (task) 1/0: l 0-2000";
    QTest::newRow("an 'e' ends the innermost open slice of its name, or of any without one")
        << R"({"ph":"b","cat":"a","name":"outer","id":1,"pid":1,"ts":0},
              {"ph":"b","cat":"a","name":"inner","id":1,"pid":1,"ts":1},
              {"ph":"e","cat":"a","name":"outer","id":1,"pid":1,"ts":2},
              {"ph":"e","cat":"a","id":1,"pid":1,"ts":3})"
        << "outer (task) 1/0: outer 0-2000, inner 1000-3000";
}

void TestChromeTrace::readsOtherToolsAsyncSlicesAsTaskLanes()
{
    QFETCH(QString, events);
    QFETCH(QString, threads);
    const ChromeTraceImport imported =
        importJson((QStringLiteral("[") + events + QStringLiteral("]")).toStdString());
    QVERIFY2(imported.report.empty(),
             qPrintable(joinedWarnings(imported.report) + joinedSkips(imported.report)));
    QCOMPARE(imported.runs.size(), size_t(1));
    QCOMPARE(threadsText(imported.runs[0]), threads);
}

void TestChromeTrace::skipsOrWarnsAboutBadEventsOfTheNewKinds_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("skipped"); // counted once
    QTest::addColumn<QString>("warning"); // the only one, as it ends
    const auto other = [](const char *events) {
        return QStringLiteral("[") + QString::fromUtf8(events) + QStringLiteral("]");
    };
    const auto ours = [](const char *events) { return ourFile(QString::fromUtf8(events)); };
    QTest::newRow("a counter value that is no number")
        << other(R"({"ph":"C","name":"c","pid":1,"ts":0,"args":{"v":1,"w":"many"}})")
        << "counter values that are not numbers"
        << "";
    QTest::newRow("a counter with no values")
        << other(R"({"ph":"C","name":"c","pid":1,"ts":0,"args":{}})")
        << "counter events without values"
        << "";
    QTest::newRow("an async 'b' never ended")
        << other(R"({"ph":"b","cat":"a","name":"x","id":1,"pid":1,"ts":0})")
        << "'b' events never closed (they end with the trace)"
        << "";
    QTest::newRow("an async event without an id")
        << other(R"({"ph":"b","cat":"a","name":"x","pid":1,"ts":0})")
        << "async events without an id"
        << "";
    QTest::newRow("an async instant")
        << other(R"({"ph":"n","cat":"a","name":"x","id":1,"pid":1,"ts":0})")
        << "async instant events (phase n)"
        << "";
    QTest::newRow("an async 'e' without its 'b'")
        << other(R"({"ph":"e","cat":"a","name":"x","id":1,"pid":1,"ts":0})") << ""
        << "event #0 at byte 1: 'e' without a matching 'b' (id 1); skipped";
    QTest::newRow("an async 'e' before its 'b'")
        << other(R"({"ph":"b","cat":"a","name":"x","id":1,"pid":1,"ts":5},)"
                 R"({"ph":"e","cat":"a","name":"x","id":1,"pid":1,"ts":1})")
        << ""
        << "'e' before its 'b' (negative duration, id 1); skipped";
    QTest::newRow("our hand-off flow without its end") << ours(
        R"({"ph":"s","cat":"handoff","name":"queue-handoff","id":1,"pid":1,"tid":1,"ts":0})")
                                                       << "hand-off flows that never end"
                                                       << "";
    QTest::newRow("our hand-off that arrives before it was sent") << ours(
        R"({"ph":"s","cat":"handoff","name":"queue-handoff","id":1,"pid":1,"tid":1,"ts":5},)"
        R"({"ph":"f","bp":"e","cat":"handoff","name":"queue-handoff","id":1,"pid":1,"tid":1,"ts":1})")
                                                                  << ""
                                                                  << "a hand-off that arrives "
                                                                     "before it was sent; skipped";
    QTest::newRow("our task lane's state never ended") << ours(
        R"({"ph":"b","cat":"task-lane","name":"t","id2":{"local":2},"pid":1,"tid":2,"ts":0},)"
        R"({"ph":"b","cat":"task-lane","name":"ready","id2":{"local":2},"pid":1,"tid":2,"ts":0},)"
        R"({"ph":"e","cat":"task-lane","name":"t","id2":{"local":2},"pid":1,"tid":2,"ts":3})")
                                                       << "task lane slices never closed ('b' "
                                                          "without 'e'); skipped"
                                                       << "";
    QTest::newRow("our task lane's state of a name this version does not know") << ours(
        R"({"ph":"b","cat":"task-lane","name":"t","id2":{"local":2},"pid":1,"tid":2,"ts":0},)"
        R"({"ph":"b","cat":"task-lane","name":"dozing","id2":{"local":2},"pid":1,"tid":2,"ts":0},)"
        R"({"ph":"e","cat":"task-lane","name":"dozing","id2":{"local":2},"pid":1,"tid":2,"ts":1},)"
        R"({"ph":"e","cat":"task-lane","name":"t","id2":{"local":2},"pid":1,"tid":2,"ts":3})")
                                                                                << ""
                                                                                << "unknown thread "
                                                                                   "state "
                                                                                   "'dozing'; "
                                                                                   "skipped";
    QTest::newRow("our task lane's 'e' without its 'b'") << ours(
        R"({"ph":"e","cat":"task-lane","name":"ready","id2":{"local":2},"pid":1,"tid":2,"ts":0})")
                                                         << ""
                                                         << "'e' without a matching 'b' on task "
                                                            "lane 1/2; skipped";
    QTest::newRow("our wait that names no wait object")
        << ours(R"({"ph":"X","cat":"wait","name":"L","pid":1,"tid":3,"ts":0,"dur":1})")
        << "waits that name no wait object"
        << "";
    QTest::newRow("our wait for an object the run does not have") << ours(
        R"({"ph":"X","cat":"wait","name":"L","pid":1,"tid":3,"ts":0,"dur":1,"args":{"object":1}})")
                                                                  << "waits for wait objects the "
                                                                     "run does not have"
                                                                  << "";
    QTest::newRow("our wait ended by a lane that is no thread")
        << ours(R"({"ph":"X","cat":"wait","name":"L","pid":1,"tid":3,"ts":0,"dur":1,)"
                R"("args":{"object":0,"endedByPid":1,"endedByTid":3}})")
        << "waits ended by a thread the run does not have (read as ended by nobody)"
        << "";
    QTest::newRow("a wait object of a kind this version does not know")
        << ourFile(QString::fromUtf8(R"({"ph":"X","cat":"wait","name":"L","pid":1,"tid":3,)"
                                     R"("ts":0,"dur":1,"args":{"object":0}})"),
                   QString::fromUtf8(R"({"kind":"spell","name":"S"})"))
        << "waits for wait objects the run does not have"
        << "a wait object of unknown kind 'spell'; the waits for it are skipped";
}

void TestChromeTrace::skipsOrWarnsAboutBadEventsOfTheNewKinds()
{
    QFETCH(QString, json);
    QFETCH(QString, skipped);
    QFETCH(QString, warning);
    const ChromeTraceImport imported = importJson(json.toStdString());
    QCOMPARE(imported.runs.size(), size_t(1));
    QCOMPARE(joinedSkips(imported.report),
             skipped.isEmpty() ? QString() : QStringLiteral("1 × ") + skipped);
    QCOMPARE(imported.report.warningCount, uint64_t(warning.isEmpty() ? 0 : 1));
    if (!warning.isEmpty())
        QVERIFY2(joinedWarnings(imported.report).endsWith(warning),
                 qPrintable(joinedWarnings(imported.report)));
    // Whatever was read exports and reads again unchanged.
    for (auto flavour : {ChromeJsonFlavour::Perfetto, ChromeJsonFlavour::Portable}) {
        const ChromeTraceImport again =
            importJson(ChromeTraceExporter(flavour).toString(imported.runs));
        QVERIFY2(again.report.empty(),
                 qPrintable(joinedWarnings(again.report) + joinedSkips(again.report)));
        const auto difference = TraceDiff::firstDifference(imported.runs[0], again.runs.at(0));
        QVERIFY2(!difference, difference ? difference->c_str() : "");
    }
}

void TestChromeTrace::readsSchedSwitchLines()
{
    // Perfetto's JSON exports and Android systraces keep ftrace text in systemTraceEvents.
    const std::string json =
        R"({"systemTraceEvents":"# tracer: nop\n)"
        R"(          <idle>-0     [001] d..2   100.000001000: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=app prev pid=0 next_pid=42 next_prio=120\n)"
        R"(             app-42    ( 40) [001] d..2   100.000003000: sched_switch: prev_comm=app prev_pid=42 prev_prio=120 prev_state=S ==> next_comm=kworker next_pid=43 next_prio=120\n)"
        R"(         kworker-43    (-----) [001] d..2   100.000004000: sched_switch: prev_comm=kworker prev_pid=43 prev_prio=120 prev_state=R+ ==> next_comm=swapper/1 next_pid=0 next_prio=120\n)"
        R"(          <idle>-0     [000] d..2   100.000005000: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=app next_pid=42 next_prio=120\n)"
        R"(             app-42    ( 40) [000] d..2   100.000007500: sched_switch: prev_comm=app prev_pid=42 prev_prio=120 prev_state=D ==> next_comm=swapper/0 next_pid=0 next_prio=120\n)"
        R"(             app-42    ( 40) [000] d..2   100.000007600: sched_wakeup: comm=app pid=42 prio=120 target_cpu=000\n)"
        R"(not ftrace at all\n)"
        R"(","traceEvents":[{"ph":"M","name":"thread_name","pid":40,"tid":42,"args":{"name":"app main"}}]})";
    const ChromeTraceImport imported = importJson(json);
    QCOMPARE(imported.runs.size(), size_t(1));
    const Trace &trace = imported.runs[0];
    QVERIFY(!imported.report.coreDataAbsent);
    QCOMPARE(trace.coreCount(), size_t(2));
    QCOMPARE(trace.threads().size(), size_t(2));
    QCOMPARE(trace.threads()[0].name, std::string("app main"));
    QCOMPARE(trace.threads()[1].name, std::string("kworker"));
    QCOMPARE(trace.threads()[1].pid, 43); // no tgid: its own process
    const CoreSlices &cpu1 = trace.slicesOnCore(1);
    QCOMPARE(cpu1.size(), size_t(2));
    QCOMPARE(cpu1.begin[0], TimeNs(0));
    QCOMPARE(cpu1.end[0], TimeNs(2'000));
    QCOMPARE(cpu1.thread[0], 0u);
    QCOMPARE(cpu1.thread[1], 1u);
    const CoreSlices &cpu0 = trace.slicesOnCore(0);
    QCOMPARE(cpu0.size(), size_t(1));
    QCOMPARE(cpu0.begin[0], TimeNs(4'000));
    QCOMPARE(cpu0.end[0], TimeNs(6'500));
    // States follow from the switches: running, then asleep (S) until it ran again.
    const ThreadStates &app = trace.statesOf(0);
    QCOMPARE(app.size(), size_t(3));
    QCOMPARE(app.state[0], ThreadState::Running);
    QCOMPARE(app.core[0], uint16_t(1));
    QCOMPARE(app.state[1], ThreadState::Sleeping);
    QCOMPARE(app.state[2], ThreadState::Running);
    QCOMPARE(app.core[2], uint16_t(0));
    QCOMPARE(imported.report.skipped.at("systemTraceEvents lines of sched_wakeup"), uint64_t(1));
    QCOMPARE(imported.report.skipped.at("systemTraceEvents lines that are not ftrace text"),
             uint64_t(1));

    SchedSwitch change;
    std::string_view event;
    QVERIFY(SchedSwitchParser::parseLine(
        "<...>-5 [003] 1.5: sched_switch: prev_comm=a prev_pid=5 prev_prio=1 prev_state=S ==> "
        "next_comm=b next_pid=6 next_prio=1",
        change, event));
    QCOMPARE(change.cpu, 3u);
    QCOMPARE(change.time, TimeNs(1'500'000'000));
    QCOMPARE(change.prevTid, int64_t(5));
    QCOMPARE(change.nextTid, int64_t(6));
}

void TestChromeTrace::refusesSchedTimesNoTraceHas_data()
{
    QTest::addColumn<QString>("seconds");
    QTest::addColumn<bool>("read");
    QTest::newRow("an ordinary time") << QStringLiteral("100.000001") << true;
    QTest::newRow("the last second 64 bits of nanoseconds hold")
        << QStringLiteral("9223372035.999999999") << true;
    QTest::newRow("a second that overflows 64 bits of nanoseconds")
        << QStringLiteral("9223372036.999999999") << false;
    QTest::newRow("a sign (ftrace counts from boot)") << QStringLiteral("-5.5") << false;
    QTest::newRow("a plus sign") << QStringLiteral("+5.5") << false;
}

void TestChromeTrace::refusesSchedTimesNoTraceHas()
{
    QFETCH(QString, seconds);
    QFETCH(bool, read);
    const std::string line = "a-5 [003] " + seconds.toStdString()
                             + ": sched_switch: prev_comm=a prev_pid=5 prev_prio=1 prev_state=S "
                               "==> next_comm=b next_pid=6 next_prio=1";
    SchedSwitch change;
    std::string_view event;
    QCOMPARE(SchedSwitchParser::parseLine(line, change, event), read);
}

void TestChromeTrace::skipsTimesAnExportCouldNotWrite_data()
{
    // An export writes times from the run's start, at most about 104 days (as the importer
    // reads them): what lies beyond, or further from the rest, is skipped, so that whatever
    // imports exports and imports again to the same runs (a fuzzer found the sched_switch case).
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("skipped");
    QTest::addColumn<QString>("warning");
    const QString line = QStringLiteral(
        R"(app-42 (40) [001] d..2 %1: sched_switch: prev_comm=app prev_pid=42 prev_prio=120 )"
        R"(prev_state=S ==> next_comm=b next_pid=43 next_prio=120\n)");
    QTest::newRow("a sched_switch line beyond 104 days")
        << QStringLiteral(R"({"systemTraceEvents":"%1%2","traceEvents":[]})")
               .arg(line.arg(QStringLiteral("100.000001")), line.arg(QStringLiteral("10000000.1")))
        << QStringLiteral("sched_switch lines beyond 104 days or that far from the other events")
        << QString();
    QTest::newRow("a sched_switch line 104 days after the events")
        << QStringLiteral(R"({"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,)"
                          R"("ts":-1000000000000,"dur":1}],"systemTraceEvents":"%1"})")
               .arg(line.arg(QStringLiteral("8500000.5")))
        << QStringLiteral("sched_switch lines beyond 104 days or that far from the other events")
        << QString();
    QTest::newRow("events further apart than 104 days")
        << QStringLiteral(R"([{"ph":"X","name":"a","pid":1,"tid":1,"ts":-8000000000000,"dur":1},)"
                          R"({"ph":"X","name":"b","pid":1,"tid":1,"ts":8000000000000,"dur":1}])")
        << QString() << QStringLiteral("more than 104 days from the file's other events; skipped");
}

void TestChromeTrace::skipsTimesAnExportCouldNotWrite()
{
    QFETCH(QString, json);
    QFETCH(QString, skipped);
    QFETCH(QString, warning);
    const ChromeTraceImport imported = importJson(json.toStdString());
    QCOMPARE(imported.runs.size(), size_t(1));
    if (!skipped.isEmpty())
        QCOMPARE(imported.report.skipped.at(skipped.toStdString()), uint64_t(1));
    if (!warning.isEmpty()) {
        QCOMPARE(imported.report.warningCount, uint64_t(1));
        QVERIFY2(joinedWarnings(imported.report).endsWith(warning),
                 qPrintable(joinedWarnings(imported.report)));
    }
    for (auto flavour : {ChromeJsonFlavour::Perfetto, ChromeJsonFlavour::Portable}) {
        const ChromeTraceImport again =
            importJson(ChromeTraceExporter(flavour).toString(imported.runs));
        QCOMPARE(again.report.warningCount, uint64_t(0));
        QCOMPARE(again.runs.size(), size_t(1));
        const auto difference = TraceDiff::firstDifference(imported.runs[0], again.runs[0]);
        QVERIFY2(!difference, difference ? difference->c_str() : "");
    }
}

void TestChromeTrace::boundsCoresByTheFileSize()
{
    // A core costs its trace columns even with nothing on it and costs the file a few bytes
    // of metadata: together the runs get a few thousand, and one more per byte of metadata.
    const ChromeTraceImport imported = importJson(
        R"({"metadata":{"corescope":{"format":1,"runs":[{"cores":65536},{"cores":65536},)"
        R"({"cores":16}]}},"traceEvents":[]})");
    QCOMPARE(imported.runs.size(), size_t(3));
    const size_t first = imported.runs[0].coreCount();
    QVERIFY2(first >= 4096 && first < 4096 + 200, qPrintable(QString::number(first)));
    QCOMPARE(imported.runs[1].coreCount(), size_t(0));
    QCOMPARE(imported.runs[2].coreCount(), size_t(0));
    QCOMPARE(imported.report.warningCount, uint64_t(3));
    QVERIFY2(joinedWarnings(imported.report)
                 .startsWith(QStringLiteral(
                     "a run declares 65536 cores, more than its file could describe; read as ")),
             qPrintable(joinedWarnings(imported.report)));
    // A real machine's runs fit easily.
    TraceBuilder wide(256);
    const std::vector<Trace> runs(8, wide.build());
    const ChromeTraceImport again =
        importJson(ChromeTraceExporter(ChromeJsonFlavour::Perfetto).toString(runs));
    QCOMPARE(again.report.warningCount, uint64_t(0));
    for (const Trace &run : again.runs)
        QCOMPARE(run.coreCount(), size_t(256));
}

void TestChromeTrace::readsArrayFormLeniently()
{
    // Chrome may stop writing before the closing bracket, after a comma.
    for (const char *ending : {"", ",", ",\n  ", "]"}) {
        const std::string json =
            std::string(R"([{"ph":"X","pid":1,"tid":1,"ts":0,"dur":1,"name":"a"},)"
                        R"({"ph":"X","pid":1,"tid":1,"ts":2,"dur":1,"name":"b"})")
            + ending;
        const ChromeTraceImport imported = importJson(json);
        QCOMPARE(imported.runs.size(), size_t(1));
        QCOMPARE(imported.runs[0].spansOf(0).size(), size_t(2));
    }
    // And a byte-order mark before it is no reason to refuse.
    const ChromeTraceImport bom =
        importJson("\xEF\xBB\xBF[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":1}]");
    QCOMPARE(bom.runs.size(), size_t(1));
}

void TestChromeTrace::countsWhatItSkips()
{
    const std::string json = R"({"traceEvents":[
        {"ph":"C","name":"memory","pid":1,"tid":1,"ts":1,"args":{"heap":5}},
        {"ph":"C","name":"memory","pid":1,"tid":1,"ts":2,"args":{"heap":"lots"}},
        {"ph":"b","name":"load","cat":"net","id":1,"pid":1,"tid":1,"ts":1},
        {"ph":"n","name":"load","cat":"net","id":1,"pid":1,"tid":1,"ts":2},
        {"ph":"e","name":"load","cat":"net","id":1,"pid":1,"tid":1,"ts":3},
        {"ph":"s","name":"flow","id":3,"pid":1,"tid":1,"ts":1},
        {"ph":"t","name":"flow","id":3,"pid":1,"tid":1,"ts":2},
        {"ph":"f","name":"flow","id":3,"pid":1,"tid":1,"ts":3,"bp":"e"},
        {"ph":"i","name":"click","s":"g","pid":1,"tid":1,"ts":4},
        {"ph":"I","name":"click","pid":1,"tid":1,"ts":4},
        {"ph":"T","name":"Running","pid":1,"tid":1,"ts":5,"dur":1},
        {"ph":"T","name":"Running","pid":1,"tid":1,"ts":6,"dur":2,"args":{"cpu":3}},
        {"ph":"P","name":"sample","pid":1,"tid":1,"ts":5},
        {"ph":"B","name":"open forever","pid":1,"tid":1,"ts":5},
        {"ph":"M","name":"trace_config","pid":1,"tid":1,"args":{}},
        {"name":"no phase","pid":1,"tid":1,"ts":5},
        42, "text", [1,2], null
    ],"stackFrames":{"1":{"name":"f"}},"samples":[]})";
    const ChromeTraceImport imported = importJson(json);
    QVERIFY2(imported.report.warningCount == 0, qPrintable(joinedWarnings(imported.report)));
    const auto &skipped = imported.report.skipped;
    QCOMPARE(skipped.at("counter values that are not numbers"), uint64_t(1));
    QCOMPARE(skipped.at("async instant events (phase n)"), uint64_t(1));
    QCOMPARE(skipped.at("flow events (phases s, t, f)"), uint64_t(3));
    QCOMPARE(skipped.at("instant events (phases i, I)"), uint64_t(2));
    QCOMPARE(skipped.at("'T' events without args.cpu"), uint64_t(1));
    QCOMPARE(skipped.at("events of phase 'P'"), uint64_t(1));
    QCOMPARE(skipped.at("events without a phase"), uint64_t(1));
    QCOMPARE(skipped.at("entries of traceEvents that are not objects"), uint64_t(4));
    QCOMPARE(skipped.at("'B' events never closed (they end with the trace)"), uint64_t(1));
    QCOMPARE(skipped.at("metadata events other than names ('M' trace_config)"), uint64_t(1));
    QCOMPARE(skipped.at("top-level keys (\"stackFrames\")"), uint64_t(1));
    QCOMPARE(skipped.at("top-level keys (\"samples\")"), uint64_t(1));
    // The T event with args.cpu is core data: one slice on core 3.
    QVERIFY(!imported.report.coreDataAbsent);
    QCOMPARE(imported.runs[0].coreCount(), size_t(4));
    QCOMPARE(imported.runs[0].slicesOnCore(3).size(), size_t(1));
}

void TestChromeTrace::stepsOverDeepNesting()
{
    // Values that the importer never looks into are stepped over without recursion, however
    // deep; what it does read (args, metadata, the outer object) is limited to 1024 levels.
    const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    const std::string json =
        R"([{"ph":"X","pid":1,"tid":1,"ts":0,"dur":1,"args":{"x":)" + deep + "}},[[1]]]";
    const ChromeTraceImport imported = importJson(json, 4096);
    QCOMPARE(imported.runs.size(), size_t(1));
    QCOMPARE(imported.runs[0].spansOf(0).size(), size_t(1));
    QCOMPARE(imported.report.skipped.at("entries of traceEvents that are not objects"),
             uint64_t(1));
    // An entry that is itself nested that deep is refused, like the outer object's values.
    QCOMPARE(importError("[" + deep + "]"),
             QStringLiteral("bad.json: traceEvents: JSON nested more than 1024 levels deep in "
                            "event #0 at byte 1"));
}

void TestChromeTrace::warnsAboutBadEvents_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("warning");
    QTest::newRow("E without B")
        << R"([{"ph":"X","pid":1,"tid":2,"ts":0,"dur":1},{"ph":"E","pid":1,"tid":2,"ts":5}])"
        << "event #1 at byte 43: 'E' without a matching 'B' on thread 1/2; skipped";
    QTest::newRow("negative duration") << R"([{"ph":"X","pid":1,"tid":2,"ts":10,"dur":-3}])"
                                       << "event #0 at byte 1: negative duration (-3 µs); skipped";
    QTest::newRow("E before B")
        << R"([{"ph":"B","pid":1,"tid":2,"ts":10},{"ph":"E","pid":1,"tid":2,"ts":5}])"
        << "event #1 at byte 36: 'E' before its 'B' (negative duration) on thread 1/2; skipped";
    QTest::newRow("ts not a number") << R"([{"ph":"X","pid":1,"tid":2,"ts":"soon","dur":1}])"
                                     << "event #0 at byte 1: 'ts' has the wrong type; skipped";
    QTest::newRow("no ts") << R"([{"ph":"X","pid":1,"tid":2,"dur":1}])"
                           << "event #0 at byte 1: an 'X' event without 'ts'; skipped";
    QTest::newRow("absurd time") << R"([{"ph":"X","pid":1,"tid":2,"ts":1e300,"dur":1}])"
                                 << "event #0 at byte 1: a time out of range; skipped";
    QTest::newRow("negative fraction")
        << R"([{"ph":"X","pid":1,"tid":2,"ts":10,"dur":-0.25}])"
        << "event #0 at byte 1: negative duration (-0.25 µs); skipped";
}

void TestChromeTrace::warnsAboutBadEvents()
{
    QFETCH(QString, json);
    QFETCH(QString, warning);
    const ChromeTraceImport imported = importJson(json.toStdString());
    QCOMPARE(imported.runs.size(), size_t(1));
    QCOMPARE(imported.report.warningCount, uint64_t(1));
    QCOMPARE(QString::fromStdString(imported.report.warnings.front()), warning);
}

void TestChromeTrace::refusesBadJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("a number") << QByteArray("42")
                              << "bad.json: not a Chrome trace: the JSON is neither an object nor "
                                 "an array (it starts with '4') at byte 0";
    QTest::newRow("a string") << QByteArray("  \"trace\"")
                              << "neither an object nor an array (it starts with '\"') at byte 2";
    QTest::newRow("whitespace") << QByteArray(" \n\t ")
                                << "bad.json: the file holds only whitespace, not JSON";
    QTest::newRow("empty object") << QByteArray("{}")
                                  << "bad.json: not a Chrome trace: the JSON object has neither "
                                     "traceEvents nor systemTraceEvents";
    QTest::newRow("traceEvents not an array") << QByteArray(R"({"traceEvents":{}})")
                                              << "bad.json: traceEvents is not an array at byte 15";
    QTest::newRow("garbage after") << QByteArray(R"({"traceEvents":[]} x)")
                                   << "bad.json: unexpected content after the JSON at byte 19";
    QTest::newRow("missing colon")
        << QByteArray(R"({"traceEvents" [])") << "expected ':' after \"traceEvents\" at byte 15";
    QTest::newRow("unclosed string") << QByteArray(R"({"traceEvents":[{"ph":"X,"pid":1}]})")
                                     << "bad.json: traceEvents: a string that is never closed";
    QTest::newRow("bad literal in event")
        << QByteArray(R"({"traceEvents":[{"ph":"X"},{"ph":"X","ts":tru}]})")
        << "bad.json: traceEvents: malformed or cut-short JSON in event #1 at byte 27";
    QTest::newRow("bad number in event")
        << QByteArray(R"({"traceEvents":[{"ph":"X","pid":1.2.3}]})")
        << "bad.json: traceEvents: malformed or cut-short JSON in event #0 at byte 16";
    QTest::newRow("bad escape in event")
        << QByteArray(R"({"traceEvents":[{"ph":"X","name":"a\q"}]})")
        << "bad.json: traceEvents: invalid JSON (Problem while parsing a string) in event #0 at "
           "byte 16";
    QTest::newRow("missing comma") << QByteArray(R"([{"ph":"X"} {"ph":"X"}])")
                                   << "bad.json: traceEvents: malformed or cut-short JSON";
    QTest::newRow("invalid UTF-8 in an event")
        << QByteArray("{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"caf\xC3\x28\"}]}")
        << "bad.json: traceEvents: invalid UTF-8 at byte 37";
    QTest::newRow("invalid UTF-8 in system events")
        << QByteArray("{\"systemTraceEvents\":\"a\xFF\\n\"}")
        << "bad.json: invalid UTF-8 at byte 23";
    QTest::newRow("control character")
        << QByteArray("{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"a\x01\"}]}")
        << "control character";
    QTest::newRow("deeply nested top-level value")
        << QByteArray("{\"other\":" + QByteArray(5000, '[') + QByteArray(5000, ']')
                      + ",\"traceEvents\":[]}")
        << "bad.json: JSON nested more than 1024 levels deep at byte 1033";
    QTest::newRow("deeply nested metadata")
        << QByteArray("{\"traceEvents\":[],\"metadata\":{\"a\":" + QByteArray(2000, '[')
                      + QByteArray(2000, ']') + "}}")
        << "bad.json: JSON nested more than 1024 levels deep at byte 1057";
    QTest::newRow("systemTraceEvents not a string")
        << QByteArray(R"({"systemTraceEvents":[]})")
        << "bad.json: systemTraceEvents is not a string at byte 21";
    QTest::newRow("truncated object")
        << QByteArray(R"({"traceEvents":[{"ph":"X","pid":1,"tid":1,"ts":1,"dur":1}])")
        << "truncated: the file ends inside the top-level object at byte 58";
}

void TestChromeTrace::refusesBadJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const QString error = importError(json.toStdString());
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(error.startsWith(QStringLiteral("bad.json: ")), qPrintable(error));
}

void TestChromeTrace::refusesEveryTruncation()
{
    const std::string json = ChromeTraceExporter(ChromeJsonFlavour::Perfetto)
                                 .toString(std::vector<Trace>{handMadeTrace()});
    // The last byte is a newline after the closing brace: without it the JSON is complete.
    for (size_t cut = 1; cut + 1 < json.size(); ++cut) {
        const QString error = importError(json.substr(0, cut), 256);
        QVERIFY2(error != QStringLiteral("<loaded>"),
                 qPrintable(QStringLiteral("cut at %1 loaded").arg(cut)));
        QVERIFY2(error.startsWith(QStringLiteral("bad.json: "))
                     && error.contains(QStringLiteral("byte")),
                 qPrintable(error));
    }
}

void TestChromeTrace::perfettoFlavourShape()
{
    const std::string json = ChromeTraceExporter(ChromeJsonFlavour::Perfetto)
                                 .toString(std::vector<Trace>{handMadeTrace()});
    // Keys in the order Perfetto's tokenizer reads best; metadata first for our importer.
    QVERIFY(json.rfind("{\"metadata\":{\"corescope\":{\"format\":2", 0) == 0);
    QVERIFY(json.find("\"systemTraceEvents\":\"") > json.find("\"traceEvents\":["));
    // ftrace text lines that Perfetto's systrace tokenizer accepts, ending in \n.
    QVERIFY(json.find("worker_1-101 (100) [000] .... 0.000000505: sched_switch: prev_comm=worker_1 "
                      "prev_pid=101 prev_prio=120 prev_state=S ==> next_comm=child_2 next_pid=200 "
                      "next_prio=120\\n")
            != std::string::npos);
    QVERIFY(json.find("<idle>-0 (-----) [000] .... 0.000000015: sched_switch: prev_comm=swapper/0 "
                      "prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=worker_1 next_pid=101")
            != std::string::npos);
    // No T phase, which Perfetto's JSON importer does not know.
    QVERIFY(json.find("\"ph\":\"T\"") == std::string::npos);
    QVERIFY(json.find("\"ph\":\"s\",\"cat\":\"handoff\",\"name\":\"gil-handoff\"")
            != std::string::npos);
    QVERIFY(json.find("\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"handoff\"") != std::string::npos);
    // A GIL hold that outlasts its task is cut in two; the second piece says so.
    QVERIFY(json.find("\"args\":{\"continued\":true}") != std::string::npos);
}

void TestChromeTrace::portableFlavourShape()
{
    const std::string json = ChromeTraceExporter(ChromeJsonFlavour::Portable)
                                 .toString(std::vector<Trace>{handMadeTrace()});
    QVERIFY(json.find("systemTraceEvents") == std::string::npos);
    QVERIFY(json.find("\"args\":{\"name\":\"CPUs\"}") != std::string::npos);
    QVERIFY(json.find("\"args\":{\"name\":\"CPU 2\",\"corescope\":{\"run\":0,\"core\":2}}")
            != std::string::npos);
    QVERIFY(json.find("\"cat\":\"cpu\",\"name\":\"worker 1\"") != std::string::npos);
    // The CPU lanes never overlap: each core's X slices are its sorted, disjoint slices.
    const ChromeTraceImport imported = importJson(json);
    for (size_t c = 0; c < imported.runs[0].coreCount(); ++c) {
        const CoreSlices &s = imported.runs[0].slicesOnCore(c);
        for (size_t i = 1; i < s.size(); ++i)
            QVERIFY(s.begin[i] >= s.end[i - 1]);
    }
}

void TestChromeTrace::showsOneThreadPerCoreAtATime()
{
    // Captures that estimate cores (cpuclock) can put two threads on a core at once; the trace
    // gives the core to the later one, and other tools get exactly those slices.
    TraceBuilder builder(1);
    builder.addThread({1, 1, "a", ThreadRole::Worker, 0, 100, -1});
    builder.addThread({1, 2, "b", ThreadRole::Worker, 0, 100, -1});
    builder.addSlice(0, 0, 50, 0);
    builder.addSlice(0, 30, 80, 1); // starts before "a" leaves
    builder.addSlice(0, 40, 60, 0); // wholly inside the two
    const std::vector<Trace> runs{builder.build()};
    const std::vector<std::array<TimeNs, 3>> expected{
        {0, 30, 0}, {30, 40, 1}, {40, 60, 0}, {60, 80, 1}};
    for (auto flavour : {ChromeJsonFlavour::Perfetto, ChromeJsonFlavour::Portable}) {
        const ChromeTraceImport imported = importJson(ChromeTraceExporter(flavour).toString(runs));
        const CoreSlices &slices = imported.runs[0].slicesOnCore(0);
        QCOMPARE(slices.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(slices.begin[i], expected[i][0]);
            QCOMPARE(slices.end[i], expected[i][1]);
            QCOMPARE(slices.thread[i], uint32_t(expected[i][2]));
        }
    }
    // Another tool's overlapping CPU lanes are resolved the same way on import, and the trace
    // says so (an imported trace claims no precision, so any overlap is news).
    const ChromeTraceImport overlapping = importJson(R"([
        {"ph":"T","name":"Running","pid":1,"tid":1,"ts":0,"dur":5,"args":{"cpu":0}},
        {"ph":"T","name":"Running","pid":1,"tid":2,"ts":3,"dur":5,"args":{"cpu":0}}])");
    const CoreSlices &cpu0 = overlapping.runs[0].slicesOnCore(0);
    QCOMPARE(cpu0.size(), size_t(2));
    QCOMPARE(cpu0.end[0], TimeNs(3'000));
    QCOMPARE(cpu0.begin[1], TimeNs(3'000));
    const auto &problems = overlapping.runs[0].metadata().problems;
    QCOMPARE(problems.size(), size_t(1));
    QVERIFY(problems.front().find("1 on-CPU slices began while another thread held the core") == 0);
}

QTEST_APPLESS_MAIN(TestChromeTrace)

#include "tst_chrometrace.moc"
