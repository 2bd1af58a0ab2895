// SPDX-License-Identifier: MIT
// The course's own Python scripts (resources/examples/python), run by Debian's real CPython and
// recorded from the kernel's switch records, show the shapes the lecture teaches: GIL-bound
// threads take turns on the cores, processes run at once, threads overlap slow system calls.
#include "record/programrecorder.h"

#include "recordfixtures.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace corescope;

namespace {

constexpr const char *kPython = RecordFixtures::kPython;

struct Recorded
{
    std::vector<ThreadSlice> slices;
    int32_t pid = 0;
    QString output;
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
    return Recorded{RecordFixtures::threadSlices(recording.value().trace), r.pid, QString::fromUtf8(output.readAll())};
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
