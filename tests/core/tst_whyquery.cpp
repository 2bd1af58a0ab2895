// SPDX-License-Identifier: MIT
// "Why isn't it running?" on hand-made runs: every thread state and wait cause in plain words
// with who has what it waits for, from what is known at the instant asked about; replay's steps
// to the next and previous change on a lane and overall; the critical path of a run whose path
// is known; and the serial fraction read off a trace.
#include "analysis/criticalpath.h"
#include "analysis/replaysteps.h"
#include "analysis/whyquery.h"
#include "trace/kinds.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <functional>

using namespace corescope;

namespace {

uint32_t addThread(TraceBuilder &b, std::string name, int32_t pid = 1,
                   ThreadRole role = ThreadRole::Worker)
{
    ThreadInfo info;
    info.pid = pid;
    info.tid = int32_t(b.threadCount() + 100);
    info.name = std::move(name);
    info.role = role;
    info.end = 100;
    return b.addThread(std::move(info));
}

/// One question: a run, the lane and instant asked about, and what the answer must say.
struct Case
{
    const char *name;
    std::function<void(TraceBuilder &)> build;
    uint32_t lane;
    TimeNs at;
    std::optional<ThreadState> state; ///< none: not alive
    uint32_t holder;                  ///< kNoThread: none named
    std::vector<std::string> says;    ///< pieces of the sentence, in order
};

/// Thread 0 holds the GIL from 10 on core 0; thread 1 has waited for it since 12.
void gilRun(TraceBuilder &b)
{
    addThread(b, "holder");
    addThread(b, "waiter");
    b.metadata().params["switch_interval_ms"] = "5";
    b.addState(0, 0, 100, ThreadState::Running, 0);
    b.addSlice(0, 0, 100, 0);
    b.addSpan(0, 10, 90, SpanKind::GilHold);
    b.addSpan(0, 0, 100, SpanKind::Task, 3);
    b.addState(1, 0, 12, ThreadState::Running, 1);
    b.addState(1, 12, 90, ThreadState::GilWait);
    b.addWait(1, 12, 90, b.addWaitObject({WaitObjectKind::Gil, "GIL"}), 0);
}

std::vector<Case> cases()
{
    constexpr TimeNs ms = 1'000'000;
    return {
        {"running",
         gilRun,
         0,
         50,
         ThreadState::Running,
         kNoThread,
         {"running — on core 0, task 3, holding the GIL, 50 ns"}},
        {"gil wait, no drop request yet",
         gilRun,
         1,
         14,
         ThreadState::GilWait,
         0,
         {"waiting for the GIL — held by holder since 10 ns", "no drop request yet",
          "switch interval 5.0 ms", ", 2 ns"}},
        {"gil wait, drop requested",
         [](TraceBuilder &b) {
             gilRun(b);
             b.addMarker({17, MarkerKind::GilDropRequest, 1, 0, 1, 1});
         },
         1,
         20,
         ThreadState::GilWait,
         0,
         {"held by holder", "drop requested at 17 ns after the 5.0 ms switch interval", ", 8 ns"}},
        {"a drop request before the holder got the GIL is not its",
         [](TraceBuilder &b) {
             gilRun(b);
             b.addMarker({5, MarkerKind::GilDropRequest, 1, 0, 1, 1});
         },
         1,
         20,
         ThreadState::GilWait,
         0,
         {"no drop request yet"}},
        {"another process's drop request is not for this GIL",
         [](TraceBuilder &b) {
             gilRun(b);
             const uint32_t other = addThread(b, "child", 2);
             b.addMarker({17, MarkerKind::GilDropRequest, other, other, 0, 0});
         },
         1,
         20,
         ThreadState::GilWait,
         0,
         {"no drop request yet"}},
        {"preempted gil holder",
         [](TraceBuilder &b) {
             addThread(b, "holder");
             addThread(b, "waiter");
             b.addState(0, 0, 50, ThreadState::Runnable);
             b.addSpan(0, 0, 50, SpanKind::GilHold);
             b.addState(1, 0, 50, ThreadState::GilWait);
             b.addWait(1, 0, 50, b.addWaitObject({WaitObjectKind::Gil, "GIL"}), 0);
         },
         1,
         20,
         ThreadState::GilWait,
         0,
         {"held by holder since 0 ns, itself runnable: preempted while holding it"}},
        {"the gil's holder is in the waiter's process only",
         [](TraceBuilder &b) {
             addThread(b, "elsewhere", 2);
             addThread(b, "waiter", 1);
             b.addState(0, 0, 50, ThreadState::Running);
             b.addSpan(0, 0, 50, SpanKind::GilHold);
             b.addState(1, 0, 50, ThreadState::GilWait);
         },
         1,
         20,
         ThreadState::GilWait,
         kNoThread,
         {"waiting for the GIL — nobody holds it now"}},
        {"lock wait",
         [](TraceBuilder &b) {
             addThread(b, "waiter");
             addThread(b, "thread-4");
             b.addState(0, 0, 30, ThreadState::LockWait);
             b.addWait(0, 0, 30, b.addWaitObject({WaitObjectKind::Lock, "lock 1"}), 1);
             b.addState(1, 0, 40, ThreadState::Running, 1);
             b.addSpan(1, 5, 35, SpanKind::LockHold);
         },
         0,
         20,
         ThreadState::LockWait,
         1,
         {"waiting for a lock — held by thread-4 since 5 ns, 20 ns"}},
        {"runnable, both cores busy",
         [](TraceBuilder &b) {
             addThread(b, "thread-1");
             addThread(b, "thread-2");
             addThread(b, "thread-3");
             b.metadata().allowedCores = {0, 1};
             b.addSlice(0, 0, 10 * ms, 0);
             b.addSlice(1, 0, 10 * ms, 2);
             b.addState(0, 0, 10 * ms, ThreadState::Running, 0);
             b.addState(2, 0, 10 * ms, ThreadState::Running, 1);
             b.addState(1, 0, 10 * ms, ThreadState::Runnable);
         },
         1,
         ms,
         ThreadState::Runnable,
         kNoThread,
         {"runnable — both cores busy (thread-1 on core 0, thread-3 on core 1), 1.0 ms"}},
        {"finished",
         [](TraceBuilder &b) {
             addThread(b, "done");
             b.addState(0, 0, 50, ThreadState::Running);
         },
         0,
         50, // a state's end is not in it
         std::nullopt,
         kNoThread,
         {"finished"}},
        {"runnable, a core held by another program",
         [](TraceBuilder &b) {
             addThread(b, "thread-1");
             addThread(b, "thread-2");
             b.metadata().allowedCores = {0, 1};
             b.addSlice(0, 0, 100, 0);
             b.addState(0, 0, 100, ThreadState::Running, 0);
             b.addState(1, 0, 100, ThreadState::Runnable);
         },
         1,
         40,
         ThreadState::Runnable,
         kNoThread,
         {"runnable — both cores busy (thread-1 on core 0, another program or the kernel on "
          "core 1), 40 ns"}},
        {"runnable on the one core it may use",
         [](TraceBuilder &b) {
             addThread(b, "thread-1");
             addThread(b, "thread-2");
             b.metadata().allowedCores = {1};
             b.addSlice(1, 0, 100, 0);
             b.addState(0, 0, 100, ThreadState::Running, 1);
             b.addState(1, 0, 100, ThreadState::Runnable);
         },
         1,
         40,
         ThreadState::Runnable,
         kNoThread,
         {"runnable — its core is busy (thread-1 on core 1)"}},
        {"blocked in I/O",
         [](TraceBuilder &b) {
             addThread(b, "reader");
             b.addState(0, 0, 100 * ms, ThreadState::Io);
         },
         0,
         25 * ms,
         ThreadState::Io,
         kNoThread,
         {"blocked in I/O or a timer, 25.0 ms"}},
        {"waiting for a child process",
         [](TraceBuilder &b) {
             addThread(b, "parent");
             addThread(b, "child 1", 7, ThreadRole::ChildProcess);
             b.addState(0, 0, 100, ThreadState::Io);
             b.addWait(0, 0, 100, b.addWaitObject({WaitObjectKind::Child, "child 1 (pid 7)"}), 1);
             b.addState(1, 0, 100, ThreadState::Running, 0);
         },
         0,
         30,
         ThreadState::Io,
         kNoThread,
         {"blocked in I/O or a timer — child 1 (pid 7), 30 ns"}},
        {"sleeping",
         [](TraceBuilder &b) {
             addThread(b, "worker");
             b.addState(0, 0, 100, ThreadState::Sleeping);
         },
         0,
         60,
         ThreadState::Sleeping,
         kNoThread,
         {"sleeping, no work, 60 ns"}},
        {"starting",
         [](TraceBuilder &b) {
             addThread(b, "child", 3, ThreadRole::ChildProcess);
             b.addState(0, 10, 100, ThreadState::Starting);
         },
         0,
         60,
         ThreadState::Starting,
         kNoThread,
         {"starting up, 50 ns"}},
        {"blocked for a reason not recorded",
         [](TraceBuilder &b) {
             addThread(b, "imported");
             b.addState(0, 0, 100, ThreadState::Blocked);
         },
         0,
         60,
         ThreadState::Blocked,
         kNoThread,
         {"blocked, the reason not recorded, 60 ns"}},
        {"a queue that is full",
         [](TraceBuilder &b) {
             addThread(b, "producer");
             b.metadata().params["maxsize"] = "1";
             b.addState(0, 10, 100, ThreadState::QueueWait);
             b.addWait(0, 10, 100, b.addWaitObject({WaitObjectKind::Queue, "queue 1"}));
             const uint32_t depth =
                 b.addCounter({"queue 1 depth", CounterKind::QueueDepth, 1, {}, {}});
             b.addCounterValue(depth, 0, 0);
             b.addCounterValue(depth, 5, 1);
         },
         0,
         30,
         ThreadState::QueueWait,
         kNoThread,
         {"waiting for the queue — queue 1 is full (1 of 1), 20 ns"}},
        {"a queue that is empty",
         [](TraceBuilder &b) {
             addThread(b, "consumer");
             b.addState(0, 10, 100, ThreadState::QueueWait);
             b.addWait(0, 10, 100, b.addWaitObject({WaitObjectKind::Queue, "queue 2"}));
             const uint32_t other =
                 b.addCounter({"queue 22 depth", CounterKind::QueueDepth, 1, {}, {}});
             b.addCounterValue(other, 0, 5);
             const uint32_t depth =
                 b.addCounter({"queue 2 depth", CounterKind::QueueDepth, 1, {}, {}});
             b.addCounterValue(depth, 0, 0);
         },
         0,
         30,
         ThreadState::QueueWait,
         kNoThread,
         {"queue 2 is empty"}},
        {"a pool's task waits for a worker",
         [](TraceBuilder &b) {
             addThread(b, "task 3", 1, ThreadRole::Task);
             b.addState(0, 0, 100, ThreadState::QueueWait);
             b.addWait(0, 0, 100, b.addWaitObject({WaitObjectKind::Queue, "the pool's queue"}));
         },
         0,
         30,
         ThreadState::QueueWait,
         kNoThread,
         {"waiting for the queue — the pool's queue, until a worker is free"}},
        {"ready while the loop runs another task",
         [](TraceBuilder &b) {
             addThread(b, "task 3", 1, ThreadRole::Task);
             addThread(b, "loop", 1, ThreadRole::Engine);
             b.addState(0, 0, 100, ThreadState::Ready);
             b.addWait(0, 0, 100, b.addWaitObject({WaitObjectKind::Loop, "the event loop"}), 1);
             b.addState(1, 0, 100, ThreadState::Running, 0);
             b.addSpan(1, 20, 60, SpanKind::Task, 7);
         },
         0,
         30,
         ThreadState::Ready,
         1,
         {"ready — loop is running task 7, 30 ns"}},
        {"awaiting a timer",
         [](TraceBuilder &b) {
             addThread(b, "task 4", 1, ThreadRole::Task);
             b.addState(0, 10, 80 * ms, ThreadState::Awaiting);
             b.addWait(0, 10, 80 * ms, b.addWaitObject({WaitObjectKind::Timer, "timer"}));
         },
         0,
         30,
         ThreadState::Awaiting,
         kNoThread,
         {"awaiting — a timer, due at 80.0 ms, 20 ns"}},
        {"a task running on the worker that started it",
         [](TraceBuilder &b) {
             addThread(b, "task 5", 1, ThreadRole::Task);
             addThread(b, "worker-1");
             b.addState(0, 0, 10, ThreadState::QueueWait);
             b.addWait(0, 0, 10, b.addWaitObject({WaitObjectKind::Queue, "the pool's queue"}), 1);
             b.addState(0, 10, 100, ThreadState::TaskRunning);
         },
         0,
         30,
         ThreadState::TaskRunning,
         1,
         {"running on its thread — worker-1, 20 ns"}},
        {"not started yet",
         [](TraceBuilder &b) {
             addThread(b, "late");
             b.addState(0, 50, 100, ThreadState::Running);
         },
         0,
         30,
         std::nullopt,
         kNoThread,
         {"not started yet"}},
        {"a gap in an imported strip is not known",
         [](TraceBuilder &b) {
             addThread(b, "gappy");
             b.addState(0, 0, 10, ThreadState::Running);
             b.addState(0, 40, 50, ThreadState::Running);
         },
         0,
         20,
         ThreadState::Blocked,
         kNoThread,
         {"blocked, the reason not recorded"}},
        {"a state goes on across a migration",
         [](TraceBuilder &b) {
             addThread(b, "mover");
             b.addState(0, 0, 10, ThreadState::Running, 0);
             b.addState(0, 10, 50, ThreadState::Running, 1);
         },
         0,
         20,
         ThreadState::Running,
         kNoThread,
         {"running — on core 1, 20 ns"}},
    };
}

Trace build(const Case &c)
{
    TraceBuilder builder(2);
    builder.metadata().wallNs = 100;
    c.build(builder);
    return builder.build();
}

} // namespace

class TestWhyQuery : public QObject
{
    Q_OBJECT

private slots:
    void everyCauseInPlainWords_data()
    {
        QTest::addColumn<int>("index");
        const auto all = cases();
        for (size_t i = 0; i < all.size(); ++i)
            QTest::newRow(all[i].name) << int(i);
    }

    void everyCauseInPlainWords()
    {
        QFETCH(int, index);
        const Case c = cases()[size_t(index)];
        const Trace trace = build(c);
        const TraceIndex traceIndex(trace);
        const WhyQuery why(traceIndex);
        const LaneCause cause = why.of(c.lane, c.at);
        QCOMPARE(cause.life == LaneCause::Life::Alive, c.state.has_value());
        if (c.state)
            QCOMPARE(threadStateName(cause.state), threadStateName(*c.state));
        QCOMPARE(cause.holder, c.holder);
        const std::string sentence = causeSentence(trace, cause, c.at);
        size_t from = 0;
        for (const std::string &piece : c.says) {
            const size_t at = sentence.find(piece, from);
            QVERIFY2(at != std::string::npos, qPrintable(QStringLiteral("'%1' lacks '%2'")
                                                             .arg(QString::fromStdString(sentence),
                                                                  QString::fromStdString(piece))));
            from = at + piece.size();
        }
        // Every lane at once answers as each does alone.
        const auto all = why.at(c.at);
        QCOMPARE(all.size(), trace.threads().size());
        QCOMPARE(causeSentence(trace, all[c.lane], c.at), sentence);
    }

    void everyStateHasItsOwnHead()
    {
        for (const ThreadStateKind &kind : threadStateKinds()) {
            QVERIFY(!kind.why.empty());
            TraceBuilder b(1);
            addThread(b, "t");
            b.addState(0, 0, 10, kind.state);
            const Trace trace = b.build();
            const TraceIndex index(trace);
            const std::string sentence = causeSentence(trace, WhyQuery(index).of(0, 5), 5);
            QVERIFY2(sentence.starts_with(kind.why), sentence.c_str());
        }
    }

    void theAnswerGivesNothingAwayAboutLater()
    {
        // The waiter's wait is ended by `holder` at 90: nothing at 20 may say so, nor when.
        TraceBuilder b(2);
        gilRun(b);
        const Trace trace = b.build();
        const TraceIndex index(trace);
        const std::string sentence = causeSentence(trace, WhyQuery(index).of(1, 20), 20);
        QVERIFY2(sentence.find("90") == std::string::npos, sentence.c_str());
    }

    void stepsAlongALane()
    {
        TraceBuilder b(1);
        addThread(b, "a");
        addThread(b, "b");
        b.addState(0, 0, 10, ThreadState::Running);
        b.addState(0, 10, 30, ThreadState::Io);
        b.addState(0, 50, 60, ThreadState::Running); // a gap from 30 to 50
        b.addSpan(0, 5, 55, SpanKind::Task, 1);
        b.addState(1, 20, 25, ThreadState::Running);
        b.addSlice(0, 2, 8, 0);
        const Trace trace = b.build();
        const TraceIndex index(trace);
        const ReplaySteps steps(index);
        const StepLane a{StepLane::Kind::Thread, 0};
        const StepLane core{StepLane::Kind::Core, 0};
        QCOMPARE(steps.next(a, -1), std::optional<TimeNs>(0));
        QCOMPARE(steps.next(a, 0), std::optional<TimeNs>(5)); // the task starts
        QCOMPARE(steps.next(a, 5), std::optional<TimeNs>(10));
        QCOMPARE(steps.next(a, 10), std::optional<TimeNs>(30));
        QCOMPARE(steps.next(a, 30), std::optional<TimeNs>(50)); // across the gap
        QCOMPARE(steps.next(a, 55), std::optional<TimeNs>(60));
        QCOMPARE(steps.next(a, 60), std::nullopt); // the lane's last edge
        QCOMPARE(steps.previous(a, 60), std::optional<TimeNs>(55));
        QCOMPARE(steps.previous(a, 50), std::optional<TimeNs>(30));
        QCOMPARE(steps.previous(a, 1), std::optional<TimeNs>(0));
        QCOMPARE(steps.previous(a, 0), std::nullopt); // the lane's first edge
        QCOMPARE(steps.next(core, 2), std::optional<TimeNs>(8));
        QCOMPARE(steps.previous(core, 2), std::nullopt);
        QCOMPARE(steps.next(StepLane{StepLane::Kind::Core, 5}, 0), std::nullopt);
        QCOMPARE(steps.next(StepLane{StepLane::Kind::Thread, 9}, 0), std::nullopt);
        // Over every lane: thread b's and the core's edges come in between.
        QCOMPARE(steps.next(0), std::optional<TimeNs>(2));
        QCOMPARE(steps.next(10), std::optional<TimeNs>(20));
        QCOMPARE(steps.next(20), std::optional<TimeNs>(25));
        QCOMPARE(steps.previous(30), std::optional<TimeNs>(25));
        QCOMPARE(steps.next(60), std::nullopt);
        QCOMPARE(steps.previous(0), std::nullopt);
        // Tasks only.
        QCOMPARE(steps.nextTaskEdge(0), std::optional<TimeNs>(5));
        QCOMPARE(steps.nextTaskEdge(5), std::optional<TimeNs>(55));
        QCOMPARE(steps.nextTaskEdge(55), std::nullopt);
        QCOMPARE(steps.previousTaskEdge(60), std::optional<TimeNs>(55));
        QCOMPARE(steps.previousTaskEdge(5), std::nullopt);
    }

    void theCriticalPathOfAKnownRun()
    {
        // The main thread starts two workers at 10. w1 computes with the GIL until 40 and hands
        // it to w2, which computes, waits for I/O, waits for a core and computes to 100.
        TraceBuilder b(2);
        const uint32_t main = addThread(b, "main", 1, ThreadRole::Engine);
        const uint32_t w1 = addThread(b, "w1");
        const uint32_t w2 = addThread(b, "w2");
        b.addState(main, 0, 10, ThreadState::Running, 0);
        b.addState(main, 10, 100, ThreadState::Sleeping);
        b.addState(main, 100, 110, ThreadState::Running, 0);
        b.addState(w1, 10, 40, ThreadState::Running, 0);
        b.addSpan(w1, 10, 40, SpanKind::Task, 0);
        b.addSpan(w1, 10, 40, SpanKind::GilHold);
        b.addState(w2, 10, 40, ThreadState::GilWait);
        b.addWait(w2, 10, 40, b.addWaitObject({WaitObjectKind::Gil, "GIL"}), w1);
        b.addState(w2, 40, 60, ThreadState::Running, 1);
        b.addState(w2, 60, 80, ThreadState::Io);
        b.addState(w2, 80, 90, ThreadState::Runnable);
        b.addState(w2, 90, 100, ThreadState::Running, 1);
        b.addSpan(w2, 40, 100, SpanKind::Task, 1);
        b.addSpan(w2, 40, 60, SpanKind::GilHold);
        b.addSpan(w2, 90, 100, SpanKind::GilHold);
        const Trace trace = b.build();
        const TraceIndex index(trace);
        const CriticalPath path = CriticalPath::of(index);
        const std::vector<PathSegment> expected{
            {main, 0, 10, ThreadState::Running}, {w1, 10, 40, ThreadState::Running},
            {w2, 40, 60, ThreadState::Running},  {w2, 60, 80, ThreadState::Io},
            {w2, 80, 90, ThreadState::Runnable}, {w2, 90, 100, ThreadState::Running},
        };
        QCOMPARE(path.segments().size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(path.segments()[i] == expected[i], qPrintable(QString::number(i)));
        QCOMPARE(path.length(), TimeNs(100));
        QCOMPARE(path.timeIn(ThreadState::Running), TimeNs(70));
        QCOMPARE(path.timeIn(ThreadState::Io), TimeNs(20));
        QCOMPARE(path.timeIn(ThreadState::Runnable), TimeNs(10));
        QCOMPARE(path.timeIn(ThreadState::GilWait), TimeNs(0));
        QCOMPARE(path.unshortenable(), TimeNs(90));
    }

    void aWaitForTheGilAfterItsReleaseIsOnThePath()
    {
        // w1 lets go of the GIL at 30; w2 only gets it at 40 (it had to be woken and get a
        // core): 30 to 40 is w2's wait on the path, and before 30 w1's computing.
        TraceBuilder b(2);
        const uint32_t w1 = addThread(b, "w1");
        const uint32_t w2 = addThread(b, "w2");
        b.addState(w1, 0, 30, ThreadState::Running, 0);
        b.addSpan(w1, 0, 30, SpanKind::GilHold);
        b.addState(w1, 30, 50, ThreadState::Sleeping);
        b.addState(w2, 0, 40, ThreadState::GilWait);
        b.addWait(w2, 0, 40, b.addWaitObject({WaitObjectKind::Gil, "GIL"}), w1);
        b.addState(w2, 40, 60, ThreadState::Running, 1);
        b.addSpan(w2, 40, 60, SpanKind::Task, 0);
        const Trace trace = b.build();
        const TraceIndex index(trace);
        const CriticalPath path = CriticalPath::of(index);
        QCOMPARE(path.segments().size(), size_t(3));
        QVERIFY(path.segments()[0] == (PathSegment{w1, 0, 30, ThreadState::Running}));
        QVERIFY(path.segments()[1] == (PathSegment{w2, 30, 40, ThreadState::GilWait}));
        QVERIFY(path.segments()[2] == (PathSegment{w2, 40, 60, ThreadState::Running}));
    }

    void aWaitCycleEnds()
    {
        // Each says the other ended its wait at the same instant: the walk must still end.
        TraceBuilder b(1);
        const uint32_t a = addThread(b, "a");
        const uint32_t c = addThread(b, "c");
        const uint32_t lock = b.addWaitObject({WaitObjectKind::Lock, "lock 1"});
        b.addState(a, 0, 50, ThreadState::LockWait);
        b.addWait(a, 0, 50, lock, c);
        b.addState(c, 0, 50, ThreadState::LockWait);
        b.addWait(c, 0, 50, lock, a);
        b.addState(a, 50, 60, ThreadState::Running);
        b.addSpan(a, 50, 60, SpanKind::Task, 0);
        const Trace trace = b.build();
        const TraceIndex index(trace);
        const CriticalPath path = CriticalPath::of(index);
        QCOMPARE(path.end(), TimeNs(60));
        QCOMPARE(path.begin(), TimeNs(0));
    }

    void theSerialFractionOfAGilRunAndOfThreads()
    {
        const auto share = [](bool gil) {
            TraceBuilder b(2);
            for (uint32_t t = 0; t < 2; ++t) {
                addThread(b, "t" + std::to_string(t));
                // Each computes 0..100; under the GIL they take turns holding it.
                b.addState(t, 0, 100, gil ? ThreadState::GilWait : ThreadState::Running, t);
            }
            if (gil) {
                TraceBuilder g(2);
                for (uint32_t t = 0; t < 2; ++t)
                    addThread(g, "t" + std::to_string(t));
                g.addState(0, 0, 50, ThreadState::Running, 0);
                g.addSpan(0, 0, 50, SpanKind::GilHold);
                g.addState(0, 50, 100, ThreadState::GilWait);
                g.addState(1, 0, 50, ThreadState::GilWait);
                g.addState(1, 50, 100, ThreadState::Running, 1);
                g.addSpan(1, 50, 100, SpanKind::GilHold);
                return SerialShare::of(g.build());
            }
            return SerialShare::of(b.build());
        };
        const SerialShare gil = share(true);
        QCOMPARE(gil.cpu, TimeNs(100));
        QCOMPARE(gil.fraction(), 1.0);
        const SerialShare threads = share(false);
        QCOMPARE(threads.cpu, TimeNs(200));
        QCOMPARE(threads.fraction(), 0.0);
        // Under a GIL, a thread running without it (native code that let go of it) goes on
        // beside the holder: t1 holds the GIL to 10, then runs without it to 60 while t0
        // holds it (0 to 10 and 60 to 100 each had one thread alone).
        TraceBuilder g(2);
        for (uint32_t t = 0; t < 2; ++t)
            addThread(g, "t" + std::to_string(t));
        g.addState(1, 0, 60, ThreadState::Running, 1);
        g.addSpan(1, 0, 10, SpanKind::GilHold);
        g.addState(0, 0, 10, ThreadState::GilWait);
        g.addState(0, 10, 100, ThreadState::Running, 0);
        g.addSpan(0, 10, 100, SpanKind::GilHold);
        const SerialShare native = SerialShare::of(g.build());
        QCOMPARE(native.cpu, TimeNs(150));
        QCOMPARE(native.serial, TimeNs(50));
    }
};

QTEST_GUILESS_MAIN(TestWhyQuery)
#include "tst_whyquery.moc"
