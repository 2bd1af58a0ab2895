// SPDX-License-Identifier: MIT
// RecordingLoop with real programs: it runs a recording to the program's end, a stop from
// another thread ends the program (SIGINT) and keeps the recording cancelled, and an abort kills
// it at once; nothing is left running.

#include "record/recordingloop.h"

#include <QElapsedTimer>
#include <QTest>

#include <signal.h>

#include <thread>

using namespace corescope;

namespace {

std::unique_ptr<ProgramRecorder> begun(std::vector<std::string> argv)
{
    RecordOptions options;
    options.program.argv = std::move(argv);
    options.program.outputFile = "/dev/null";
    options.python = false;
    auto prepared = ProgramRecorder::prepare(std::move(options));
    if (!prepared || !prepared.value()->begin().ok())
        return nullptr;
    return std::move(prepared).value();
}

bool alive(int32_t pid)
{
    return kill(pid, 0) == 0;
}

} // namespace

class TestRecordingLoop : public QObject
{
    Q_OBJECT

private slots:
    void runsToTheProgramsEndTickingOnTheWay()
    {
        auto recorder = begun({"/bin/sh", "-c", "sleep 0.1; exit 3"});
        QVERIFY(recorder);
        RecordingLoop loop;
        int ticks = 0;
        const ProgramRecording recording =
            loop.run(*recorder, [&](ProgramRecorder &) { ++ticks; }).recording;
        QVERIFY(recording.exit);
        QCOMPARE(recording.exit->code, 3);
        QVERIFY(!recording.cancelled);
        QVERIFY2(ticks > 5, qPrintable(QString::number(ticks))); // every few ms for 100 ms
    }

    void stopInterruptsTheProgramAndKeepsItCancelled_data()
    {
        QTest::addColumn<bool>("abort");
        QTest::addColumn<int>("signal");
        QTest::newRow("stop: SIGINT") << false << int(SIGINT);
        QTest::newRow("abort: killed at once") << true << int(SIGKILL);
    }
    void stopInterruptsTheProgramAndKeepsItCancelled()
    {
        QFETCH(bool, abort);
        // SIGINT ends a sleep; under an abort, a shell that ignores it is killed all the same.
        auto recorder =
            abort ? begun({"/bin/sh", "-c", "trap '' INT; sleep 30"}) : begun({"/bin/sleep", "30"});
        QVERIFY(recorder);
        const int32_t pid = recorder->recording().pid;
        RecordingLoop loop;
        QElapsedTimer elapsed;
        elapsed.start();
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            abort ? loop.abort() : loop.requestStop();
        });
        const ProgramRecording recording = loop.run(*recorder).recording;
        stopper.join();
        QVERIFY(recording.cancelled);
        QVERIFY(recording.exit);
        QTEST(recording.exit->signal, "signal");
        QVERIFY2(elapsed.elapsed() < 1500, qPrintable(QString::number(elapsed.elapsed())));
        QVERIFY(!alive(pid));
    }
};

QTEST_GUILESS_MAIN(TestRecordingLoop)
#include "tst_recordingloop.moc"
