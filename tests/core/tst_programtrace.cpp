// SPDX-License-Identifier: MIT
// A recording made into a Trace from synthetic kernel records: each life of a thread is a lane
// (a tid the kernel hands out again after its thread exited is a new lane), slices and GIL
// holds go to the life that was alive then, and threads and forked processes are named as the
// kernel named them (it copies the parent's name at fork).
#include "record/programtrace.h"

#include <QTest>

#include <algorithm>

using namespace corescope;
namespace Format = GilLogFormat;

namespace {

constexpr int32_t kProgram = 100;

/// A recording and the kernel's records the recorder would have decoded into its trace.
struct Recorded : ProgramRecording
{
    KernelRecords kernel;
};

KernelSwitch on(int64_t time, int32_t pid, int32_t tid)
{
    return {time, pid, tid, 0, KernelSwitch::Kind::In};
}

KernelSwitch off(int64_t time, int32_t pid, int32_t tid)
{
    return {time, pid, tid, 0, KernelSwitch::Kind::OutBlocked};
}

KernelTaskEvent forked(int64_t time, int32_t pid, int32_t ppid, int32_t tid, int32_t ptid)
{
    return {time, KernelTaskEvent::Kind::Fork, pid, ppid, tid, ptid, 0};
}

KernelTaskEvent exited(int64_t time, int32_t pid, int32_t tid)
{
    return {time, KernelTaskEvent::Kind::Exit, pid, pid, tid, tid, 0};
}

/// The program `prog --flag`, pid 100, whose main thread runs from its exec at 0 to 5.
Recorded program()
{
    Recorded r;
    r.argv = {"prog", "--flag"};
    r.pid = kProgram;
    r.startNs = 0;
    r.endNs = 100;
    r.exit = ProgramExit{};
    r.commandLines[kProgram] = "prog --flag";
    r.kernel.comms = {{0, kProgram, kProgram, 0, true, "prog"}};
    r.kernel.switchesPerCpu = {{off(5, kProgram, kProgram)}};
    return r;
}

/// A thread or process of pid:tid on the core from `begin` to `end`, born just before.
void lifeOf(Recorded &r, int32_t pid, int32_t tid, int64_t begin, int64_t end,
            bool exits = true)
{
    const int32_t parent = pid == tid ? kProgram : pid;
    r.kernel.tasks.push_back(forked(begin, pid, parent, tid, kProgram));
    r.kernel.switchesPerCpu[0].push_back(on(begin, pid, tid));
    r.kernel.switchesPerCpu[0].push_back(off(end, pid, tid));
    if (exits)
        r.kernel.tasks.push_back(exited(end + 1, pid, tid));
}

/// Each lane: "tid:pid role 'name' begin-end [slices] {GIL holds}".
QString lanesOf(const Trace &trace)
{
    QStringList out;
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        const ThreadInfo &info = trace.threads()[t];
        QStringList slices;
        const CoreSlices &core = trace.slicesOnCore(0);
        for (size_t i = 0; i < core.size(); ++i) {
            if (core.thread[i] == t)
                slices << QStringLiteral("%1-%2").arg(core.begin[i]).arg(core.end[i]);
        }
        QStringList holds;
        const ThreadSpans &spans = trace.spansOf(t);
        for (size_t i = 0; i < spans.size(); ++i) {
            if (spans.kind[i] == SpanKind::GilHold)
                holds << QStringLiteral("%1-%2").arg(spans.begin[i]).arg(spans.end[i]);
        }
        out << QStringLiteral("%1:%2 %3 '%4' %5-%6 [%7]%8")
                   .arg(info.tid)
                   .arg(info.pid)
                   .arg(QString::fromLatin1(threadRoleName(info.role).data(),
                                            qsizetype(threadRoleName(info.role).size())))
                   .arg(QString::fromStdString(info.name))
                   .arg(info.begin)
                   .arg(info.end)
                   .arg(slices.join(u' '))
                   .arg(holds.isEmpty() ? QString()
                                        : QStringLiteral(" {%1}").arg(holds.join(u' ')));
    }
    return out.join(QStringLiteral("\n"));
}

/// Each slice as "tid@cpu:begin-end" and the thread's state after it: p runnable (preempted),
/// b blocked, r still on its core at the recording's end, x none (it exited, or its next slice
/// began at once).
QString slicesOf(const Trace &trace, TimeNs end)
{
    QStringList out;
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        const CoreSlices &core = trace.slicesOnCore(c);
        for (size_t i = 0; i < core.size(); ++i) {
            const ThreadStates &states = trace.statesOf(core.thread[i]);
            QChar how = u'x';
            for (size_t s = 0; s < states.size(); ++s) {
                if (states.begin[s] == core.end[i] && states.state[s] == ThreadState::Runnable)
                    how = u'p';
                else if (states.begin[s] == core.end[i] && states.state[s] == ThreadState::Blocked)
                    how = u'b';
            }
            if (how == u'x' && core.end[i] == end)
                how = u'r';
            out << QStringLiteral("%1@%2:%3-%4%5")
                       .arg(trace.threads()[core.thread[i]].tid)
                       .arg(c)
                       .arg(core.begin[i])
                       .arg(core.end[i])
                       .arg(how);
        }
    }
    return out.join(u' ');
}

} // namespace

Q_DECLARE_METATYPE(Recorded)
Q_DECLARE_METATYPE(KernelRecords)

class TestProgramTrace : public QObject
{
    Q_OBJECT

private slots:
    void lanes_data()
    {
        QTest::addColumn<Recorded>("recording");
        QTest::addColumn<QStringList>("expected");
        const QString main = QStringLiteral("100:100 engine 'prog --flag' 0-100 [0-5]");

        Recorded thread = program();
        lifeOf(thread, kProgram, 101, 10, 20);
        QTest::newRow("a thread is named as the kernel named its parent")
            << thread << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]")};

        Recorded reused = program();
        lifeOf(reused, kProgram, 101, 10, 20);
        lifeOf(reused, kProgram, 101, 30, 40);
        QTest::newRow("a tid reused by a later thread is a lane of its own")
            << reused
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:100 worker 'prog' 30-41 [30-40]")};

        Recorded asProcess = program();
        lifeOf(asProcess, kProgram, 101, 10, 20);
        lifeOf(asProcess, 101, 101, 30, 40);
        QTest::newRow("a tid reused by a forked process, named after its parent's command")
            << asProcess
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:101 child-process 'prog --flag' 30-41 [30-40]")};

        Recorded execed = program();
        lifeOf(execed, 101, 101, 30, 40);
        execed.kernel.comms.push_back({32, 101, 101, 0, true, "sleep"});
        QTest::newRow("a forked process that exec'd, gone before its command line was read")
            << execed
            << QStringList{main, QStringLiteral("101:101 child-process 'sleep' 30-41 [30-40]")};

        Recorded lostExit = program();
        lifeOf(lostExit, kProgram, 101, 10, 20, false);
        lifeOf(lostExit, kProgram, 101, 30, 40);
        QTest::newRow("a tid born again whose death was not recorded")
            << lostExit
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-30 [10-20]"),
                           QStringLiteral("101:100 worker 'prog' 30-41 [30-40]")};

        Recorded outOfOrder = reused;
        std::reverse(outOfOrder.kernel.tasks.begin(), outOfOrder.kernel.tasks.end());
        QTest::newRow("births and deaths read out of time order (from other CPUs' rings)")
            << outOfOrder
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:100 worker 'prog' 30-41 [30-40]")};

        Recorded gil = reused;
        GilProcessLog log;
        log.pid = kProgram;
        log.discovery = Format::Discovery::KnownLayout;
        log.events = {{32, 101, Format::EventKind::Acquired, {}},
                      {38, 101, Format::EventKind::Released, {}}};
        gil.gil = {log};
        QTest::newRow("a GIL hold goes to the life of the tid that held it then")
            << gil
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:100 worker 'prog' 30-41 [30-40] {32-38}")};

        Recorded pythonNamed = reused;
        pythonNamed.names = {{kProgram, 101, PythonName::Kind::Thread, "worker-2"}};
        QTest::newRow("Python's name (which has no time) goes to the latest life of the tid")
            << pythonNamed
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:100 worker 'worker-2' 30-41 [30-40]")};
    }
    /// The slices of one thread, pid 1, tid 5, with the two edges the kernel's records leave
    /// out: before the first switch-in and after the last switch-out.
    void slices_data()
    {
        using Kind = KernelSwitch::Kind;
        const auto sw = [](int64_t time, uint16_t cpu, Kind kind) {
            return KernelSwitch{time, 1, 5, cpu, kind};
        };
        QTest::addColumn<KernelRecords>("records");
        QTest::addColumn<QString>("expected");

        KernelRecords pair;
        pair.switchesPerCpu = {{sw(10, 0, Kind::In), sw(20, 0, Kind::OutPreempted)}};
        QTest::newRow("a switch-in and its switch-out") << pair << "5@0:10-20p";

        KernelRecords exec;
        exec.switchesPerCpu = {{sw(20, 0, Kind::OutBlocked)}};
        exec.comms = {{2, 1, 5, 0, true, "python3"}};
        QTest::newRow("the first slice begins at the exec") << exec << "5@0:2-20b";

        KernelRecords noExec;
        noExec.switchesPerCpu = {
            {sw(20, 0, Kind::OutBlocked), sw(30, 0, Kind::In), sw(40, 0, Kind::OutBlocked)}};
        QTest::newRow("a switch-out with no start known is left out") << noExec << "5@0:30-40b";

        KernelRecords exits;
        exits.switchesPerCpu = {{sw(10, 0, Kind::In)}};
        exits.tasks = {{25, KernelTaskEvent::Kind::Exit, 1, 1, 5, 5, 0}};
        QTest::newRow("the last slice ends at the exit") << exits << "5@0:10-25x";

        KernelRecords running;
        running.switchesPerCpu = {{sw(10, 0, Kind::In)}};
        QTest::newRow("a thread still running ends at the end") << running << "5@0:10-100r";

        KernelRecords migrates;
        migrates.switchesPerCpu = {{sw(10, 0, Kind::In), sw(20, 0, Kind::OutPreempted)},
                                   {sw(20, 1, Kind::In), sw(30, 1, Kind::OutBlocked)}};
        QTest::newRow("a migration at one instant keeps its order")
            << migrates << "5@0:10-20x 5@1:20-30b";
    }
    void slices()
    {
        QFETCH(KernelRecords, records);
        ProgramRecording r;
        r.argv = {"prog"};
        r.pid = 1;
        r.endNs = 100;
        QTEST(slicesOf(buildProgramTrace(r, records), r.endNs), "expected");
    }

    void lanes()
    {
        QFETCH(Recorded, recording);
        QFETCH(QStringList, expected);
        QCOMPARE(lanesOf(buildProgramTrace(recording, recording.kernel)), expected.join(QStringLiteral("\n")));
    }
};

QTEST_APPLESS_MAIN(TestProgramTrace)
#include "tst_programtrace.moc"
