// SPDX-License-Identifier: MIT
// The one reconstruction of context switches on hand-made records: which slices each core gets
// and which states each thread's strip shows, from per-thread records (our own capture), from
// per-CPU records in any interleaving (sched_switch, a kernel's per-CPU rings) and with the
// phases a thread recorded itself. Two threads, two cores, records end at 100 ns.

#include "tracefixtures.h"

#include "trace/switchreconstruction.h"
#include "trace/tracebuilder.h"

#include <QtTest>

#include <functional>

using namespace corescope;

namespace {

using Feed = std::function<void(SwitchReconstruction &)>;

constexpr uint32_t kIdle = SwitchReconstruction::kIdle;
constexpr TimeNs kEnd = 100;

std::optional<ThreadState> leaving(char prevState)
{
    return SwitchReconstruction::stateAfterSwitchOut(prevState);
}

/// What every caller adds of each thread: its slices, migrations and states, `shift` earlier.
Trace reconstruct(const Feed &feed, TimeNs shift = 0)
{
    SwitchReconstruction switches;
    feed(switches);
    switches.finish(kEnd);
    TraceBuilder builder(2);
    for (uint32_t t = 0; t < 2; ++t) {
        builder.addThread({1, int32_t(t + 1), "thread", ThreadRole::Worker, 0, kEnd, -1});
        switches.addThreadTo(builder, t, t, shift);
    }
    return builder.build();
}

/// "t<thread> <time> <from>→<to>" per marker, ", " between them.
QString migrationsText(const Trace &trace)
{
    QStringList out;
    for (const Marker &m : trace.markers()) {
        if (m.kind == MarkerKind::Migration)
            out << QStringLiteral("t%1 %2 %3→%4")
                       .arg(m.thread)
                       .arg(m.time)
                       .arg(m.fromCore)
                       .arg(m.core);
        else
            out << QStringLiteral("not a migration");
    }
    return out.join(QStringLiteral(", "));
}

} // namespace

Q_DECLARE_METATYPE(Feed)

class TestSwitchReconstruction : public QObject
{
    Q_OBJECT

private slots:
    void slicesAndStates_data()
    {
        QTest::addColumn<Feed>("feed");
        QTest::addColumn<QString>("core0");
        QTest::addColumn<QString>("core1");
        QTest::addColumn<QString>("thread0");
        QTest::addColumn<QString>("thread1");

        QTest::newRow("preempted switch-out: runnable until it runs again")
            << Feed([](SwitchReconstruction &s) {
                   s.switchIn(0, 0, 0);
                   s.switchOut(0, 10, SwitchReconstruction::stateAfterSwitchOut(true));
                   s.switchIn(0, 20, 1);
                   s.switchOut(0, 30, SwitchReconstruction::stateAfterSwitchOut(false));
               })
            << "t0 0-10"
            << "t0 20-30"
            << "0-10 running@0 | 10-20 runnable | 20-30 running@1"
            << "";
        QTest::newRow("blocked switch-out (D): in I/O until it runs again")
            << Feed([](SwitchReconstruction &s) {
                   s.coreSwitch(0, 0, kIdle, 0, leaving('R'));
                   s.coreSwitch(0, 10, 0, kIdle, leaving('D'));
                   s.coreSwitch(0, 20, kIdle, 0, leaving('R'));
                   s.coreSwitch(0, 30, 0, kIdle, leaving('S'));
                   s.coreSwitch(0, 40, kIdle, 0, leaving('R'));
                   s.coreSwitch(0, 50, 0, kIdle, leaving('X'));
               })
            << "t0 0-10, t0 20-30, t0 40-50"
            << ""
            << "0-10 running@0 | 10-20 io | 20-30 running@0 | 30-40 sleeping | 40-50 running@0"
            << "";
        QTest::newRow("a missing switch-in at the start: only the switch-out's state")
            << Feed([](SwitchReconstruction &s) {
                   s.switchOut(0, 10, leaving('R'));
                   s.switchIn(0, 20, 0);
                   s.switchOut(0, 30, leaving('S'));
               })
            << "t0 20-30"
            << ""
            << "10-20 runnable | 20-30 running@0"
            << "";
        QTest::newRow("a CPU's first record: its prev only leaves")
            << Feed([](SwitchReconstruction &s) {
                   s.coreSwitch(0, 10, 0, 1, leaving('R'));
                   s.coreSwitch(0, 20, 1, 0, leaving('S'));
                   s.coreSwitch(0, 30, 0, kIdle, leaving('S'));
               })
            << "t1 10-20, t0 20-30"
            << ""
            << "10-20 runnable | 20-30 running@0"
            << "10-20 running@0";
        QTest::newRow("a thread still on a core at the end: until the records end")
            << Feed([](SwitchReconstruction &s) {
                   s.switchIn(0, 50, 1);
                   s.coreSwitch(0, 60, kIdle, 1, leaving('R'));
               })
            << "t1 60-100"
            << "t0 50-100"
            << "50-100 running@1"
            << "60-100 running@0";
        QTest::newRow("overlapping claims on one core: the later claim holds it")
            << Feed([](SwitchReconstruction &s) {
                   s.addSlice(0, 0, 50, 0, leaving('S'));
                   s.addSlice(1, 30, 80, 0, leaving('S'));
               })
            << "t0 0-30, t1 30-80"
            << ""
            << "0-50 running@0"
            << "30-80 running@0";
        QTest::newRow("one thread on two cores at once: its strip follows the later claim")
            << Feed([](SwitchReconstruction &s) {
                   s.addSlice(0, 0, 50, 0, leaving('R'));
                   s.addSlice(0, 20, 30, 1, leaving('R'));
                   s.addSlice(0, 60, 70, 1, leaving('R'));
               })
            << "t0 0-50"
            << "t0 20-30, t0 60-70"
            << "0-20 running@0 | 20-30 running@1 | 30-50 running@0 | 50-60 runnable | "
               "60-70 running@1"
            << "";
        QTest::newRow("per-CPU records in any interleaving: as per-thread records give")
            << Feed([](SwitchReconstruction &s) {
                   s.coreSwitch(1, 50, kIdle, 0, leaving('R')); // CPU 1 before CPU 0's past
                   s.coreSwitch(0, 0, kIdle, 0, leaving('R'));
                   s.coreSwitch(1, 70, 0, kIdle, leaving('S'));
                   s.coreSwitch(0, 40, 0, 1, leaving('R'));
                   s.coreSwitch(0, 90, 1, kIdle, leaving('S'));
                   s.coreSwitch(1, 10, kIdle, 1, leaving('R')); // sorted per CPU only
                   s.coreSwitch(1, 30, 1, kIdle, leaving('R'));
               })
            << "t0 0-40, t1 40-90"
            << "t1 10-30, t0 50-70"
            << "0-40 running@0 | 40-50 runnable | 50-70 running@1"
            << "10-30 running@1 | 30-40 runnable | 40-90 running@0";
        QTest::newRow("the same as per-thread records")
            << Feed([](SwitchReconstruction &s) {
                   s.addSlice(0, 0, 40, 0, leaving('R'));
                   s.addSlice(0, 50, 70, 1, leaving('S'));
                   s.switchIn(1, 10, 1);
                   s.switchOut(1, 30, leaving('R'));
                   s.switchIn(1, 40, 0);
                   s.switchOut(1, 90, leaving('S'));
               })
            << "t0 0-40, t1 40-90"
            << "t1 10-30, t0 50-70"
            << "0-40 running@0 | 40-50 runnable | 50-70 running@1"
            << "10-30 running@1 | 30-40 runnable | 40-90 running@0";
        QTest::newRow("a lost record: the thread the CPU took in leaves, asleep as far as known")
            << Feed([](SwitchReconstruction &s) {
                   s.coreSwitch(0, 0, kIdle, 0, leaving('R'));
                   s.coreSwitch(0, 10, 1, kIdle, leaving('R')); // 1 was never taken in
                   s.coreSwitch(0, 20, kIdle, 0, leaving('R'));
                   s.coreSwitch(0, 30, 0, kIdle, leaving('S'));
               })
            << "t0 0-10, t0 20-30"
            << ""
            << "0-10 running@0 | 10-20 sleeping | 20-30 running@0"
            << "";
        QTest::newRow("a lost switch-out: the slice lasts until the next switch-in")
            << Feed([](SwitchReconstruction &s) {
                   s.switchIn(0, 0, 0);
                   s.switchIn(0, 20, 1);
                   s.switchOut(0, 30, leaving('S'));
               })
            << "t0 0-20"
            << "t0 20-30"
            << "0-20 running@0 | 20-30 running@1"
            << "";
        QTest::newRow("recorded phases outrank the switch-out's reason")
            << Feed([](SwitchReconstruction &s) {
                   s.addPhase(0, 0, 40, ThreadState::Running); // wants to run
                   s.addPhase(0, 40, 60, ThreadState::GilWait);
                   s.addPhase(0, 60, 100, ThreadState::Running);
                   s.addSlice(0, 0, 20, 0, leaving('S'));
                   s.addSlice(0, 30, 50, 0, leaving('S')); // woke briefly in the GIL wait
                   s.addSlice(0, 70, 80, 1, leaving('S'));
               })
            << "t0 0-20, t0 30-50"
            << "t0 70-80"
            << "0-20 running@0 | 20-30 runnable | 30-40 running@0 | 40-60 gil-wait | "
               "60-70 runnable | 70-80 running@1 | 80-100 runnable"
            << "";
    }

    void slicesAndStates()
    {
        QFETCH(Feed, feed);
        QFETCH(QString, core0);
        QFETCH(QString, core1);
        QFETCH(QString, thread0);
        QFETCH(QString, thread1);
        const Trace trace = reconstruct(feed);
        QCOMPARE(QString::fromStdString(TraceFixtures::slicesText(trace, 0)), core0);
        QCOMPARE(QString::fromStdString(TraceFixtures::slicesText(trace, 1)), core1);
        QCOMPARE(QString::fromStdString(TraceFixtures::statesText(trace, 0)), thread0);
        QCOMPARE(QString::fromStdString(TraceFixtures::statesText(trace, 1)), thread1);
    }

    // Migrations come from the one reconstruction, so our own threads, recorded programs and
    // other tools' sched_switch records all get them by one rule.
    void migrations_data()
    {
        QTest::addColumn<Feed>("feed");
        QTest::addColumn<TimeNs>("shift");
        QTest::addColumn<QString>("migrations");
        QTest::newRow("per-thread records: a move to the other core")
            << Feed([](SwitchReconstruction &s) {
                   s.switchIn(0, 0, 0);
                   s.switchOut(0, 10, leaving('R'));
                   s.switchIn(0, 20, 1);
                   s.switchOut(0, 30, leaving('S'));
               })
            << TimeNs(0) << "t0 20 0→1";
        QTest::newRow("back on the same core: no migration") << Feed([](SwitchReconstruction &s) {
            s.addSlice(0, 0, 10, 1, leaving('R'));
            s.addSlice(0, 20, 30, 1, leaving('S'));
        }) << TimeNs(0) << "";
        QTest::newRow("there and back again, per thread") << Feed([](SwitchReconstruction &s) {
            s.addSlice(1, 0, 10, 0, leaving('R'));
            s.addSlice(1, 20, 30, 1, leaving('R'));
            s.addSlice(1, 40, 50, 0, leaving('S'));
        }) << TimeNs(0) << "t1 20 0→1, t1 40 1→0";
        QTest::newRow("per-CPU records, interleaved: the threads swap cores")
            << Feed([](SwitchReconstruction &s) {
                   s.coreSwitch(1, 0, kIdle, 1, leaving('R'));
                   s.coreSwitch(0, 0, kIdle, 0, leaving('R'));
                   s.coreSwitch(1, 40, 1, 0, leaving('R'));
                   s.coreSwitch(0, 40, 0, 1, leaving('R'));
                   s.coreSwitch(0, 80, 1, kIdle, leaving('X'));
                   s.coreSwitch(1, 80, 0, kIdle, leaving('X'));
               })
            << TimeNs(0) << "t0 40 0→1, t1 40 1→0";
        QTest::newRow("a switch-out without its switch-in names no core")
            << Feed([](SwitchReconstruction &s) {
                   s.addSlice(0, 0, 10, 1, leaving('R'));
                   s.switchOut(0, 15, leaving('R')); // its switch-in was lost
                   s.addSlice(0, 20, 30, 1, leaving('S'));
               })
            << TimeNs(0) << "";
        QTest::newRow("shifted as the slices are") << Feed([](SwitchReconstruction &s) {
            s.addSlice(0, 50, 60, 0, leaving('R'));
            s.addSlice(0, 70, 80, 1, leaving('S'));
        }) << TimeNs(50) << "t0 20 0→1";
    }

    void migrations()
    {
        QFETCH(Feed, feed);
        QFETCH(TimeNs, shift);
        QFETCH(QString, migrations);
        QCOMPARE(migrationsText(reconstruct(feed, shift)), migrations);
    }

    void knownWaitsReplaceTheSwitchOutsReasonOffTheCore()
    {
        // As a recording gives them: the GIL library's wait among the kernel's switches.
        SwitchReconstruction s;
        TraceBuilder builder(2);
        builder.keepInOrder();
        builder.addThread({1, 1, "thread", ThreadRole::Worker, 0, kEnd, -1});
        const auto snapshot = [&](TimeNs now) {
            s.addFinishedTo(builder, 0, 0);
            OpenIntervals open;
            s.addOpenTo(open, 0, 0, 0, now);
            return QString::fromStdString(TraceFixtures::statesText(builder.snapshot(open), 0));
        };
        s.switchIn(0, 0, 0);
        s.switchOut(0, 20, ThreadState::Sleeping);
        s.beginKnownWait(0, 25, ThreadState::GilWait);
        // Still waiting: the live view shows it so up to now.
        QCOMPARE(snapshot(28), QStringLiteral("0-20 running@0 | 20-25 sleeping | 25-28 gil-wait"));
        s.switchIn(0, 30, 0); // woke to look, and waited again
        s.switchOut(0, 50, ThreadState::Sleeping);
        s.switchIn(0, 70, 1);
        s.endKnownWait(0, 72); // it took the GIL once on a core
        s.switchOut(0, 80, ThreadState::Sleeping);
        s.switchIn(0, 90, 1);
        s.switchOut(0, 95, ThreadState::Sleeping);
        s.addFinishedTo(builder, 0, 0);
        s.addLastStateTo(builder, 0, 0, 100);
        QCOMPARE(QString::fromStdString(TraceFixtures::statesText(builder.build(), 0)),
                 QStringLiteral("0-20 running@0 | 20-25 sleeping | 25-30 gil-wait | "
                                "30-50 running@0 | 50-70 gil-wait | 70-80 running@1 | "
                                "80-90 sleeping | 90-95 running@1 | 95-100 sleeping"));
    }

    // Records given as they come (a recording, live) make what they make all at once, and a
    // snapshot between any two of them is in order, with the thread on its core until then.
    void streamedAsTheRecordsCome()
    {
        using Step = std::function<void(SwitchReconstruction &)>;
        const std::vector<std::pair<TimeNs, Step>> records{
            {0, [](auto &s) { s.switchIn(0, 0, 0); }},
            {5, [](auto &s) { s.switchIn(1, 5, 1); }},
            {20, [](auto &s) { s.switchOut(0, 20, ThreadState::Runnable); }},
            {20, [](auto &s) { s.switchIn(1, 20, 0); }}, // its switch-out on core 1 was lost
            {30, [](auto &s) { s.switchIn(0, 30, 1); }},
            {45, [](auto &s) { s.switchOut(1, 45, ThreadState::Sleeping); }},
            {60, [](auto &s) { s.switchOut(0, 60, ThreadState::Sleeping); }},
            {70, [](auto &s) { s.switchIn(1, 70, 1); }},
        };
        const Trace whole = reconstruct([&](SwitchReconstruction &s) {
            for (const auto &record : records)
                record.second(s);
        });

        SwitchReconstruction s;
        TraceBuilder builder(2);
        builder.keepInOrder();
        for (uint32_t t = 0; t < 2; ++t) // they end where the records do, as a live view's
            builder.addThread({1, int32_t(t + 1), "thread", ThreadRole::Worker, 0, 0, -1});
        for (const auto &[time, record] : records) {
            record(s);
            OpenIntervals open;
            for (uint32_t t = 0; t < 2; ++t) {
                s.addFinishedTo(builder, t, t);
                s.addOpenTo(open, t, t, 0, time + 1);
            }
            const Trace snapshot = builder.snapshot(open);
            for (size_t c = 0; c < 2; ++c) {
                const CoreSlices &slices = snapshot.slicesOnCore(c);
                for (size_t i = 1; i < slices.size(); ++i)
                    QVERIFY(slices.begin[i] >= slices.end[i - 1]);
            }
            QVERIFY(snapshot.extent() <= time + 1);
        }
        s.finish(kEnd);
        for (uint32_t t = 0; t < 2; ++t)
            s.addFinishedTo(builder, t, t);
        const Trace streamed = builder.build();
        for (size_t i = 0; i < 2; ++i) {
            QCOMPARE(TraceFixtures::slicesText(streamed, i), TraceFixtures::slicesText(whole, i));
            QCOMPARE(TraceFixtures::statesText(streamed, i), TraceFixtures::statesText(whole, i));
        }
        QCOMPARE(migrationsText(streamed), migrationsText(whole));
    }

    void stateAfterSwitchOut_data()
    {
        QTest::addColumn<char>("prevState");
        QTest::addColumn<int>("expected"); // -1: none, the thread ended
        QTest::newRow("R: preempted, wants its core back") << 'R' << int(ThreadState::Runnable);
        QTest::newRow("D: blocked in the kernel (I/O)") << 'D' << int(ThreadState::Io);
        QTest::newRow("S: asleep") << 'S' << int(ThreadState::Sleeping);
        QTest::newRow("I: an idle kernel thread, asleep") << 'I' << int(ThreadState::Sleeping);
        QTest::newRow("X: exited") << 'X' << -1;
        QTest::newRow("Z: a zombie") << 'Z' << -1;
    }

    void stateAfterSwitchOut()
    {
        QFETCH(char, prevState);
        QFETCH(int, expected);
        const auto state = SwitchReconstruction::stateAfterSwitchOut(prevState);
        QCOMPARE(state ? int(*state) : -1, expected);
    }
};

QTEST_APPLESS_MAIN(TestSwitchReconstruction)
#include "tst_switchreconstruction.moc"
