// SPDX-License-Identifier: MIT
// The /proc sampling fallback on a real program: every thread of every process, slices that
// never overlap on a CPU, and on-CPU time close to what the kernel charged.
#include "engine/clock.h"
#include "record/launchedprogram.h"
#include "record/procsampler.h"

#include "recordfixtures.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <set>

using namespace corescope;

namespace {

constexpr const char *kScript = R"(
import os, threading, time
def spin(seconds):
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
threads = [threading.Thread(target=spin, args=(0.1,)) for _ in range(2)]
for t in threads: t.start()
child = os.fork()
if child == 0:
    spin(0.15)
    os._exit(0)
for t in threads: t.join()
os.waitpid(child, 0)
)";

} // namespace

class TestProcSampler : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
            QSKIP("Debian's python3 is not installed");
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(
            ProgramSpec{{"/usr/bin/python3", "-c", kScript}, {}, {}, {}, {}});
        QVERIFY(program.ok());
        const int64_t cpuBefore = RecordFixtures::childrenCpuNs();
        QVERIFY(program.value().proceed().ok());
        ProcSampler sampler(program.value().pid(), monotonicNs());
        // Sampled until the program has ended and been reaped: the last sample sees it gone.
        bool ended = false;
        while (!ended) {
            ended = program.value().poll().has_value();
            sampler.sample(monotonicNs(), m_records);
            QTest::qWait(2);
        }
        m_cpuNs = RecordFixtures::childrenCpuNs() - cpuBefore;
        m_threads = sampler.threadsSeen();
    }

    void everyThreadOfEveryProcessIsSeen()
    {
        // The main thread, its two threads, the forked child.
        QVERIFY2(m_threads >= 4, qPrintable(QString::number(m_threads)));
        std::set<int32_t> pids;
        for (const KernelTaskEvent &task : m_records.tasks)
            pids.insert(task.pid);
        QVERIFY(pids.size() >= 2);
        size_t exits = 0;
        for (const KernelTaskEvent &task : m_records.tasks)
            exits += task.kind == KernelTaskEvent::Kind::Exit;
        QCOMPARE(exits, m_threads);
    }

    void slicesNeverOverlapOnACpu()
    {
        for (const auto &cpu : m_records.switchesPerCpu) {
            QVERIFY(cpu.size() % 2 == 0);
            for (size_t i = 0; i + 1 < cpu.size(); i += 2) {
                QCOMPARE(cpu[i].kind, KernelSwitch::Kind::In);
                QVERIFY(cpu[i + 1].kind != KernelSwitch::Kind::In);
                QCOMPARE(cpu[i + 1].tid, cpu[i].tid);
                QVERIFY(cpu[i].time <= cpu[i + 1].time);
                if (i + 2 < cpu.size())
                    QVERIFY(cpu[i + 1].time <= cpu[i + 2].time);
            }
        }
    }

    void onCpuTimeIsCloseToWhatTheKernelCharged()
    {
        int64_t onCpu = 0;
        for (const auto &cpu : m_records.switchesPerCpu) {
            for (size_t i = 0; i + 1 < cpu.size(); i += 2)
                onCpu += cpu[i + 1].time - cpu[i].time;
        }
        qInfo("sampled on-CPU %.1f ms, kernel %.1f ms", onCpu / 1e6, m_cpuNs / 1e6);
        // A slice cannot be longer than its interval, and the moments before exec are the
        // kernel's only: a few per cent either way.
        QVERIFY2(onCpu > m_cpuNs * 0.85 && onCpu < m_cpuNs * 1.02,
                 qPrintable(QStringLiteral("%1 vs %2").arg(onCpu).arg(m_cpuNs)));
    }

private:
    KernelRecords m_records;
    int64_t m_cpuNs = 0;
    size_t m_threads = 0;
};

QTEST_GUILESS_MAIN(TestProcSampler)
#include "tst_procsampler.moc"
