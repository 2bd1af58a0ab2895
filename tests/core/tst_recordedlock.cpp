// SPDX-License-Identifier: MIT
// RecordedLock with real threads: a free lock is taken without a wait; a held one makes the next
// thread wait off its core, with the GIL given up meanwhile, and records whom the lock came
// from; decoded, the events become lock-wait states, lock-hold spans and hand-off markers.

#include "engine/logdecoder.h"
#include "engine/recordedlock.h"
#include "testworker.h"

#include <QtTest>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

using namespace corescope;

namespace {

constexpr uint32_t kLockId = 7;

/// The run's logs as the engine hands them to the decoder: its own (with RunBegin) first.
Trace decode(const TestWorker &engine, const std::vector<const TestWorker *> &workers)
{
    std::vector<const EventLog *> logs{&engine.log()};
    for (const TestWorker *worker : workers)
        logs.push_back(&worker->log());
    const LogDecoder decoder(logs, Clock::calibration(),
                             std::max(1u, std::thread::hardware_concurrency()));
    return decoder.decode(Clock::now(), {});
}

size_t countOf(const ThreadSpans &spans, SpanKind kind)
{
    return size_t(std::count(spans.kind.begin(), spans.kind.end(), kind));
}

} // namespace

class TestRecordedLock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { (void)Clock::calibration(); }

    void freeLockIsTakenWithoutAWait()
    {
        RunControl control;
        RecordedLock lock(kLockId);
        TestWorker a(control, 11, "a");
        TestWorker b(control, 12, "b");
        lock.lock(a.context());
        lock.unlock(a.context());
        std::thread([&] { RecordedLockGuard guard(lock, b.context()); }).join();

        for (const TestWorker *worker : {&a, &b}) {
            QCOMPARE(worker->kinds(),
                     (std::vector{EventKind::LockAcquire, EventKind::LockRelease}));
            QCOMPARE(worker->last(EventKind::LockAcquire)->arg, uint64_t(kLockId));
            QCOMPARE(worker->last(EventKind::LockRelease)->arg, uint64_t(kLockId));
            QCOMPARE(worker->hooks().blocked.load(), 0); // the GIL, if any, is kept
            QCOMPARE(worker->capture().paused.load(), 0);
        }
        QCOMPARE(a.last(EventKind::LockAcquire)->arg2, 0u);                // nobody had it before
        QCOMPARE(b.last(EventKind::LockAcquire)->arg2, uint32_t(a.tid())); // it came from a
    }

    void heldLockMakesTheNextThreadWait()
    {
        RunControl control;
        RecordedLock lock(kLockId);
        TestWorker engine(control, 10, "engine");
        TestWorker a(control, 11, "a");
        TestWorker b(control, 12, "b");
        engine.log().record(EventKind::RunBegin);
        a.log().record(EventKind::ThreadBegin);
        b.log().record(EventKind::ThreadBegin);

        lock.lock(a.context());
        std::thread waiter([&] { RecordedLockGuard guard(lock, b.context()); });
        QVERIFY(QTest::qWaitFor([&] { return b.last(EventKind::LockWait) != nullptr; }));
        // Waiting: off its core, GIL given up, and not yet holding the lock.
        QVERIFY(QTest::qWaitFor([&] { return b.capture().paused.load() == 1; }));
        QCOMPARE(b.hooks().blocked.load(), 1);
        QCOMPARE(b.hooks().unblocked.load(), 0);
        QVERIFY(!b.last(EventKind::LockAcquire));
        lock.unlock(a.context());
        waiter.join();

        QCOMPARE(b.kinds(), (std::vector{EventKind::ThreadBegin, EventKind::LockWait,
                                         EventKind::LockAcquire, EventKind::LockRelease}));
        QCOMPARE(b.last(EventKind::LockWait)->arg, uint64_t(kLockId));
        QCOMPARE(b.last(EventKind::LockAcquire)->arg2, uint32_t(a.tid()));
        QCOMPARE(b.capture().resumed.load(), 1);
        QCOMPARE(b.hooks().unblocked.load(), 1);
        QCOMPARE(a.hooks().blocked.load(), 0);
        // a let go before b took it: the events say so in time order.
        QVERIFY(a.last(EventKind::LockRelease)->ticks <= b.last(EventKind::LockAcquire)->ticks);

        const Trace trace = decode(engine, {&a, &b});
        QCOMPARE(trace.threads().size(), size_t(3));
        const auto &markers = trace.markers();
        QCOMPARE(markers.size(), size_t(1));
        QCOMPARE(markers.front().kind, MarkerKind::LockHandoff);
        QCOMPARE(markers.front().thread, 2u);      // to b
        QCOMPARE(markers.front().otherThread, 1u); // from a
        QCOMPARE(countOf(trace.spansOf(1), SpanKind::LockHold), size_t(1));
        QCOMPARE(countOf(trace.spansOf(2), SpanKind::LockHold), size_t(1));
        const ThreadStates &states = trace.statesOf(2);
        const auto wait =
            std::find(states.state.begin(), states.state.end(), ThreadState::LockWait);
        QVERIFY(wait != states.state.end());
        const size_t i = size_t(wait - states.state.begin());
        QCOMPARE(states.end[i], markers.front().time); // the wait ends at the hand-off
        QVERIFY(std::find(trace.statesOf(1).state.begin(), trace.statesOf(1).state.end(),
                          ThreadState::LockWait)
                == trace.statesOf(1).state.end());
    }

    void everyIncrementCountsUnderContention()
    {
        // Four threads add to one counter under the lock; each wait and hold is recorded.
        constexpr int kThreads = 4;
        constexpr int kRounds = 2000;
        RunControl control;
        RecordedLock lock(kLockId);
        std::vector<std::unique_ptr<TestWorker>> workers;
        for (int i = 0; i < kThreads; ++i)
            workers.push_back(std::make_unique<TestWorker>(control, 20 + i, "w", 4 * kRounds + 8));
        long counter = 0;
        std::vector<std::thread> threads;
        for (auto &worker : workers) {
            threads.emplace_back([&, w = worker.get()] {
                for (int round = 0; round < kRounds; ++round) {
                    RecordedLockGuard guard(lock, w->context());
                    const long seen = counter;
                    std::this_thread::yield(); // invites another thread to the lock
                    counter = seen + 1;
                }
            });
        }
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(counter, long(kThreads) * kRounds);
        for (const auto &worker : workers) {
            QCOMPARE(worker->count(EventKind::LockAcquire), size_t(kRounds));
            QCOMPARE(worker->count(EventKind::LockRelease), size_t(kRounds));
            QCOMPARE(worker->count(EventKind::LockWait), size_t(worker->hooks().blocked.load()));
            QCOMPARE(worker->log().dropped(), uint64_t(0));
        }
    }
};

QTEST_GUILESS_MAIN(TestRecordedLock)
#include "tst_recordedlock.moc"
