// SPDX-License-Identifier: MIT
// Event logs: bounded, never silent about loss, readable while written, safe to open from
// untrusted (shared) memory; the recorder's logs and the clock they stamp.

#include "engine/clock.h"
#include "engine/eventlog.h"
#include "engine/mappedmemory.h"
#include "engine/recorder.h"

#include <QtTest>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace corescope;

class TestEventLog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { (void)Clock::calibration(); }

    void boundedAndCountsLoss_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("appended");
        QTest::newRow("empty") << 8 << 0;
        QTest::newRow("fits") << 8 << 8;
        QTest::newRow("overflows") << 8 << 20;
        QTest::newRow("one slot") << 1 << 3;
    }

    void boundedAndCountsLoss()
    {
        QFETCH(int, capacity);
        QFETCH(int, appended);
        Recorder recorder{uint64_t(capacity)};
        auto log = recorder.addThreadLog("worker");
        QVERIFY(log);
        for (int i = 0; i < appended; ++i)
            log.value()->record(EventKind::TaskBegin, 0, uint32_t(i));
        const auto kept = std::min(capacity, appended);
        QCOMPARE(log.value()->size(), uint64_t(kept));
        QCOMPARE(log.value()->dropped(), uint64_t(appended - kept));
        QCOMPARE(recorder.dropped(), uint64_t(appended - kept));
        for (int i = 0; i < kept; ++i)
            QCOMPARE(log.value()->at(uint64_t(i)).arg2, uint32_t(i));
    }

    void headerNamesTheOwner()
    {
        Recorder recorder(4);
        auto log =
            recorder.addThreadLog("a-name-much-longer-than-the-header-can-hold-in-its-field");
        QVERIFY(log);
        QCOMPARE(log.value()->pid(), int(getpid()));
        QCOMPARE(log.value()->tid(), currentTid());
        QCOMPARE(log.value()->name().size(), EventLogHeader::kNameSize - 1);
    }

    void timestampsAreMonotonicAndCalibrated()
    {
        Recorder recorder(1000);
        EventLog &log = *recorder.addThreadLog("t").value();
        const int64_t before = monotonicNs();
        for (int i = 0; i < 1000; ++i)
            log.record(EventKind::Idle);
        const int64_t after = monotonicNs();
        const ClockCalibration &c = Clock::calibration();
        for (uint64_t i = 1; i < log.size(); ++i)
            QVERIFY(log.at(i).ticks >= log.at(i - 1).ticks);
        // Converted times fall between the two wall-clock readings, give or take 50 µs.
        QVERIFY(c.toNs(log.at(0).ticks) >= before - 50'000);
        QVERIFY(c.toNs(log.at(999).ticks) <= after + 50'000);
    }

    void anchoringRemovesBuiltUpDrift()
    {
        const ClockCalibration &process = Clock::calibration();
        if (!process.usesTsc)
            QSKIP("no invariant TSC: ticks are CLOCK_MONOTONIC nanoseconds, nothing can drift");
        // A rate off by 100 ppm, as if measured badly or slewed by NTP, and an origin an hour
        // back: converted times now are off by 360 ms.
        ClockCalibration drifted = process;
        drifted.nsPerTick *= 1.0001;
        drifted.nsOrigin -= 3'600'000'000'000;
        drifted.tickOrigin = process.toTicks(drifted.nsOrigin);
        const auto error = [](const ClockCalibration &c) {
            return std::abs(c.toNs(Clock::now()) - monotonicNs());
        };
        QVERIFY2(error(drifted) > 100'000'000, qPrintable(QString::number(error(drifted))));

        // Anchored now, the error is back to the reading's own (microseconds), and over a run's
        // length grows only at the rate error: 100 µs over a second here, 0.3 µs with a real one.
        const ClockCalibration anchored = drifted.anchoredNow();
        QCOMPARE(anchored.nsPerTick, drifted.nsPerTick);
        QVERIFY2(error(anchored) < 20'000, qPrintable(QString::number(error(anchored))));
    }

    void readersSeeCompleteEventsWhileWriting()
    {
        Recorder recorder(200'000);
        EventLog &log = *recorder.addThreadLog("writer").value();
        std::atomic<bool> done = false;
        std::thread writer([&] {
            for (uint32_t i = 0; i < 200'000; ++i)
                log.append(Event{i, uint64_t(i) * 3, i, 0, EventKind::TaskEnd, 0});
            done = true;
        });
        uint64_t checked = 0;
        while (!done || checked < log.size()) {
            const uint64_t n = log.size();
            for (; checked < n; ++checked) {
                const Event &e = log.at(checked);
                if (e.arg != e.ticks * 3 || e.arg2 != checked)
                    QFAIL("a reader saw a half-written event");
            }
        }
        writer.join();
        QCOMPARE(checked, uint64_t(200'000));
    }

    void openRefusesMemoryThatIsNotALog_data()
    {
        QTest::addColumn<int>("corruption");
        QTest::newRow("too small") << 0;
        QTest::newRow("wrong magic") << 1;
        QTest::newRow("wrong layout") << 2;
        QTest::newRow("capacity beyond the mapping") << 3;
    }

    void openRefusesMemoryThatIsNotALog()
    {
        QFETCH(int, corruption);
        const size_t bytes = EventLog::bytesFor(16);
        std::vector<std::byte> memory(bytes);
        (void)EventLog::format(memory.data(), bytes, 1, 1, "x");
        auto *header = reinterpret_cast<EventLogHeader *>(memory.data());
        size_t openBytes = bytes;
        switch (corruption) {
        case 0:
            openBytes = sizeof(EventLogHeader) - 1;
            break;
        case 1:
            header->magic ^= 1;
            break;
        case 2:
            header->layoutVersion += 1;
            break;
        case 3:
            header->capacity = 1'000'000;
            break;
        }
        QVERIFY(!EventLog::open(memory.data(), openBytes).has_value());
        header->published.store(1'000'000); // a scribbled count is clamped, never trusted
        if (corruption == 0) {
            auto log = EventLog::open(memory.data(), bytes);
            QVERIFY(log);
            QCOMPARE(log->size(), uint64_t(16));
        }
    }

    void sharedLogIsVisibleThroughItsFd()
    {
        Recorder recorder(64);
        auto shared = recorder.addSharedLog("child");
        QVERIFY(shared);
        auto mapped = MappedMemory::attach(dup(shared.value().fd), shared.value().bytes);
        QVERIFY(mapped);
        auto view = EventLog::open(mapped.value().data(), mapped.value().size());
        QVERIFY(view);
        view->setOwner(4242, 4243);
        view->record(EventKind::ChildReady, 0, 7);
        QCOMPARE(shared.value().log->pid(), 4242);
        QCOMPARE(shared.value().log->size(), uint64_t(1));
        QCOMPARE(shared.value().log->at(0).arg2, uint32_t(7));
    }

    void attachRefusesShortFiles()
    {
        Recorder recorder(4);
        auto shared = recorder.addSharedLog("child");
        QVERIFY(shared);
        auto mapped = MappedMemory::attach(dup(shared.value().fd), shared.value().bytes * 2);
        QVERIFY(!mapped);
        QVERIFY(
            QString::fromStdString(mapped.error()).contains(QLatin1String("expected at least")));
    }
};

QTEST_APPLESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
