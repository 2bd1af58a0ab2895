// SPDX-License-Identifier: MIT
// The kernel's records of a real program's process tree: every thread of every process, each
// CPU's switches in order, the preempted flag, and on-CPU time that adds up to what the kernel
// charged the program.
#include "record/launchedprogram.h"
#include "record/processtreecapture.h"
#include "record/recordedslices.h"

#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
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
    KernelRecords records;
    ProgramExit exit;
    int64_t cpuNs = 0; ///< what the kernel charged the program and its children
};

int64_t childrenCpuNs()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    const auto ns = [](const timeval &t) {
        return int64_t(t.tv_sec) * 1'000'000'000 + t.tv_usec * 1000;
    };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

std::optional<Recorded> record(const ProgramSpec &spec, QString &why)
{
    Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
    if (!program) {
        why = QString::fromStdString(program.error());
        return std::nullopt;
    }
    Result<ProcessTreeCapture> capture = ProcessTreeCapture::attach(program.value().pid());
    if (!capture) {
        why = QString::fromStdString(capture.error());
        return std::nullopt;
    }
    const int64_t cpuBefore = childrenCpuNs();
    Recorded out;
    if (const Status started = program.value().proceed(); !started) {
        why = QString::fromStdString(started.error());
        return std::nullopt;
    }
    while (!program.value().poll()) {
        capture.value().drain(out.records);
        QTest::qWait(5);
    }
    capture.value().drain(out.records);
    out.exit = *program.value().poll();
    out.cpuNs = childrenCpuNs() - cpuBefore;
    return out;
}

bool perfAllowed()
{
    int paranoid = 3;
    std::ifstream("/proc/sys/kernel/perf_event_paranoid") >> paranoid;
    return paranoid <= 2 || geteuid() == 0;
}

} // namespace

class TestProcessTreeCapture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!perfAllowed())
            QSKIP("kernel.perf_event_paranoid is above 2: the kernel refuses these records");
        QString why;
        auto recorded = record(ProgramSpec{{"/usr/bin/python3", "-c", kScript}, {}, {}, {}}, why);
        QVERIFY2(recorded, qPrintable(why));
        m_recorded = std::move(*recorded);
        QCOMPARE(m_recorded.exit.code, 0);
    }

    void nothingIsLost() { QCOMPARE(m_recorded.records.lostRecords, uint64_t(0)); }

    void everyThreadOfEveryProcessIsSeen()
    {
        std::set<int32_t> pids;
        std::set<int32_t> tids;
        for (const auto &cpu : m_recorded.records.switchesPerCpu) {
            for (const KernelSwitch &s : cpu) {
                pids.insert(s.pid);
                tids.insert(s.tid);
            }
        }
        // The main thread and its three threads, and the forked child.
        QVERIFY2(pids.size() >= 2, qPrintable(QString::number(pids.size())));
        QVERIFY2(tids.size() >= 5, qPrintable(QString::number(tids.size())));
        size_t forks = 0;
        for (const KernelTaskEvent &task : m_recorded.records.tasks)
            forks += task.kind == KernelTaskEvent::Kind::Fork;
        QVERIFY(forks >= 4);
    }

    void theExecIsNamed()
    {
        const auto &comms = m_recorded.records.comms;
        QVERIFY(std::any_of(comms.begin(), comms.end(), [](const KernelComm &c) {
            return c.exec && c.name.rfind("python3", 0) == 0;
        }));
    }

    void eachCpuIsInTimeOrder()
    {
        for (const auto &cpu : m_recorded.records.switchesPerCpu)
            QVERIFY(std::is_sorted(cpu.begin(), cpu.end(),
                                   [](const auto &a, const auto &b) { return a.time < b.time; }));
    }

    void preemptedAndBlockedAreToldApart()
    {
        size_t preempted = 0;
        size_t blocked = 0;
        for (const auto &cpu : m_recorded.records.switchesPerCpu) {
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
        for (const RecordedSlice &slice : recordedSlices(m_recorded.records, 0))
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
