// SPDX-License-Identifier: MIT
// The kernel's records of a real program's process tree: every thread of every process, each
// CPU's switches in order, the preempted flag, and on-CPU time that adds up to what the kernel
// charged the program.
#include "record/processtreecapture.h"

#include "recordfixtures.h"

#include <QTest>

#include <algorithm>
#include <map>
#include <set>

using namespace corescope;

namespace {

/// Two threads that compute, one that sleeps, and a forked child that computes: more busy
/// threads than this machine's two cores, so some are preempted.
constexpr const char *kScript = R"(
import os, threading, time
def spin(seconds):
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
def nap():
    for _ in range(20):
        time.sleep(0.002)
threads = [threading.Thread(target=spin, args=(0.15,)) for _ in range(2)]
threads.append(threading.Thread(target=nap))
for t in threads: t.start()
child = os.fork()
if child == 0:
    spin(0.15)
    os._exit(0)
for t in threads: t.join()
os.waitpid(child, 0)
)";

struct Recorded
{
    CapturedProgram program;
    int64_t cpuNs = 0; ///< what the kernel charged the program and its children
};

} // namespace

class TestProcessTreeCapture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!RecordFixtures::perfAllowed())
            QSKIP("kernel.perf_event_paranoid is above 2: the kernel refuses these records");
        // The bare capture, no recorder: this is the capture's own test.
        const int64_t cpuBefore = RecordFixtures::childrenCpuNs();
        auto captured = RecordFixtures::captureToEnd(
            ProgramSpec{{RecordFixtures::kPython, "-c", kScript}, {}, {}, {}, {}});
        QVERIFY2(captured, captured ? "" : captured.error().c_str());
        m_recorded.program = std::move(captured).value();
        m_recorded.cpuNs = RecordFixtures::childrenCpuNs() - cpuBefore;
        QCOMPARE(m_recorded.program.exit.code, 0);
    }

    void nothingIsLost() { QCOMPARE(m_recorded.program.records.lostRecords, uint64_t(0)); }

    void aStormOfSwitchesLosesNothing()
    {
        // Two processes hand a byte to and fro: each hand-off blocks one and wakes the other,
        // a switch out and in for each, as fast as the machine goes (about 200 k records a
        // second here; BM_SwitchStorm measures it).
        constexpr int kRounds = 20000;
        const std::string script = "import os\na, b = os.pipe()\nc, d = os.pipe()\n"
                                   "if os.fork() == 0:\n"
                                   "    for _ in range("
                                   + std::to_string(kRounds)
                                   + "):\n"
                                     "        os.read(a, 1)\n        os.write(d, b'x')\n"
                                     "    os._exit(0)\n"
                                     "for _ in range("
                                   + std::to_string(kRounds)
                                   + "):\n"
                                     "    os.write(b, b'x')\n    os.read(c, 1)\n"
                                     "os.wait()\n";
        auto captured = RecordFixtures::captureToEnd(
            ProgramSpec{{RecordFixtures::kPython, "-c", script}, {}, {}, {}, {}});
        QVERIFY2(captured, captured ? "" : captured.error().c_str());
        const KernelRecords &records = captured.value().records;
        const double seconds = double(captured.value().endNs - captured.value().startNs) / 1e9;
        qInfo("%zu switch records in %.2f s (%.0f a second), %llu lost", records.switchCount(),
              seconds, double(records.switchCount()) / seconds,
              static_cast<unsigned long long>(records.lostRecords));
        QCOMPARE(records.lostRecords, uint64_t(0));
        // Nearly every round blocks both processes once, a switch out and in for each (a
        // byte already there when its reader comes makes none).
        QVERIFY(records.switchCount() >= size_t(3 * kRounds));
    }

    void everyThreadOfEveryProcessIsSeen()
    {
        std::set<int32_t> pids;
        std::set<int32_t> tids;
        for (const auto &cpu : m_recorded.program.records.switchesPerCpu) {
            for (const KernelSwitch &s : cpu) {
                pids.insert(s.pid);
                tids.insert(s.tid);
            }
        }
        // The main thread and its three threads, and the forked child.
        QVERIFY2(pids.size() >= 2, qPrintable(QString::number(pids.size())));
        QVERIFY2(tids.size() >= 5, qPrintable(QString::number(tids.size())));
        size_t forks = 0;
        for (const KernelTaskEvent &task : m_recorded.program.records.tasks)
            forks += task.kind == KernelTaskEvent::Kind::Fork;
        QVERIFY(forks >= 4);
    }

    void theExecIsNamed()
    {
        const auto &comms = m_recorded.program.records.comms;
        QVERIFY(std::any_of(comms.begin(), comms.end(), [](const KernelComm &c) {
            return c.exec && c.name.rfind("python3", 0) == 0;
        }));
    }

    void eachCpuIsInTimeOrder()
    {
        for (const auto &cpu : m_recorded.program.records.switchesPerCpu)
            QVERIFY(std::is_sorted(cpu.begin(), cpu.end(),
                                   [](const auto &a, const auto &b) { return a.time < b.time; }));
    }

    void preemptedAndBlockedAreToldApart()
    {
        size_t preempted = 0;
        size_t blocked = 0;
        for (const auto &cpu : m_recorded.program.records.switchesPerCpu) {
            for (const KernelSwitch &s : cpu) {
                preempted += s.kind == KernelSwitch::Kind::OutPreempted;
                blocked += s.kind == KernelSwitch::Kind::OutBlocked;
            }
        }
        // Four computing threads share two cores; the napping thread blocks 20 times.
        QVERIFY2(preempted > 0, "no switch-out was a preemption");
        QVERIFY2(blocked >= 20, qPrintable(QString::number(blocked)));
    }

    void onCpuTimeAddsUpToWhatTheKernelCharged()
    {
        int64_t onCpu = 0;
        for (const ThreadSlice &slice :
             RecordFixtures::threadSlices(RecordFixtures::traceOf(m_recorded.program)))
            onCpu += slice.end - slice.begin;
        const double ratio = double(onCpu) / double(m_recorded.cpuNs);
        qInfo("on-CPU from switches %.2f ms, kernel %.2f ms", onCpu / 1e6, m_recorded.cpuNs / 1e6);
        QVERIFY2(ratio > 0.95 && ratio < 1.02,
                 qPrintable(QStringLiteral("switches %1 ms, kernel %2 ms")
                                .arg(onCpu / 1e6)
                                .arg(m_recorded.cpuNs / 1e6)));
    }

private:
    Recorded m_recorded;
};

QTEST_GUILESS_MAIN(TestProcessTreeCapture)
#include "tst_processtreecapture.moc"
