// SPDX-License-Identifier: MIT
// A live view of a recording: a real program's records handed over in time steps, as the
// recorder gathers them, make at every step a trace whose columns are in order and which only
// grows, and at the end the very trace the finished recording builds.
#include "record/liverecordingtrace.h"
#include "record/programtrace.h"
#include "recordfixtures.h"
#include "trace/tracediff.h"

#include <QTest>

#include <algorithm>

using namespace corescope;

namespace {

/// Two threads that compute, one that sleeps, and a forked child: every kind of record.
constexpr const char *kScript = R"(
import os, threading, time
def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
threads = [threading.Thread(target=spin, args=(0.15,)) for _ in range(2)]
threads.append(threading.Thread(target=time.sleep, args=(0.1,)))
for t in threads: t.start()
pid = os.fork()
if pid == 0:
    spin(0.1)
    os._exit(0)
for t in threads: t.join()
os.waitpid(pid, 0)
)";

/// The records of `whole` from before `upTo`, appended to `grown` in their order: what the
/// recorder would have gathered by then.
void growTo(ProgramRecording &grown, const ProgramRecording &whole, int64_t from, int64_t upTo)
{
    const auto within = [&](int64_t time) { return time >= from && time < upTo; };
    KernelRecords &k = grown.kernel;
    k.switchesPerCpu.resize(whole.kernel.switchesPerCpu.size());
    for (size_t cpu = 0; cpu < k.switchesPerCpu.size(); ++cpu) {
        for (const KernelSwitch &s : whole.kernel.switchesPerCpu[cpu])
            if (within(s.time))
                k.switchesPerCpu[cpu].push_back(s);
    }
    for (const KernelTaskEvent &task : whole.kernel.tasks)
        if (within(task.time))
            k.tasks.push_back(task);
    for (const KernelComm &comm : whole.kernel.comms)
        if (within(comm.time))
            k.comms.push_back(comm);
    grown.endNs = upTo;
}

bool inOrder(const Trace &trace)
{
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        const CoreSlices &s = trace.slicesOnCore(c);
        for (size_t i = 1; i < s.size(); ++i)
            if (s.begin[i] < s.end[i - 1])
                return false;
    }
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        const ThreadStates &s = trace.statesOf(t);
        for (size_t i = 1; i < s.size(); ++i)
            if (s.begin[i] < s.end[i - 1])
                return false;
    }
    const auto &m = trace.markers();
    return std::is_sorted(m.begin(), m.end(),
                          [](const Marker &a, const Marker &b) { return a.time < b.time; });
}

TimeNs onCpu(const Trace &trace)
{
    TimeNs total = 0;
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        const CoreSlices &s = trace.slicesOnCore(c);
        for (size_t i = 0; i < s.size(); ++i)
            total += s.end[i] - s.begin[i];
    }
    return total;
}

} // namespace

class TestLiveRecordingTrace : public QObject
{
    Q_OBJECT

private slots:
    void growsIntoTheFinishedTrace_data()
    {
        QTest::addColumn<RecordCapture>("capture");
        if (RecordFixtures::perfAllowed())
            QTest::newRow("perf") << RecordCapture::Perf;
        QTest::newRow("sampling") << RecordCapture::Sampling;
    }
    void growsIntoTheFinishedTrace()
    {
        QFETCH(RecordCapture, capture);
        RecordOptions options;
        options.program.argv = {RecordFixtures::kPython, "-c", kScript};
        options.program.outputFile = "/dev/null";
        options.capture = capture;
        options.python = false; // the GIL and Python's names come only at the end
        Result<ProgramRecording> recorded = RecordFixtures::recordToEnd(std::move(options));
        QVERIFY2(recorded, recorded ? "" : recorded.error().c_str());
        const ProgramRecording &whole = recorded.value();
        QVERIFY(whole.kernel.switchCount() > 0);

        ProgramRecording grown = whole;
        grown.kernel = {};
        grown.exit.reset();
        grown.endNs = whole.startNs;
        LiveRecordingTrace live;
        std::shared_ptr<const Trace> previous = live.update(grown);
        constexpr int kSteps = 25;
        for (int step = 1; step <= kSteps; ++step) {
            const int64_t upTo = whole.startNs + (whole.endNs - whole.startNs) * step / kSteps;
            growTo(grown, whole, grown.endNs, upTo);
            std::shared_ptr<const Trace> now = live.update(grown);
            QVERIFY2(inOrder(*now), qPrintable(QStringLiteral("step %1").arg(step)));
            QVERIFY(now->threads().size() >= previous->threads().size());
            QVERIFY(onCpu(*now) >= onCpu(*previous));
            QVERIFY(now->extent() <= upTo - whole.startNs);
            previous = std::move(now);
        }
        QVERIFY(previous->threads().size() >= 5);

        // The records after the last step's end (none: it is the recording's) and its exit.
        growTo(grown, whole, grown.endNs, whole.endNs + 1);
        grown.endNs = whole.endNs;
        grown.exit = whole.exit;
        const std::shared_ptr<const Trace> last = live.update(grown);
        const Trace finished = buildProgramTrace(whole);
        const auto difference = TraceDiff::firstDifference(*last, finished);
        QVERIFY2(!difference, difference ? difference->c_str() : "");
    }
};

QTEST_GUILESS_MAIN(TestLiveRecordingTrace)
#include "tst_liverecordingtrace.moc"
