// SPDX-License-Identifier: MIT
// A recording decoded as it comes: a real program's records handed to the decoder in time
// steps, as the recorder gathers them, make at every step a trace whose columns are in order
// and which only grows, and at the end the very trace all the records decoded at once make.
#include "record/programtracedecoder.h"
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

/// The records of `whole` from `from` to before `upTo`, in their order: what the recorder would
/// have gathered in that time.
KernelRecords between(const KernelRecords &whole, int64_t from, int64_t upTo)
{
    const auto within = [&](int64_t time) { return time >= from && time < upTo; };
    KernelRecords k;
    k.switchesPerCpu.resize(whole.switchesPerCpu.size());
    for (size_t cpu = 0; cpu < k.switchesPerCpu.size(); ++cpu) {
        for (const KernelSwitch &s : whole.switchesPerCpu[cpu])
            if (within(s.time))
                k.switchesPerCpu[cpu].push_back(s);
    }
    for (const KernelTaskEvent &task : whole.tasks)
        if (within(task.time))
            k.tasks.push_back(task);
    for (const KernelComm &comm : whole.comms)
        if (within(comm.time))
            k.comms.push_back(comm);
    return k;
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

class TestProgramTraceDecoder : public QObject
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
        ProgramSpec spec;
        spec.argv = {RecordFixtures::kPython, "-c", kScript};
        spec.outputFile = "/dev/null";
        Result<CapturedProgram> captured = RecordFixtures::captureToEnd(spec, capture);
        QVERIFY2(captured, captured ? "" : captured.error().c_str());
        const CapturedProgram &whole = captured.value();
        QVERIFY(whole.records.switchCount() > 0);

        ProgramRecording recording = RecordFixtures::recordingOf(whole);
        recording.endNs = whole.startNs;
        recording.exit.reset();
        ProgramTraceDecoder decoder(whole.startNs);
        Trace previous = decoder.snapshot(recording);
        constexpr int kSteps = 25;
        for (int step = 1; step <= kSteps; ++step) {
            const int64_t upTo = whole.startNs + (whole.endNs - whole.startNs) * step / kSteps;
            KernelRecords arrived = between(whole.records, recording.endNs, upTo);
            recording.endNs = upTo;
            decoder.take(arrived, upTo);
            QVERIFY(arrived.switchCount() == 0 && arrived.tasks.empty() && arrived.comms.empty());
            Trace now = decoder.snapshot(recording);
            QVERIFY2(inOrder(now), qPrintable(QStringLiteral("step %1").arg(step)));
            QVERIFY(now.threads().size() >= previous.threads().size());
            QVERIFY(onCpu(now) >= onCpu(previous));
            QVERIFY(now.extent() <= upTo - whole.startNs);
            previous = std::move(now);
        }
        QVERIFY(previous.threads().size() >= 5);

        // The records at the last step's end, and the program's exit.
        KernelRecords last = between(whole.records, recording.endNs, whole.endNs + 1);
        recording.endNs = whole.endNs;
        recording.exit = whole.exit;
        decoder.take(last, whole.endNs + 1);
        const Trace streamed = decoder.build(recording);
        const Trace atOnce = RecordFixtures::traceOf(whole);
        const auto difference = TraceDiff::firstDifference(streamed, atOnce);
        QVERIFY2(!difference, difference ? difference->c_str() : "");
    }
};

QTEST_GUILESS_MAIN(TestProgramTraceDecoder)
#include "tst_programtracedecoder.moc"
