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
ProgramRecording program()
{
    ProgramRecording r;
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
void lifeOf(ProgramRecording &r, int32_t pid, int32_t tid, int64_t begin, int64_t end,
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

} // namespace

Q_DECLARE_METATYPE(ProgramRecording)

class TestProgramTrace : public QObject
{
    Q_OBJECT

private slots:
    void lanes_data()
    {
        QTest::addColumn<ProgramRecording>("recording");
        QTest::addColumn<QStringList>("expected");
        const QString main = QStringLiteral("100:100 engine 'prog --flag' 0-100 [0-5]");

        ProgramRecording thread = program();
        lifeOf(thread, kProgram, 101, 10, 20);
        QTest::newRow("a thread is named as the kernel named its parent")
            << thread << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]")};

        ProgramRecording reused = program();
        lifeOf(reused, kProgram, 101, 10, 20);
        lifeOf(reused, kProgram, 101, 30, 40);
        QTest::newRow("a tid reused by a later thread is a lane of its own")
            << reused
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:100 worker 'prog' 30-41 [30-40]")};

        ProgramRecording asProcess = program();
        lifeOf(asProcess, kProgram, 101, 10, 20);
        lifeOf(asProcess, 101, 101, 30, 40);
        QTest::newRow("a tid reused by a forked process, named after its parent's command")
            << asProcess
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:101 child-process 'prog --flag' 30-41 [30-40]")};

        ProgramRecording execed = program();
        lifeOf(execed, 101, 101, 30, 40);
        execed.kernel.comms.push_back({32, 101, 101, 0, true, "sleep"});
        QTest::newRow("a forked process that exec'd, gone before its command line was read")
            << execed
            << QStringList{main, QStringLiteral("101:101 child-process 'sleep' 30-41 [30-40]")};

        ProgramRecording lostExit = program();
        lifeOf(lostExit, kProgram, 101, 10, 20, false);
        lifeOf(lostExit, kProgram, 101, 30, 40);
        QTest::newRow("a tid born again whose death was not recorded")
            << lostExit
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-30 [10-20]"),
                           QStringLiteral("101:100 worker 'prog' 30-41 [30-40]")};

        ProgramRecording outOfOrder = reused;
        std::reverse(outOfOrder.kernel.tasks.begin(), outOfOrder.kernel.tasks.end());
        QTest::newRow("births and deaths read out of time order (from other CPUs' rings)")
            << outOfOrder
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:100 worker 'prog' 30-41 [30-40]")};

        ProgramRecording gil = reused;
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

        ProgramRecording pythonNamed = reused;
        pythonNamed.names = {{kProgram, 101, PythonName::Kind::Thread, "worker-2"}};
        QTest::newRow("Python's name (which has no time) goes to the latest life of the tid")
            << pythonNamed
            << QStringList{main, QStringLiteral("101:100 worker 'prog' 10-21 [10-20]"),
                           QStringLiteral("101:100 worker 'worker-2' 30-41 [30-40]")};
    }
    void lanes()
    {
        QFETCH(ProgramRecording, recording);
        QFETCH(QStringList, expected);
        QCOMPARE(lanesOf(buildProgramTrace(recording)), expected.join(QStringLiteral("\n")));
    }
};

QTEST_APPLESS_MAIN(TestProgramTrace)
#include "tst_programtrace.moc"
