// SPDX-License-Identifier: MIT
// The GIL library in Debian's real CPython: who holds the GIL, who waits, and that the holds
// agree with the kernel's view of who ran.
#include "record/gillog.h"
#include "record/programrecorder.h"

#include "recordfixtures.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace corescope;
namespace Format = GilLogFormat;

namespace {

constexpr const char *kPython = RecordFixtures::kPython;

/// Two threads that compute for `seconds` of CPU time each.
std::string twoThreads(double seconds)
{
    return "import threading, time\n"
           "def spin():\n"
           "    end = time.thread_time() + "
           + std::to_string(seconds)
           + "\n"
             "    while time.thread_time() < end:\n"
             "        pass\n"
             "threads = [threading.Thread(target=spin) for _ in range(2)]\n"
             "for t in threads: t.start()\n"
             "for t in threads: t.join()\n";
}
const std::string kTwoThreads = twoThreads(0.1);
const std::string kTwoLongerThreads = twoThreads(0.3); // long enough for a few live views

/// Each GIL hold of a trace: thread, begin, end.
std::set<std::tuple<uint32_t, TimeNs, TimeNs>> gilHolds(const Trace &trace)
{
    std::set<std::tuple<uint32_t, TimeNs, TimeNs>> holds;
    for (uint32_t t = 0; t < trace.threads().size(); ++t) {
        const ThreadSpans &spans = trace.spansOf(t);
        for (size_t i = 0; i < spans.size(); ++i) {
            if (spans.kind[i] == SpanKind::GilHold)
                holds.insert({t, spans.begin[i], spans.end[i]});
        }
    }
    return holds;
}

TimeNs gilWaitTime(const Trace &trace)
{
    TimeNs total = 0;
    for (uint32_t t = 0; t < trace.threads().size(); ++t) {
        const ThreadStates &states = trace.statesOf(t);
        for (size_t i = 0; i < states.size(); ++i) {
            if (states.state[i] == ThreadState::GilWait)
                total += states.end[i] - states.begin[i];
        }
    }
    return total;
}

constexpr const char *kForks = R"(
import os
child = os.fork()
if child == 0:
    sum(range(100000))
    os._exit(0)
os.waitpid(child, 0)
)";

/// The script recorded with the GIL library loaded, as `corescope record` records it.
std::optional<FinishedRecording> record(const char *script, QString &why,
                                        const char *search = nullptr)
{
    RecordOptions options;
    options.program.argv = {kPython, "-c", script};
    if (search)
        options.program.environment.emplace_back(Format::kSearchVariable, search);
    options.gilLibrary = CORESCOPE_GIL_LIBRARY;
    Result<FinishedRecording> recording = RecordFixtures::recordToEnd(std::move(options));
    if (!recording) {
        why = QString::fromStdString(recording.error());
        return std::nullopt;
    }
    for (const std::string &problem : recording.value().recording.problems) {
        if (problem.starts_with("the GIL logs could not be read")) {
            why = QString::fromStdString(problem);
            return std::nullopt;
        }
    }
    return std::move(recording).value();
}

/// Each thread's on-CPU intervals.
std::map<int32_t, std::vector<std::pair<int64_t, int64_t>>> slicesOf(const Trace &trace)
{
    std::map<int32_t, std::vector<std::pair<int64_t, int64_t>>> slices;
    for (const ThreadSlice &slice : RecordFixtures::threadSlices(trace))
        slices[slice.tid].push_back({slice.begin, slice.end});
    return slices;
}

int64_t overlap(const std::vector<std::pair<int64_t, int64_t>> &a,
                const std::vector<GilInterval> &b)
{
    int64_t total = 0;
    for (const auto &[begin, end] : a) {
        for (const GilInterval &hold : b)
            total += std::max<int64_t>(0, std::min(end, hold.end) - std::max(begin, hold.begin));
    }
    return total;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestPythonGil : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QString::fromLatin1(kPython)))
            QSKIP("Debian's python3 is not installed");
        if (!RecordFixtures::perfAllowed())
            QSKIP("kernel.perf_event_paranoid is above 2: the kernel refuses switch records");
    }

    void gilLanesGrowLive()
    {
        // The window's live view of a recording, as RecordController takes it: the GIL's holds
        // and waits are there while the program runs, and each hold it shows ended is one the
        // finished trace has, edge for edge (one decoding for both).
        RecordOptions options;
        options.program.argv = {kPython, "-c", kTwoLongerThreads};
        options.gilLibrary = CORESCOPE_GIL_LIBRARY;
        Result<std::unique_ptr<ProgramRecorder>> prepared = ProgramRecorder::prepare(options);
        if (!prepared)
            QFAIL(qPrintable(QString::fromStdString(prepared.error())));
        ProgramRecorder &recorder = *prepared.value();
        QVERIFY(recorder.begin());
        std::vector<std::shared_ptr<const Trace>> live;
        QElapsedTimer sinceLast;
        sinceLast.start();
        while (!recorder.poll()) {
            QTest::qWait(5);
            if (sinceLast.elapsed() >= 80) {
                live.push_back(recorder.liveTrace());
                sinceLast.restart();
            }
        }
        const FinishedRecording finished = recorder.finish(std::chrono::milliseconds(500));
        QVERIFY(live.size() >= 3);
        const auto holdsAtEnd = gilHolds(finished.trace);
        QVERIFY(gilWaitTime(finished.trace) > 0);
        int withGil = 0;
        for (const auto &snapshot : live) {
            const auto holds = gilHolds(*snapshot);
            if (holds.size() < 2 || gilWaitTime(*snapshot) <= 0)
                continue;
            ++withGil;
            // All but the last of each thread may be under way, cut at the snapshot's end.
            std::map<uint32_t, int> ended;
            for (const auto &[thread, begin, end] : holds)
                ++ended[thread];
            for (const auto &hold : holds) {
                const uint32_t thread = std::get<0>(hold);
                if (--ended[thread] > 0)
                    QVERIFY2(holdsAtEnd.contains(hold),
                             qPrintable(QStringLiteral("hold of thread %1 at %2 ns")
                                            .arg(thread)
                                            .arg(std::get<1>(hold))));
            }
        }
        QVERIFY2(withGil >= 2, qPrintable(QStringLiteral("%1 of %2 live views showed the GIL")
                                              .arg(withGil)
                                              .arg(live.size())));
    }

    void holdsAgreeWithTheKernel_data()
    {
        QTest::addColumn<QString>("search");
        QTest::newRow("known layout") << QString();
        QTest::newRow("first wait") << QStringLiteral("first-wait");
    }
    void holdsAgreeWithTheKernel()
    {
        QFETCH(QString, search);
        QString why;
        const QByteArray searchText = search.toLatin1();
        auto recording =
            record(kTwoThreads.c_str(), why, search.isEmpty() ? nullptr : searchText.data());
        QVERIFY2(recording, qPrintable(why));
        QVERIFY(recording->recording.exit);
        QCOMPARE(recording->recording.exit->code, 0);
        QCOMPARE(recording->recording.gil.size(), size_t(1));
        const GilProcessLog &log = recording->recording.gil.front();
        QCOMPARE(log.dropped, uint64_t(0));
        QCOMPARE(log.discovery,
                 search.isEmpty() ? Format::Discovery::KnownLayout : Format::Discovery::FirstWait);
        QCOMPARE(log.pythonVersion >> 16, 0x030bu);

        const GilIntervals gil = gilIntervals(log, recording->recording.endNs);
        // One holder at a time: each hold begins after the one before it ended.
        for (size_t i = 1; i < gil.holds.size(); ++i)
            QVERIFY2(gil.holds[i].begin >= gil.holds[i - 1].end,
                     qPrintable(QStringLiteral("hold %1 of %2 overlaps the one before by %3 ns")
                                    .arg(i)
                                    .arg(gil.holds.size())
                                    .arg(gil.holds[i - 1].end - gil.holds[i].begin)));

        // The two computing threads: they wait for the GIL, and hold it whenever they run.
        std::map<int32_t, std::vector<GilInterval>> holdsOf;
        std::map<int32_t, size_t> waitsOf;
        for (const GilInterval &hold : gil.holds)
            holdsOf[hold.tid].push_back(hold);
        for (const GilInterval &wait : gil.waits)
            ++waitsOf[wait.tid];
        const auto slices = slicesOf(recording->trace);
        size_t computing = 0;
        for (const auto &[tid, onCpu] : slices) {
            int64_t total = 0;
            for (const auto &[begin, end] : onCpu)
                total += end - begin;
            if (total < 50'000'000 || tid == log.pid)
                continue; // the main thread mostly waits in join()
            ++computing;
            QVERIFY2(waitsOf[tid] > 0,
                     qPrintable(QStringLiteral("thread %1 never waited").arg(tid)));
            const double covered = double(overlap(onCpu, holdsOf[tid])) / double(total);
            qInfo("thread %d: on-CPU %.1f ms, %.1f %% of it holding the GIL", tid, total / 1e6,
                  covered * 100);
            QVERIFY2(covered >= 0.95, qPrintable(QString::number(covered)));
        }
        QCOMPARE(computing, size_t(2));
    }

    void aForkedChildWritesItsOwnLog()
    {
        QString why;
        auto recording = record(kForks, why);
        QVERIFY2(recording, qPrintable(why));
        QCOMPARE(recording->recording.gil.size(), size_t(2));
        QVERIFY(recording->recording.gil[0].pid != recording->recording.gil[1].pid);
        // The child's only thread held the GIL when it forked, and lets it go before it exits.
        const GilProcessLog &child = recording->recording.gil[1];
        QVERIFY(std::any_of(child.events.begin(), child.events.end(),
                            [](const auto &e) { return e.kind == Format::EventKind::Found; }));
    }

    void aProgramThatIsNotPythonIsSaidToBe()
    {
        RecordOptions options;
        options.program.argv = {"/bin/true"};
        options.gilLibrary = CORESCOPE_GIL_LIBRARY;
        const Result<FinishedRecording> recording = RecordFixtures::recordToEnd(options);
        QVERIFY2(recording.ok(), recording.ok() ? "" : recording.error().c_str());
        QVERIFY(recording.value().recording.exit);
        QCOMPARE(recording.value().recording.exit->code, 0);
        const std::vector<GilProcessLog> &logs = recording.value().recording.gil;
        QCOMPARE(logs.size(), size_t(1));
        QCOMPARE(logs.front().discovery, Format::Discovery::NotPython);
        QVERIFY(logs.front().events.empty());
    }

    void damagedLogsAreNamed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "too short for a GIL log (0 bytes)";
        QTest::newRow("not a log") << QByteArray(256, 'x') << "not a CoreScope GIL log";
        Format::Header header{};
        std::memcpy(header.magic, Format::kMagic, sizeof header.magic);
        header.headerBytes = sizeof header;
        header.capacity = 1000;
        QTest::newRow("capacity beyond the file")
            << QByteArray(reinterpret_cast<const char *>(&header), sizeof header)
            << "claims 1000 event slots but holds only 0";
    }
    void damagedLogsAreNamed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("gil-1-1.log"));
        writeFile(path, bytes);
        const Result<GilProcessLog> log = readGilLog(path.toStdString());
        QVERIFY(!log.ok());
        QVERIFY2(QString::fromStdString(log.error()).startsWith(path + ": " + message),
                 log.error().c_str());
        const auto all = readGilLogs(folder.path().toStdString());
        QVERIFY(!all.ok());
    }
};

QTEST_GUILESS_MAIN(TestPythonGil)
#include "tst_pythongil.moc"
