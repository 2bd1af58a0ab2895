// SPDX-License-Identifier: MIT
// The event loop on its own thread, with a test worker's log: timers resume their tasks in
// deadline order and not before, a socket's task resumes once it is readable, a yield is one
// suspend and one resume in the log, and a cancel stops a loop whose tasks would wait forever.

#include "engine/clock.h"
#include "engine/loop/eventloop.h"
#include "engine/runcontrol.h"

#include "testworker.h"

#include <QtTest>

#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

using namespace corescope;

namespace {

LoopTask sleepThenReport(EventLoop &loop, int64_t ms, std::vector<uint32_t> &order, uint32_t id)
{
    const int64_t start = monotonicNs();
    co_await loop.sleep(ms * 1'000'000);
    order.push_back(id);
    co_return uint64_t(monotonicNs() - start);
}

LoopTask readOne(EventLoop &loop, int fd)
{
    co_await loop.readable(fd);
    char byte = 0;
    co_return ::read(fd, &byte, 1) == 1 ? uint64_t(byte) : 0;
}

LoopTask yieldTimes(EventLoop &loop, int times)
{
    for (int i = 0; i < times; ++i)
        co_await loop.yield();
    co_return uint64_t(times);
}

} // namespace

class TestEventLoop : public QObject
{
    Q_OBJECT

private slots:
    void timersResumeInDeadlineOrderAndNeverEarly()
    {
        RunControl control;
        TestWorker worker(control, 1, "loop", 1024);
        EventLoop loop(worker.context(), -1, nullptr, false);
        std::vector<uint32_t> order;
        std::vector<uint64_t> waited(3);
        loop.spawn(0, sleepThenReport(loop, 30, order, 0));
        loop.spawn(1, sleepThenReport(loop, 10, order, 1));
        loop.spawn(2, sleepThenReport(loop, 20, order, 2));
        const int64_t start = monotonicNs();
        loop.run([&](uint32_t task, uint64_t result) { waited[task] = result; });
        const int64_t wall = monotonicNs() - start;
        QCOMPARE(order, (std::vector<uint32_t>{1, 2, 0}));
        QVERIFY(waited[0] >= 30'000'000 && waited[1] >= 10'000'000 && waited[2] >= 20'000'000);
        // The three waits overlap: the loop takes about the longest, not the sum.
        QVERIFY2(wall < 55'000'000, qPrintable(QString::number(wall)));
        // Submit, resume, suspend (for a timer), resume, end: five events a task.
        QCOMPARE(worker.count(EventKind::TaskSuspend), size_t(3));
        QCOMPARE(worker.count(EventKind::TaskResume), size_t(6));
    }

    void aSocketsTaskResumesOnceItIsReadable()
    {
        RunControl control;
        TestWorker worker(control, 1, "loop", 1024);
        EventLoop loop(worker.context(), -1, nullptr, false);
        int pair[2] = {-1, -1};
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
        loop.spawn(0, readOne(loop, pair[0]));
        std::thread writer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            const char byte = 42;
            [[maybe_unused]] const ssize_t written = ::write(pair[1], &byte, 1);
        });
        uint64_t got = 0;
        loop.run([&](uint32_t, uint64_t result) { got = result; });
        writer.join();
        ::close(pair[0]);
        ::close(pair[1]);
        QCOMPARE(got, uint64_t(42));
        // The loop waited in a blocking poll meanwhile, recorded as I/O.
        QVERIFY(worker.count(EventKind::IoBegin) >= 1);
    }

    void aYieldIsOneSuspendAndOneResume()
    {
        RunControl control;
        TestWorker worker(control, 1, "loop", 4096);
        EventLoop loop(worker.context(), -1, nullptr, false);
        loop.spawn(0, yieldTimes(loop, 1000));
        loop.run([](uint32_t, uint64_t) {});
        QCOMPARE(worker.count(EventKind::TaskSuspend), size_t(1000));
        QCOMPARE(worker.count(EventKind::TaskResume), size_t(1001));
        // Nothing to wait for: the loop never polled.
        QCOMPARE(worker.count(EventKind::IoBegin), size_t(0));
    }

    void aCancelStopsTasksThatWouldWaitForever()
    {
        RunControl control;
        TestWorker worker(control, 1, "loop", 1024);
        const int cancelFd = ::eventfd(0, EFD_CLOEXEC);
        QVERIFY(cancelFd >= 0);
        EventLoop loop(worker.context(), cancelFd, nullptr, false);
        std::vector<uint32_t> order;
        loop.spawn(0, sleepThenReport(loop, 60'000, order, 0));
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            control.cancel();
            const uint64_t one = 1;
            [[maybe_unused]] const ssize_t written = ::write(cancelFd, &one, sizeof one);
        });
        const int64_t start = monotonicNs();
        int finished = 0;
        loop.run([&](uint32_t, uint64_t) { ++finished; });
        canceller.join();
        ::close(cancelFd);
        QCOMPARE(finished, 0);
        QVERIFY(monotonicNs() - start < 2'000'000'000);
    }
};

QTEST_APPLESS_MAIN(TestEventLoop)
#include "tst_eventloop.moc"
