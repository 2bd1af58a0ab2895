// SPDX-License-Identifier: MIT
// The decoder on hand-made logs with known times: which state a thread is in, where it ran,
// which spans and markers come out, and that a core runs one thread at a time even where the
// capture saw two at once. Ticks are nanoseconds here (a calibration of 1 ns per tick).

#include "engine/eventlog.h"
#include "engine/logdecoder.h"

#include <QtTest>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

using namespace corescope;

namespace {

/// A log in plain memory with a chosen pid and tid, filled by hand.
class HandLog
{
public:
    HandLog(int pid, int tid, const char *name)
        : m_memory(EventLog::bytesFor(64))
        , m_log(EventLog::format(m_memory.data(), m_memory.size(), pid, tid, name))
    {
    }
    HandLog &add(uint64_t t, EventKind kind, uint64_t arg = 0, uint32_t arg2 = 0, uint16_t core = 0,
                 uint8_t flags = 0)
    {
        m_log.append(Event{t, arg, arg2, core, kind, flags});
        return *this;
    }
    HandLog &onCpu(uint64_t begin, uint64_t end, uint16_t core)
    {
        return add(begin, EventKind::OnCpu, end, 0, core);
    }
    const EventLog *log() const { return &m_log; }

private:
    std::vector<std::byte> m_memory;
    EventLog m_log;
};

struct StateRow
{
    TimeNs begin;
    TimeNs end;
    ThreadState state;
    uint16_t core;
};

constexpr ClockCalibration kNanoseconds{0, 0, 1.0, false};

struct SliceRow
{
    TimeNs begin;
    TimeNs end;
    uint32_t thread;
    bool operator==(const SliceRow &) const = default;
};

std::vector<SliceRow> slicesOf(const Trace &trace, size_t core)
{
    std::vector<SliceRow> rows;
    const CoreSlices &s = trace.slicesOnCore(core);
    for (size_t i = 0; i < s.size(); ++i)
        rows.push_back({s.begin[i], s.end[i], s.thread[i]});
    return rows;
}

std::vector<StateRow> statesOf(const Trace &trace, size_t thread)
{
    std::vector<StateRow> rows;
    const ThreadStates &s = trace.statesOf(thread);
    for (size_t i = 0; i < s.size(); ++i)
        rows.push_back({s.begin[i], s.end[i], s.state[i], s.core[i]});
    return rows;
}

} // namespace

Q_DECLARE_METATYPE(std::vector<StateRow>)

bool operator==(const StateRow &a, const StateRow &b)
{
    return a.begin == b.begin && a.end == b.end && a.state == b.state
           && (a.state != ThreadState::Running || a.core == b.core);
}

class TestLogDecoder : public QObject
{
    Q_OBJECT

    std::unique_ptr<HandLog> m_engine, m_a, m_b, m_child;
    Trace m_trace;

private slots:
    void initTestCase()
    {
        m_engine = std::make_unique<HandLog>(100, 100, "engine");
        m_engine->add(0, EventKind::RunBegin)
            .add(10, EventKind::Idle, 0, 0)
            .add(30, EventKind::ChildSpawn, 200, 0)
            .add(900, EventKind::ChildExit, 200, 0)
            .add(1000, EventKind::Idle, 0, 1)
            .add(1010, EventKind::RunEnd);
        m_a = std::make_unique<HandLog>(100, 101, "thread-1");
        m_a->add(10, EventKind::ThreadBegin)
            .add(10, EventKind::TaskBegin, 0, 0)
            .onCpu(10, 200, 0)
            .onCpu(250, 400, 1)
            .add(400, EventKind::IoBegin)
            .add(600, EventKind::IoEnd)
            .onCpu(600, 700, 1)
            .add(700, EventKind::TaskEnd, 42, 0)
            .add(700, EventKind::ThreadEnd, 490);
        m_b = std::make_unique<HandLog>(100, 102, "thread-2");
        m_b->add(20, EventKind::ThreadBegin)
            .add(20, EventKind::GilWait)
            .add(300, EventKind::GilAcquire, 101)
            .onCpu(300, 500, 0)
            .add(500, EventKind::GilRelease)
            .add(500, EventKind::ThreadEnd, 200);
        m_child = std::make_unique<HandLog>(200, 200, "process-1");
        m_child->add(80, EventKind::ChildReady)
            .add(80, EventKind::ThreadBegin)
            .onCpu(80, 800, 2)
            .add(800, EventKind::ThreadEnd, 720);
        LogDecoder decoder({m_engine->log(), m_a->log(), m_b->log(), m_child->log()}, kNanoseconds,
                           2);
        TraceMetadata metadata;
        metadata.wallNs = 1010;
        m_trace = decoder.decode(1010, metadata);
    }

    void threads()
    {
        const auto &threads = m_trace.threads();
        QCOMPARE(threads.size(), size_t(4));
        QCOMPARE(threads[0].role, ThreadRole::Engine);
        QCOMPARE(threads[1].role, ThreadRole::Worker);
        QCOMPARE(threads[3].role, ThreadRole::ChildProcess);
        QCOMPARE(threads[1].kernelCpuNs, int64_t(490));
        // A child's lane starts when it was spawned and ends when it was reaped.
        QCOMPARE(threads[3].begin, TimeNs(30));
        QCOMPARE(threads[3].end, TimeNs(900));
    }

    void states_data()
    {
        QTest::addColumn<int>("thread");
        QTest::addColumn<std::vector<StateRow>>("expected");
        QTest::newRow("engine waits for its workers")
            << 0
            << std::vector<StateRow>{{0, 10, ThreadState::Runnable, 0},
                                     {10, 1000, ThreadState::Sleeping, 0},
                                     {1000, 1010, ThreadState::Runnable, 0}};
        QTest::newRow("preempted, migrated, blocked in I/O")
            << 1
            << std::vector<StateRow>{{10, 200, ThreadState::Running, 0},
                                     {200, 250, ThreadState::Runnable, 0},
                                     {250, 400, ThreadState::Running, 1},
                                     {400, 600, ThreadState::Io, 0},
                                     {600, 700, ThreadState::Running, 1}};
        QTest::newRow("waits for the GIL")
            << 2
            << std::vector<StateRow>{{20, 300, ThreadState::GilWait, 0},
                                     {300, 500, ThreadState::Running, 0}};
        QTest::newRow("child starts, then runs")
            << 3
            << std::vector<StateRow>{{30, 80, ThreadState::Starting, 0},
                                     {80, 800, ThreadState::Running, 2}};
    }

    void states()
    {
        QFETCH(int, thread);
        QFETCH(std::vector<StateRow>, expected);
        const auto actual = statesOf(m_trace, size_t(thread));
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < actual.size(); ++i) {
            QVERIFY2(
                actual[i] == expected[i],
                qPrintable(QStringLiteral("row %1: [%2, %3) %4 core %5")
                               .arg(i)
                               .arg(actual[i].begin)
                               .arg(actual[i].end)
                               .arg(QString::fromLatin1(threadStateName(actual[i].state).data()))
                               .arg(actual[i].core)));
        }
    }

    // A thread whose log lost its begin event has slices but no phases of its own: it is Running
    // on them, and nothing is guessed for the gaps between (not Sleeping from the unset flag).
    void aThreadWithoutPhasesGetsNoGuessedGaps()
    {
        HandLog engine(100, 100, "engine");
        engine.add(0, EventKind::RunBegin).add(1000, EventKind::RunEnd);
        HandLog lone(100, 103, "thread-3");
        lone.onCpu(100, 200, 0).onCpu(300, 400, 1);
        LogDecoder decoder({engine.log(), lone.log()}, kNanoseconds, 2);
        const Trace trace = decoder.decode(1000, TraceMetadata{});
        const auto actual = statesOf(trace, 1);
        const std::vector<StateRow> expected{{100, 200, ThreadState::Running, 0},
                                             {300, 400, ThreadState::Running, 1}};
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < actual.size(); ++i)
            QVERIFY(actual[i] == expected[i]);
    }

    void slicesPerCore()
    {
        QCOMPARE(m_trace.coreCount(), size_t(3)); // grows to the highest core seen
        const CoreSlices &core0 = m_trace.slicesOnCore(0);
        QCOMPARE(core0.size(), size_t(2));
        QCOMPARE(core0.begin[0], TimeNs(10));
        QCOMPARE(core0.thread[0], 1u);
        QCOMPARE(core0.begin[1], TimeNs(300));
        QCOMPARE(core0.thread[1], 2u);
        QCOMPARE(m_trace.slicesOnCore(1).size(), size_t(2));
        QCOMPARE(m_trace.slicesOnCore(2).thread[0], 3u);
        QCOMPARE(m_trace.sliceCount(), size_t(5));
    }

    void spansAndMarkers()
    {
        const ThreadSpans &a = m_trace.spansOf(1);
        QCOMPARE(a.size(), size_t(1));
        QCOMPARE(a.kind[0], SpanKind::Task);
        QCOMPARE(a.result[0], uint64_t(42));
        QCOMPARE(a.end[0], TimeNs(700));
        const ThreadSpans &b = m_trace.spansOf(2);
        QCOMPARE(b.kind[0], SpanKind::GilHold);
        QCOMPARE(b.begin[0], TimeNs(300));
        const ThreadSpans &child = m_trace.spansOf(3);
        QCOMPARE(child.kind[0], SpanKind::Startup);
        QCOMPARE(child.begin[0], TimeNs(30));
        QCOMPARE(child.end[0], TimeNs(80));

        int handoffs = 0, migrations = 0, exits = 0;
        for (const Marker &m : m_trace.markers()) {
            if (m.kind == MarkerKind::GilHandoff) {
                ++handoffs;
                QCOMPARE(m.thread, 2u);
                QCOMPARE(m.otherThread, 1u);
                QCOMPARE(m.time, TimeNs(300));
            } else if (m.kind == MarkerKind::Migration) {
                ++migrations;
                QCOMPARE(m.time, TimeNs(250));
                QCOMPARE(m.fromCore, uint16_t(0));
                QCOMPARE(m.core, uint16_t(1));
            } else if (m.kind == MarkerKind::ChildExit) {
                ++exits;
                QCOMPARE(m.thread, 3u);
            }
        }
        QCOMPARE(handoffs, 1);
        QCOMPARE(migrations, 1);
        QCOMPARE(exits, 1);
    }

    // The model's own thread computing while its workers run: a named span on its lane; one
    // still open when the decoding happens (a live trace) ends now.
    void aGilWaitNamesTheThreadThatHandedItOver()
    {
        const ThreadWaits &waits = m_trace.waitsOf(2);
        QCOMPARE(waits.size(), size_t(1));
        QCOMPARE(waits.begin[0], TimeNs(20));
        QCOMPARE(waits.end[0], TimeNs(300));
        QCOMPARE(waits.endedBy[0], uint32_t(1)); // thread-1 held it before
        QCOMPARE(m_trace.waitObjects().at(waits.object[0]).kind, WaitObjectKind::Gil);
    }

    // A producer and a consumer on a queue of one item: each put and get says the item's number
    // and the depth it left; a blocked put says whose get made room.
    // A program a task ran (subprocess.run), written by the task's thread from the kernel's
    // records: its lane starts at the spawn, starts up until the exec, then shows its slices with
    // what each switch-out said (preempted: runnable; otherwise blocked, for a reason a program
    // does not record); the thread's wait names the program, whose exit ended it.
    void programsStartedByTasks()
    {
        HandLog engine(100, 100, "engine");
        engine.add(0, EventKind::RunBegin).add(1000, EventKind::RunEnd);
        HandLog thread(100, 101, "gil-thread-1");
        thread.add(0, EventKind::ThreadBegin)
            .onCpu(0, 100, 0)
            .add(100, EventKind::IoBegin, 300, uint32_t(IoKind::Child))
            .add(800, EventKind::IoEnd, 300, uint32_t(IoKind::Child))
            .onCpu(800, 850, 0)
            .add(850, EventKind::ThreadEnd, 150);
        HandLog program(300, 300, "sha256sum");
        program.add(90, EventKind::ChildSpawn, 300)
            .add(120, EventKind::ChildReady, 300, 0, 1)
            .add(120, EventKind::OnCpu, 300, 0, 1, EventFlag::kPreempted)
            .add(400, EventKind::OnCpu, 600, 0, 0)
            .add(700, EventKind::OnCpu, 790, 0, 1)
            .add(790, EventKind::ThreadEnd, 480)
            .add(790, EventKind::ChildExit, 300, 0);
        HandLog unrecorded(301, 301, "sleep");
        unrecorded.add(95, EventKind::ChildSpawn, 301)
            .add(500, EventKind::ChildExit, 301, 0, 0, EventFlag::kUnrecorded);
        TraceMetadata metadata;
        metadata.wallNs = 1000;
        const Trace trace =
            LogDecoder({engine.log(), thread.log(), program.log(), unrecorded.log()}, kNanoseconds,
                       2)
                .decode(1000, metadata);

        const ThreadInfo &lane = trace.threads()[2];
        QCOMPARE(lane.role, ThreadRole::ChildProcess);
        QCOMPARE(lane.pid, 300);
        QCOMPARE(lane.begin, TimeNs(90));
        QCOMPARE(lane.end, TimeNs(790));
        QCOMPARE(lane.kernelCpuNs, int64_t(480));
        const std::vector<StateRow> expected{{120, 300, ThreadState::Running, 1},
                                             {300, 400, ThreadState::Runnable, 0},
                                             {400, 600, ThreadState::Running, 0},
                                             {600, 700, ThreadState::Blocked, 0},
                                             {700, 790, ThreadState::Running, 1}};
        const auto states = statesOf(trace, 2);
        QCOMPARE(states.size(), expected.size());
        for (size_t i = 0; i < states.size(); ++i)
            QVERIFY2(states[i] == expected[i], qPrintable(QString::number(i)));
        const ThreadSpans &spans = trace.spansOf(2);
        QCOMPARE(spans.size(), size_t(1));
        QCOMPARE(spans.kind[0], SpanKind::Startup);
        QCOMPARE(spans.begin[0], TimeNs(90));
        QCOMPARE(spans.end[0], TimeNs(120));
        QVERIFY(std::any_of(trace.markers().begin(), trace.markers().end(), [](const Marker &m) {
            return m.kind == MarkerKind::ChildExit && m.thread == 2 && m.time == 790;
        }));

        const ThreadWaits &waits = trace.waitsOf(1);
        QCOMPARE(waits.size(), size_t(1));
        QCOMPARE(waits.begin[0], TimeNs(100));
        QCOMPARE(waits.end[0], TimeNs(800));
        QCOMPARE(waits.endedBy[0], uint32_t(2));
        const WaitObject &child = trace.waitObjects().at(waits.object[0]);
        QCOMPARE(child.kind, WaitObjectKind::Child);
        QCOMPARE(QString::fromStdString(child.name), QStringLiteral("sha256sum (pid 300)"));

        // Where the kernel refused the records, the lane has no slices and the trace says why.
        QCOMPARE(trace.statesOf(3).size(), size_t(0));
        QCOMPARE(trace.threads()[3].end, TimeNs(500));
        const auto &problems = trace.metadata().problems;
        QVERIFY(std::any_of(problems.begin(), problems.end(), [](const std::string &p) {
            return p.find("sleep (pid 301)") != std::string::npos
                   && p.find("not known") != std::string::npos;
        }));
    }

    void queueTraffic()
    {
        HandLog engine(100, 100, "engine");
        engine.add(0, EventKind::RunBegin).add(1000, EventKind::RunEnd);
        HandLog producer(100, 101, "producer");
        producer.add(0, EventKind::ThreadBegin)
            .onCpu(0, 200, 0)
            .add(100, EventKind::QueuePut, 0, queueDepth(1, 1))
            .add(160, EventKind::QueuePut, 1, queueDepth(1, 1))
            .add(200, EventKind::QueueWait, 1, 0)
            .add(401, EventKind::QueuePut, 2 | uint64_t(102) << 32, queueDepth(1, 1))
            .onCpu(401, 500, 0)
            .add(500, EventKind::ThreadEnd, 300);
        HandLog consumer(100, 102, "consumer");
        consumer.add(0, EventKind::ThreadBegin)
            .add(0, EventKind::QueueWait, 1, 1)
            .add(150, EventKind::QueueGet, 0, queueDepth(1, 0))
            .onCpu(150, 650, 1)
            .add(400, EventKind::QueueGet, 1, queueDepth(1, 0))
            .add(600, EventKind::QueueGet, 2, queueDepth(1, 0))
            .add(650, EventKind::ThreadEnd, 500);
        TraceMetadata metadata;
        metadata.wallNs = 1000;
        const Trace trace =
            LogDecoder({engine.log(), producer.log(), consumer.log()}, kNanoseconds, 2)
                .decode(1000, metadata);

        const auto producerStates = statesOf(trace, 1);
        const StateRow blockedPut{200, 401, ThreadState::QueueWait, 0};
        QVERIFY(std::any_of(producerStates.begin(), producerStates.end(),
                            [&](const StateRow &row) { return row == blockedPut; }));
        QVERIFY(statesOf(trace, 2).front() == (StateRow{0, 150, ThreadState::QueueWait, 0}));

        // Who ended each wait: the consumer's get made room, the producer's put brought an item.
        QCOMPARE(trace.waitsOf(1).size(), size_t(1));
        QCOMPARE(trace.waitsOf(1).begin[0], TimeNs(200));
        QCOMPARE(trace.waitsOf(1).end[0], TimeNs(401));
        QCOMPARE(trace.waitsOf(1).endedBy[0], uint32_t(2));
        QCOMPARE(trace.waitsOf(2).size(), size_t(1));
        QCOMPARE(trace.waitsOf(2).end[0], TimeNs(150));
        QCOMPARE(trace.waitsOf(2).endedBy[0], uint32_t(1));
        const WaitObject &queue = trace.waitObjects().at(trace.waitsOf(1).object[0]);
        QCOMPARE(queue.kind, WaitObjectKind::Queue);
        QCOMPARE(QString::fromStdString(queue.name), QStringLiteral("queue 1"));

        // Each item's hand-off, from its put to its get.
        std::vector<std::pair<TimeNs, TimeNs>> handoffs; // (sent, got)
        for (const Marker &marker : trace.markers()) {
            if (marker.kind != MarkerKind::QueueHandoff)
                continue;
            QCOMPARE(marker.thread, uint32_t(2));
            QCOMPARE(marker.otherThread, uint32_t(1));
            handoffs.emplace_back(marker.sentAt(), marker.time);
        }
        QCOMPARE(handoffs,
                 (std::vector<std::pair<TimeNs, TimeNs>>{{100, 150}, {160, 400}, {401, 600}}));

        // The depth, from an empty queue at the start.
        QCOMPARE(trace.counters().size(), size_t(1));
        const CounterTrack &depth = trace.counters()[0];
        QCOMPARE(depth.kind, CounterKind::QueueDepth);
        std::vector<std::pair<TimeNs, double>> values;
        for (size_t i = 0; i < depth.size(); ++i)
            values.emplace_back(depth.time[i], depth.value[i]);
        QCOMPARE(values, (std::vector<std::pair<TimeNs, double>>{
                             {0, 0}, {100, 1}, {150, 0}, {160, 1}, {400, 0}, {401, 1}, {600, 0}}));
    }

    void mainThreadWorkIsANamedSpan_data()
    {
        QTest::addColumn<bool>("finished");
        QTest::newRow("finished") << true;
        QTest::newRow("still computing") << false;
    }

    void mainThreadWorkIsANamedSpan()
    {
        QFETCH(bool, finished);
        HandLog engine(1, 1, "engine");
        engine.add(0, EventKind::RunBegin).add(5, EventKind::MainWork, 0, 0);
        if (finished)
            engine.add(80, EventKind::MainWork, 0, 1).add(80, EventKind::Idle, 0, 0);
        const Trace trace = LogDecoder({engine.log()}, kNanoseconds, 1).decode(100, {});
        const ThreadSpans &spans = trace.spansOf(0);
        QCOMPARE(spans.size(), size_t(1));
        QCOMPARE(spans.kind[0], SpanKind::Named);
        QCOMPARE(trace.spanNames().at(spans.task[0]), std::string("main thread computes"));
        QCOMPARE(spans.begin[0], TimeNs(5));
        QCOMPARE(spans.end[0], TimeNs(finished ? 80 : 100));
    }

    void unfinishedThreadsEndNow()
    {
        HandLog engine(1, 1, "engine");
        engine.add(0, EventKind::RunBegin);
        HandLog worker(1, 2, "thread-1");
        worker.add(5, EventKind::ThreadBegin).add(5, EventKind::TaskBegin, 0, 3);
        const Trace live = LogDecoder({engine.log(), worker.log()}, kNanoseconds, 1).decode(50, {});
        QCOMPARE(live.threads()[1].end, TimeNs(50));
        QCOMPARE(live.spansOf(1).size(), size_t(1));
        QCOMPARE(live.spansOf(1).end[0], TimeNs(50));
        QCOMPARE(live.spansOf(1).task[0], 3u);
    }

    // A thread's slices against the CPU time the kernel counted for it (ms-sized, 1 µs precision,
    // 10 slices): the kernel counting more is normal, slices adding up to clearly more is not.
    void slicesBeyondTheKernelsCpuTime_data()
    {
        QTest::addColumn<qint64>("kernelNs");
        QTest::addColumn<bool>("reported");
        QTest::newRow("equal") << qint64(10'000'000) << false;
        QTest::newRow("kernel counted more (time before the capture)")
            << qint64(12'000'000) << false;
        QTest::newRow("slices 50 µs more: edges and clocks") << qint64(9'950'000) << false;
        QTest::newRow("slices 1 ms more: lost switch-outs") << qint64(9'000'000) << true;
        QTest::newRow("slices 4.7 % more: a little steal time") << qint64(9'550'000) << false;
    }

    void slicesBeyondTheKernelsCpuTime()
    {
        QFETCH(qint64, kernelNs);
        QFETCH(bool, reported);
        HandLog engine(1, 1, "engine");
        engine.add(0, EventKind::RunBegin).add(30'000'000, EventKind::RunEnd);
        HandLog worker(1, 2, "thread-1");
        worker.add(0, EventKind::ThreadBegin);
        for (uint64_t i = 0; i < 10; ++i)
            worker.onCpu(i * 2'000'000, i * 2'000'000 + 1'000'000, 0);
        worker.add(20'000'000, EventKind::ThreadEnd, uint64_t(kernelNs));
        TraceMetadata metadata;
        metadata.capturePrecisionNs = 1'000;
        const Trace trace =
            LogDecoder({engine.log(), worker.log()}, kNanoseconds, 1).decode(30'000'000, metadata);
        const auto &problems = trace.metadata().problems;
        QCOMPARE(problems.size(), size_t(reported ? 1 : 0));
        if (reported)
            QCOMPARE(QString::fromStdString(problems.front()),
                     QStringLiteral("thread-1: its on-CPU slices add up to 10.0 ms but the kernel "
                                    "counted 9.0 ms of CPU time; the capture lost switch records "
                                    "or a hypervisor held the core, so the thread may be shown on "
                                    "a core when it did not run"));
    }

    // cpuclock estimates where a slice ends, so two threads may claim one core at once: the core
    // goes to the one that began later, and one it interrupted resumes after it.
    void overlappingSlicesOnOneCore_data()
    {
        QTest::addColumn<qint64>("precision");
        QTest::addColumn<QString>("problem");
        QTest::newRow("within the capture's precision") << qint64(100'000) << QString();
        QTest::newRow("beyond it")
            << qint64(20'000)
            << QStringLiteral("2 on-CPU slices began while another thread held the core (up to "
                              "100 µs, 150 µs in all); the later thread was given the core");
    }

    void overlappingSlicesOnOneCore()
    {
        QFETCH(qint64, precision);
        QFETCH(QString, problem);
        HandLog engine(1, 1, "engine");
        engine.add(0, EventKind::RunBegin).add(1'000'000, EventKind::RunEnd);
        HandLog a(1, 2, "thread-1");
        a.onCpu(0, 300'000, 0).onCpu(600'000, 1'000'000, 0);
        HandLog b(1, 3, "thread-2");
        b.onCpu(250'000, 500'000, 0).onCpu(700'000, 800'000, 0); // the second inside a's
        TraceMetadata metadata;
        metadata.capturePrecisionNs = precision;
        const Trace trace = LogDecoder({engine.log(), a.log(), b.log()}, kNanoseconds, 1)
                                .decode(1'000'000, metadata);
        const std::vector<SliceRow> expected{{0, 250'000, 1},
                                             {250'000, 500'000, 2},
                                             {600'000, 700'000, 1},
                                             {700'000, 800'000, 2},
                                             {800'000, 1'000'000, 1}};
        QVERIFY(slicesOf(trace, 0) == expected);
        QCOMPARE(trace.coreConflicts().count, uint64_t(2));
        QCOMPARE(trace.coreConflicts().longest, TimeNs(100'000));
        QCOMPARE(trace.coreConflicts().total, TimeNs(150'000));
        const auto &problems = trace.metadata().problems;
        QCOMPARE(problems.size(), size_t(problem.isEmpty() ? 0 : 1));
        if (!problem.isEmpty())
            QCOMPARE(QString::fromStdString(problems.front()), problem);
    }

    // Random slices of three threads on one core, each thread's own in order: the result is one
    // thread at a time, time that one thread alone claimed stays its own, and the core is never
    // given to a thread that did not claim it.
    void coreGoesToOneThreadAtATime_data()
    {
        QTest::addColumn<unsigned>("seed");
        for (unsigned seed = 1; seed <= 8; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }

    void coreGoesToOneThreadAtATime()
    {
        QFETCH(unsigned, seed);
        constexpr int kUnits = 400; // of 1 µs; every edge falls on one
        constexpr TimeNs kUnit = 1'000;
        std::mt19937 random(seed);
        HandLog engine(1, 1, "engine");
        engine.add(0, EventKind::RunBegin).add(uint64_t(kUnits * kUnit), EventKind::RunEnd);
        std::vector<std::unique_ptr<HandLog>> threads;
        std::vector<const EventLog *> logs{engine.log()};
        std::vector<std::vector<uint32_t>> claimedBy(kUnits);
        for (uint32_t t = 1; t <= 3; ++t) {
            threads.push_back(std::make_unique<HandLog>(1, int(1 + t), "worker"));
            for (int at = int(random() % 20);;) {
                const int length = 1 + int(random() % 40);
                if (at + length > kUnits)
                    break;
                threads.back()->onCpu(uint64_t(at * kUnit), uint64_t((at + length) * kUnit), 0);
                for (int u = at; u < at + length; ++u)
                    claimedBy[size_t(u)].push_back(t);
                at += length + int(random() % 40);
            }
            logs.push_back(threads.back()->log());
        }
        const Trace trace = LogDecoder(logs, kNanoseconds, 1).decode(uint64_t(kUnits * kUnit), {});

        std::vector<int64_t> holder(kUnits, -1);
        TimeNs free = 0;
        for (const SliceRow &slice : slicesOf(trace, 0)) {
            QVERIFY(slice.begin >= free); // sorted, not overlapping
            QVERIFY(slice.end > slice.begin);
            QCOMPARE(slice.begin % kUnit, TimeNs(0));
            QCOMPARE(slice.end % kUnit, TimeNs(0));
            for (TimeNs u = slice.begin / kUnit; u < slice.end / kUnit; ++u)
                holder[size_t(u)] = slice.thread;
            free = slice.end;
        }
        for (size_t u = 0; u < size_t(kUnits); ++u) {
            const auto &claims = claimedBy[u];
            const QString at = QStringLiteral("at %1 µs").arg(u);
            if (claims.empty()) {
                QVERIFY2(holder[u] == -1, qPrintable(at));
            } else if (claims.size() == 1) {
                QVERIFY2(holder[u] == claims.front(), qPrintable(at));
            } else {
                QVERIFY2(std::count(claims.begin(), claims.end(), holder[u]) == 1, qPrintable(at));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestLogDecoder)
#include "tst_logdecoder.moc"
