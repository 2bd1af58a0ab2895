// SPDX-License-Identifier: MIT
// `corescope why`: the lines of a saved run at an instant, its critical path on request, the
// JSON of both, and usage errors that name the option.

#include "capturedrun.h"
#include "cli/exitcode.h"
#include "cli/whysubcommand.h"
#include "trace/tracefile.h"
#include "tracefixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace corescope;

namespace {

Captured runWhy(const QStringList &arguments)
{
    WhySubcommand command;
    return runCaptured(command, arguments);
}

/// The fixture's GIL run, saved.
QString saveGilRun(const QTemporaryDir &dir)
{
    std::vector<Trace> runs;
    runs.push_back(TraceFixtures::gilHandOver());
    const QString path = dir.filePath(QStringLiteral("gil.cstrace"));
    return TraceFile(std::move(runs)).save(path.toStdString()) ? path : QString();
}

} // namespace

class TestWhySubcommand : public QObject
{
    Q_OBJECT

private slots:
    void saysWhyEachThreadIsWhereItIs()
    {
        QTemporaryDir dir;
        const QString trace = saveGilRun(dir);
        const Captured outcome = runWhy({trace, QStringLiteral("--at"), QStringLiteral("50ms")});
        QCOMPARE(outcome.exitCode, kExitSuccess);
        QVERIFY2(outcome.out.contains(QStringLiteral("run 1 (two GIL threads) at 50.0 ms")),
                 qPrintable(outcome.out));
        QVERIFY2(outcome.out.contains(QStringLiteral(
                     "gil-1  running — on core 0, task 0, holding the GIL, 50.0 ms")),
                 qPrintable(outcome.out));
        QVERIFY2(outcome.out.contains(QStringLiteral(
                     "gil-2  waiting for the GIL — held by gil-1 since 0 ns, no drop request yet")),
                 qPrintable(outcome.out));
    }

    void printsTheCriticalPath()
    {
        QTemporaryDir dir;
        const QString trace = saveGilRun(dir);
        const Captured outcome = runWhy(
            {trace, QStringLiteral("--at"), QStringLiteral("150ms"), QStringLiteral("--path")});
        QCOMPARE(outcome.exitCode, kExitSuccess);
        // gil-1 computes to 100 ms and hands the GIL to gil-2, which computes to 200 ms.
        QVERIFY2(outcome.out.contains(QStringLiteral("critical path: 0 ns → 200.0 ms (200.0 ms), "
                                                     "2 stretches on 2 lanes")),
                 qPrintable(outcome.out));
        QVERIFY2(outcome.out.contains(QStringLiteral("running: 200.0 ms (100.0 %)")),
                 qPrintable(outcome.out));
        QVERIFY2(
            outcome.out.contains(QStringLiteral("serial fraction read off the trace: 100.0 %")),
            qPrintable(outcome.out));
    }

    void printsJson()
    {
        QTemporaryDir dir;
        const QString trace = saveGilRun(dir);
        const Captured outcome = runWhy({trace, QStringLiteral("--at"), QStringLiteral("50ms"),
                                         QStringLiteral("--path"), QStringLiteral("--json")});
        QCOMPARE(outcome.exitCode, kExitSuccess);
        const QJsonObject json = QJsonDocument::fromJson(outcome.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("at_s")).toDouble(), 0.05);
        const QJsonArray lanes = json.value(QStringLiteral("lanes")).toArray();
        QCOMPARE(lanes.size(), 2);
        const QJsonObject waiter = lanes[1].toObject();
        QCOMPARE(waiter.value(QStringLiteral("state")).toString(), QStringLiteral("gil-wait"));
        QCOMPARE(waiter.value(QStringLiteral("held_by")).toString(), QStringLiteral("gil-1"));
        QCOMPARE(waiter.value(QStringLiteral("waits_for")).toString(), QStringLiteral("GIL"));
        const QJsonObject path = json.value(QStringLiteral("critical_path")).toObject();
        QCOMPARE(path.value(QStringLiteral("length_s")).toDouble(), 0.2);
        QCOMPARE(path.value(QStringLiteral("serial_fraction")).toDouble(), 1.0);
        QCOMPARE(path.value(QStringLiteral("segments")).toArray().size(), 2);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no file") << QStringList{QStringLiteral("--at"), QStringLiteral("1ms")}
                                 << QStringLiteral("a trace file is required");
        QTest::newRow("no instant")
            << QStringList{QStringLiteral("TRACE")} << QStringLiteral("--at is required");
        QTest::newRow("not a time")
            << QStringList{QStringLiteral("TRACE"), QStringLiteral("--at"), QStringLiteral("soon")}
            << QStringLiteral("--at: 'soon' is not a time");
        QTest::newRow("after the run")
            << QStringList{QStringLiteral("TRACE"), QStringLiteral("--at"), QStringLiteral("3s")}
            << QStringLiteral("--at: 3s is outside run 1, which spans "
                              "0 ns to 200.0 ms");
        QTest::newRow("no such run")
            << QStringList{QStringLiteral("TRACE"), QStringLiteral("--at"), QStringLiteral("1ms"),
                           QStringLiteral("--run"), QStringLiteral("2")}
            << QStringLiteral("has 1 run, not 2");
        QTest::newRow("bad run") << QStringList{QStringLiteral("TRACE"), QStringLiteral("--at"),
                                                QStringLiteral("1ms"), QStringLiteral("--run"),
                                                QStringLiteral("0")}
                                 << QStringLiteral("--run: '0' is not a run number");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString trace = saveGilRun(dir);
        arguments.replaceInStrings(QStringLiteral("TRACE"), trace);
        const Captured outcome = runWhy(arguments);
        QCOMPARE(outcome.exitCode, kExitUsage);
        QVERIFY2(outcome.err.contains(message), qPrintable(outcome.err));
    }

    void aFileThatIsNotATraceFails()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a trace\n");
        file.close();
        const Captured outcome = runWhy({path, QStringLiteral("--at"), QStringLiteral("1ms")});
        QCOMPARE(outcome.exitCode, kExitFailure);
        QVERIFY2(outcome.err.contains(QStringLiteral("notes.txt")), qPrintable(outcome.err));
    }
};

QTEST_GUILESS_MAIN(TestWhySubcommand)
#include "tst_whysubcommand.moc"
