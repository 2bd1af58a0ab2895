// SPDX-License-Identifier: MIT
// The course's own Python scripts (resources/examples/python), run by Debian's real CPython and
// recorded from the kernel's switch records, show the shapes the lecture teaches: GIL-bound
// threads take turns on the cores, processes run at once, threads overlap slow system calls.
#include "record/programrecorder.h"
#include "trace/coreoccupancy.h"

#include "pinnedbusyloop.h"
#include "recordfixtures.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>

using namespace corescope;

namespace {

constexpr const char *kPython = RecordFixtures::kPython;

struct Recorded
{
    std::vector<ThreadSlice> slices;
    int32_t pid = 0;
    QString output;
    CoreOccupancy occupancy;
    int64_t recorderCpuNs = -1; ///< as the trace states it
};

/// The script recorded from the kernel's switch records, as `corescope record --capture perf
/// --no-python` records it.
std::optional<Recorded> record(const char *script, const char *mode, QString &why)
{
    QTemporaryDir dir;
    RecordOptions options;
    options.program.argv = {kPython,
                            QDir(QStringLiteral(CORESCOPE_EXAMPLES))
                                .filePath(QString::fromLatin1(script))
                                .toStdString(),
                            mode};
    options.program.outputFile = dir.filePath(QStringLiteral("output")).toStdString();
    options.capture = RecordCapture::Perf;
    options.python = false;
    Result<FinishedRecording> recording = RecordFixtures::recordToEnd(std::move(options));
    if (!recording) {
        why = QString::fromStdString(recording.error());
        return std::nullopt;
    }
    const ProgramRecording &r = recording.value().recording;
    if (!r.exit || r.exit->shellStatus() != 0) {
        why = QStringLiteral("%1 %2 %3")
                  .arg(QString::fromLatin1(script), QString::fromLatin1(mode),
                       r.exit ? QString::fromStdString(r.exit->describe())
                              : QStringLiteral("did not end"));
        return std::nullopt;
    }
    QFile output(dir.filePath(QStringLiteral("output")));
    if (!output.open(QIODevice::ReadOnly))
        return std::nullopt;
    const Trace &trace = recording.value().trace;
    return Recorded{RecordFixtures::threadSlices(trace), r.pid, QString::fromUtf8(output.readAll()),
                    CoreOccupancy::of(trace), trace.metadata().recorderCpuNs};
}

/// Of the on-CPU time of the slices `chosen` picks, the share spent while another of them was
/// on a core too.
template <typename Chosen>
double overlapShare(const std::vector<ThreadSlice> &slices, Chosen chosen)
{
    std::vector<std::pair<int64_t, int>> edges;
    for (const ThreadSlice &s : slices) {
        if (chosen(s)) {
            edges.push_back({s.begin, +1});
            edges.push_back({s.end, -1});
        }
    }
    std::sort(edges.begin(), edges.end());
    int64_t onCpu = 0;
    int64_t overlapped = 0;
    int running = 0;
    for (size_t i = 0; i + 1 < edges.size(); ++i) {
        running += edges[i].second;
        const int64_t length = edges[i + 1].first - edges[i].first;
        onCpu += running * length;
        if (running >= 2)
            overlapped += running * length;
    }
    return onCpu > 0 ? double(overlapped) / double(onCpu) : 0.0;
}

/// The seconds the script printed for itself ("threads: 0.123 s").
double reportedSeconds(const QString &output)
{
    const auto match = QRegularExpression(QStringLiteral(": ([0-9.]+) s")).match(output);
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

} // namespace

class TestCourseExamples : public QObject
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

    void gilBoundThreadsTakeTurns()
    {
        QString why;
        const auto run = record("counting.py", "threads", why);
        QVERIFY2(run, qPrintable(why));
        const int32_t pid = run->pid;
        const double share = overlapShare(
            run->slices, [&](const ThreadSlice &s) { return s.pid == pid && s.tid != pid; });
        qInfo("counting on two threads: %.1f %% of their on-CPU time overlapped", share * 100);
        QVERIFY2(share <= 0.10, qPrintable(QString::number(share)));
    }

    void processesRunAtOnce()
    {
        QString why;
        const auto run = record("counting.py", "processes", why);
        QVERIFY2(run, qPrintable(why));
        const int32_t pid = run->pid;
        const double share =
            overlapShare(run->slices, [&](const ThreadSlice &s) { return s.pid != pid; });
        qInfo("counting in three processes: %.1f %% of their on-CPU time overlapped", share * 100);
        QVERIFY2(share >= 0.60, qPrintable(QString::number(share)));
    }

    // Another program pinned to core 1 while the course's processes count: what the recording
    // leaves of that core is the other program's, never idle. Alone, other programs stay below
    // 2 % of each core (the quieter of two recordings) beside the recorder's own time, which the
    // trace states: to the recorded program, CoreScope is another program.
    void otherProgramsAreToldApart()
    {
        if (const QString unavailable = PinnedBusyLoop::unavailable(); !unavailable.isEmpty())
            QSKIP(qPrintable(unavailable));
        PinnedBusyLoop hog(1);
        QVERIFY(hog.running());
        QString why;
        const auto busy = record("counting.py", "processes", why);
        hog.stop();
        QVERIFY2(busy, qPrintable(why));
        const CoreOccupancy::Core &pinned = busy->occupancy.cores().at(1);
        const double wall = double(busy->occupancy.wall());
        qInfo("recorded, another program on core 1: %.1f %% the program's, %.1f %% the other's",
              100 * double(pinned.ours) / wall, 100 * double(pinned.others()) / wall);
        QVERIFY(double(pinned.others()) >= 0.9 * (wall - double(pinned.ours)));

        std::array<double, 2> quietest{1.0, 1.0};
        for (int round = 0; round < 2; ++round) {
            const auto alone = record("counting.py", "processes", why);
            QVERIFY2(alone, qPrintable(why));
            const int64_t recorder = alone->recorderCpuNs;
            QVERIFY(recorder > 0);
            const double wallAlone = double(alone->occupancy.wall());
            qInfo("the recorder used %.2f %% of a core", 100 * double(recorder) / wallAlone);
            for (size_t c = 0; c < 2; ++c) {
                // The recorder's time may fall on either core: all of it is allowed on each.
                const double others = double(alone->occupancy.cores().at(c).others());
                quietest[c] =
                    std::min(quietest[c], std::max(0.0, others - double(recorder)) / wallAlone);
            }
        }
        for (size_t c = 0; c < 2; ++c) {
            qInfo("recorded alone: core %zu %.2f %% other programs beside the recorder", c,
                  100 * quietest[c]);
            QVERIFY2(quietest[c] < 0.02, qPrintable(QString::number(quietest[c])));
        }
    }

    void threadsOverlapSlowSystemCalls()
    {
        QString why;
        const auto serial = record("slow_calls.py", "serial", why);
        QVERIFY2(serial, qPrintable(why));
        const auto threads = record("slow_calls.py", "threads", why);
        QVERIFY2(threads, qPrintable(why));
        const double ratio = reportedSeconds(serial->output) / reportedSeconds(threads->output);
        qInfo("five slow calls: serial %s, threads %s: %.2f× sooner",
              qPrintable(serial->output.trimmed()), qPrintable(threads->output.trimmed()), ratio);
        QVERIFY2(ratio >= 4.0, qPrintable(QString::number(ratio)));
    }
};

QTEST_GUILESS_MAIN(TestCourseExamples)
#include "tst_courseexamples.moc"
