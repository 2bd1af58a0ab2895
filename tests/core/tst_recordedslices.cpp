// SPDX-License-Identifier: MIT
// How the kernel's records of a program become slices, including the two edges the kernel
// leaves out (before the first switch-in, after the last switch-out).
#include "record/recordedslices.h"

#include <QTest>

using namespace corescope;

namespace {

using Kind = KernelSwitch::Kind;

KernelSwitch sw(int64_t time, int32_t tid, uint16_t cpu, Kind kind)
{
    return {time, 1, tid, cpu, kind};
}

KernelTaskEvent exitOf(int32_t tid, int64_t time)
{
    return {time, KernelTaskEvent::Kind::Exit, 1, 1, tid, tid, 0};
}

QString text(const std::vector<RecordedSlice> &slices)
{
    // How each slice ended: p preempted, b blocked, x exited, r still running.
    QStringList out;
    for (const RecordedSlice &s : slices)
        out << QStringLiteral("%1@%2:%3-%4%5")
                   .arg(s.tid)
                   .arg(s.cpu)
                   .arg(s.begin)
                   .arg(s.end)
                   .arg(QLatin1Char("pbxr"[int(s.how)]));
    return out.join(QLatin1Char(' '));
}

} // namespace

Q_DECLARE_METATYPE(KernelRecords)

class TestRecordedSlices : public QObject
{
    Q_OBJECT

private slots:
    void slices_data()
    {
        QTest::addColumn<KernelRecords>("records");
        QTest::addColumn<QString>("expected");

        KernelRecords pair;
        pair.switchesPerCpu = {{sw(10, 5, 0, Kind::In), sw(20, 5, 0, Kind::OutPreempted)}};
        QTest::newRow("a switch-in and its switch-out") << pair << "5@0:10-20p";

        KernelRecords exec = pair;
        exec.switchesPerCpu = {{sw(20, 5, 0, Kind::OutBlocked)}};
        exec.comms = {{2, 1, 5, 0, true, "python3"}};
        QTest::newRow("the first slice begins at the exec") << exec << "5@0:2-20b";

        KernelRecords noExec;
        noExec.switchesPerCpu = {{sw(20, 5, 0, Kind::OutBlocked), sw(30, 5, 0, Kind::In),
                                  sw(40, 5, 0, Kind::OutBlocked)}};
        QTest::newRow("a switch-out with no start known is left out") << noExec << "5@0:30-40b";

        KernelRecords exits;
        exits.switchesPerCpu = {{sw(10, 5, 0, Kind::In)}};
        exits.tasks = {exitOf(5, 25)};
        QTest::newRow("the last slice ends at the exit") << exits << "5@0:10-25x";

        KernelRecords running;
        running.switchesPerCpu = {{sw(10, 5, 0, Kind::In)}};
        QTest::newRow("a thread still running ends at the end") << running << "5@0:10-100r";

        KernelRecords migrates;
        migrates.switchesPerCpu = {{sw(10, 5, 0, Kind::In), sw(20, 5, 0, Kind::OutPreempted)},
                                   {sw(20, 5, 1, Kind::In), sw(30, 5, 1, Kind::OutBlocked)}};
        QTest::newRow("a migration at one instant keeps its order")
            << migrates << "5@0:10-20p 5@1:20-30b";

        KernelRecords reused;
        reused.switchesPerCpu = {
            {sw(10, 5, 0, Kind::In), sw(30, 5, 0, Kind::In), sw(40, 5, 0, Kind::OutBlocked)}};
        reused.tasks = {exitOf(5, 20)};
        QTest::newRow("a tid reused after its exit") << reused << "5@0:10-20x 5@0:30-40b";
    }
    void slices()
    {
        QFETCH(KernelRecords, records);
        QTEST(text(recordedSlices(records, 100)), "expected");
    }
};

QTEST_APPLESS_MAIN(TestRecordedSlices)
#include "tst_recordedslices.moc"
