// SPDX-License-Identifier: MIT
// The simulated GIL on a fake clock, with real threads: a waiter lets the holder run for one
// whole switch interval and then asks it to drop the lock, once; a hand-off in between starts
// the count again; a holder answering a request waits until the waiter has the lock. Time moves
// only when a test says so, so every interval is exact and no test waits for one.

#include "engine/models/simulatedgil.h"
#include "testworker.h"

#include <QtTest>

#include <algorithm>
#include <thread>
#include <vector>

using namespace corescope;
using namespace std::chrono_literals;

namespace {

constexpr std::chrono::nanoseconds kInterval = 5ms;

/// A clock that stands still until advance(): waits end when notified or when advance() passes
/// their deadline, and the test can see how many threads are waiting.
class FakeClock final : public GilClock
{
public:
    [[nodiscard]] TimePoint now() const override
    {
        std::lock_guard lock(m_mutex);
        return m_now;
    }

    std::cv_status waitUntil(std::unique_lock<std::mutex> &lock, std::condition_variable &cv,
                             TimePoint deadline) override
    {
        Wait wait{lock.mutex(), &cv, deadline};
        {
            std::lock_guard guard(m_mutex);
            if (m_now >= deadline)
                return std::cv_status::timeout;
            m_waits.push_back(&wait);
            ++m_started;
        }
        // Registered while `lock` is held, which advance() takes before it notifies: no wake-up
        // is lost between the check above and the wait.
        cv.wait(lock);
        std::lock_guard guard(m_mutex);
        m_waits.erase(std::find(m_waits.begin(), m_waits.end(), &wait));
        return m_now >= deadline ? std::cv_status::timeout : std::cv_status::no_timeout;
    }

    /// Moves time on and wakes the waits it ends; returns how many it ended.
    int advance(std::chrono::nanoseconds by)
    {
        std::vector<Wait> due;
        {
            std::lock_guard guard(m_mutex);
            m_now += by;
            for (const Wait *wait : m_waits) {
                if (wait->deadline <= m_now)
                    due.push_back(*wait);
            }
        }
        for (const Wait &wait : due) {
            std::lock_guard guard(*wait.mutex);
            wait.cv->notify_all();
        }
        return int(due.size());
    }

    /// Threads in a wait now.
    [[nodiscard]] int waiting() const
    {
        std::lock_guard guard(m_mutex);
        return int(m_waits.size());
    }
    /// Waits begun so far.
    [[nodiscard]] int started() const
    {
        std::lock_guard guard(m_mutex);
        return m_started;
    }

private:
    struct Wait
    {
        std::mutex *mutex;
        std::condition_variable *cv;
        TimePoint deadline;
    };
    mutable std::mutex m_mutex;
    TimePoint m_now{};
    std::vector<Wait *> m_waits;
    int m_started = 0;
};

/// Advances the clock and, if that ended a wait, lets the woken waiter settle into its next
/// one (or take the lock).
bool advanceAndSettle(FakeClock &clock, std::chrono::nanoseconds by, int waiters)
{
    const int started = clock.started();
    const int ended = clock.advance(by);
    return ended == 0 || QTest::qWaitFor([&] {
               return clock.started() >= started + ended && clock.waiting() == waiters;
           });
}

} // namespace

class TestSimulatedGil : public QObject
{
    Q_OBJECT

private slots:
    void uncontendedAcquireNeedsNoClock()
    {
        RunControl control;
        FakeClock clock;
        SimulatedGil gil(control, kInterval, clock);
        TestWorker a(control, 11);
        TestWorker b(control, 12);
        gil.acquire(a.context());
        gil.release(a.context(), false);
        gil.acquire(b.context());
        gil.releaseIfHeld(b.context());
        gil.releaseIfHeld(b.context()); // not held any more: nothing to do

        QCOMPARE(clock.started(), 0);
        QCOMPARE(a.kinds(), (std::vector{EventKind::GilAcquire, EventKind::GilRelease}));
        QCOMPARE(b.kinds(), (std::vector{EventKind::GilAcquire, EventKind::GilRelease}));
        QCOMPARE(a.last(EventKind::GilAcquire)->arg, uint64_t(0));  // nobody had it before
        QCOMPARE(b.last(EventKind::GilAcquire)->arg, uint64_t(11)); // a hand-off from a
        QCOMPARE(a.last(EventKind::GilRelease)->flags, uint8_t(0));
        QCOMPARE(a.capture().paused.load(), 0);
        QVERIFY(!gil.dropRequested());
    }

    void waiterAsksAfterAWholeInterval_data()
    {
        QTest::addColumn<std::vector<std::chrono::nanoseconds>>("steps");
        QTest::addColumn<int>("requests");
        using Steps = std::vector<std::chrono::nanoseconds>;
        QTest::newRow("not before the interval") << Steps{kInterval - 1ns} << 0;
        QTest::newRow("nothing while time stands still") << Steps{} << 0;
        QTest::newRow("at the interval") << Steps{kInterval} << 1;
        QTest::newRow("in two halves") << Steps{kInterval / 2, kInterval / 2} << 1;
        QTest::newRow("once while it is pending")
            << Steps{kInterval, kInterval, 3 * kInterval} << 1;
    }

    void waiterAsksAfterAWholeInterval()
    {
        QFETCH(std::vector<std::chrono::nanoseconds>, steps);
        QFETCH(int, requests);
        RunControl control;
        FakeClock clock;
        SimulatedGil gil(control, kInterval, clock);
        TestWorker holder(control, 11, "holder");
        TestWorker waiter(control, 12, "waiter");

        gil.acquire(holder.context());
        std::thread thread([&] { gil.acquire(waiter.context()); });
        QVERIFY(QTest::qWaitFor([&] { return clock.waiting() == 1; }));
        for (const auto step : steps)
            QVERIFY(advanceAndSettle(clock, step, 1));

        QCOMPARE(int(waiter.count(EventKind::GilDropRequest)), requests);
        QCOMPARE(gil.dropRequested(), requests > 0);
        QCOMPARE(control.attention.load(), requests > 0); // what the holder's checkpoint sees
        if (requests > 0)
            QCOMPARE(waiter.last(EventKind::GilDropRequest)->arg, uint64_t(holder.tid()));
        // A waiting thread is off its core.
        QCOMPARE(waiter.capture().paused.load(), 1);
        QCOMPARE(waiter.capture().resumed.load(), 0);

        // The holder answers (forced) or simply lets go; either way the waiter gets it from it.
        const bool forced = gil.dropRequested();
        gil.release(holder.context(), forced);
        // A forced holder returns only once the waiter has really taken the lock (or it would
        // win it straight back), and is off its core meanwhile.
        if (forced)
            QVERIFY(waiter.last(EventKind::GilAcquire));
        QCOMPARE(holder.capture().paused.load(), forced ? 1 : 0);
        QCOMPARE(holder.capture().resumed.load(), forced ? 1 : 0);
        thread.join();
        QCOMPARE(waiter.kinds().front(), EventKind::GilWait);
        QCOMPARE(waiter.kinds().back(), EventKind::GilAcquire);
        QCOMPARE(waiter.last(EventKind::GilAcquire)->arg, uint64_t(holder.tid()));
        QCOMPARE(holder.last(EventKind::GilRelease)->flags,
                 uint8_t(forced ? EventFlag::kForced : 0));
        QCOMPARE(waiter.capture().resumed.load(), 1);
        QVERIFY(!gil.dropRequested()); // taking the lock answers the request
        gil.release(waiter.context(), false);
    }

    void handOffInBetweenStartsTheCountAgain()
    {
        // Two threads wait; half an interval in, the holder lets go and one of them takes the
        // lock. The other has then waited a whole interval, but not for one holder: no request
        // yet. One interval later, with no hand-off, it asks the new holder.
        RunControl control;
        FakeClock clock;
        SimulatedGil gil(control, kInterval, clock);
        TestWorker holder(control, 11, "holder");
        TestWorker first(control, 12, "first");
        TestWorker second(control, 13, "second");
        gil.acquire(holder.context());
        std::thread a([&] { gil.acquire(first.context()); });
        std::thread b([&] { gil.acquire(second.context()); });
        QVERIFY(QTest::qWaitFor([&] { return clock.waiting() == 2; }));

        QVERIFY(advanceAndSettle(clock, kInterval / 2, 2));
        gil.release(holder.context(), false);
        QVERIFY(QTest::qWaitFor([&] {
            return clock.waiting() == 1
                   && (first.last(EventKind::GilAcquire) || second.last(EventKind::GilAcquire));
        }));
        TestWorker &winner = first.last(EventKind::GilAcquire) ? first : second;
        TestWorker &loser = &winner == &first ? second : first;
        QCOMPARE(winner.last(EventKind::GilAcquire)->arg, uint64_t(holder.tid()));

        QVERIFY(advanceAndSettle(clock, kInterval / 2, 1)); // the loser's first interval ends
        QVERIFY(!gil.dropRequested());
        QCOMPARE(loser.count(EventKind::GilDropRequest), size_t(0));
        QVERIFY(advanceAndSettle(clock, kInterval - 1ns, 1));
        QVERIFY(!gil.dropRequested());
        QVERIFY(advanceAndSettle(clock, 1ns, 1)); // a whole interval under the winner
        QVERIFY(gil.dropRequested());
        QCOMPARE(loser.last(EventKind::GilDropRequest)->arg, uint64_t(winner.tid()));

        gil.release(winner.context(), true);
        QVERIFY(loser.last(EventKind::GilAcquire));
        QCOMPARE(loser.last(EventKind::GilAcquire)->arg, uint64_t(winner.tid()));
        a.join();
        b.join();
        gil.release(loser.context(), false);
    }
};

QTEST_GUILESS_MAIN(TestSimulatedGil)
#include "tst_simulatedgil.moc"
