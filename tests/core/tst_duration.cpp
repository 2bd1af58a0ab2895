// SPDX-License-Identifier: MIT
// formatDuration: the unit each magnitude is written in, down to whole nanoseconds, and where
// one unit hands over to the next.

#include "trace/duration.h"

#include <QTest>

using namespace corescope;

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void eachMagnitudeGetsItsUnit_data()
    {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0 ns");
        QTest::newRow("one nanosecond") << qint64(1) << QStringLiteral("1 ns");
        QTest::newRow("a sub-microsecond precision") << qint64(500) << QStringLiteral("500 ns");
        QTest::newRow("just under a microsecond") << qint64(999) << QStringLiteral("999 ns");
        QTest::newRow("negative nanoseconds") << qint64(-250) << QStringLiteral("-250 ns");
        QTest::newRow("one microsecond") << qint64(1'000) << QStringLiteral("1 µs");
        QTest::newRow("microseconds") << qint64(789'000) << QStringLiteral("789 µs");
        QTest::newRow("negative microseconds") << qint64(-3'000) << QStringLiteral("-3 µs");
        QTest::newRow("one millisecond") << qint64(1'000'000) << QStringLiteral("1.0 ms");
        QTest::newRow("milliseconds") << qint64(45'600'000) << QStringLiteral("45.6 ms");
        QTest::newRow("one second") << qint64(1'000'000'000) << QStringLiteral("1.000 s");
        QTest::newRow("seconds") << qint64(1'234'000'000) << QStringLiteral("1.234 s");
    }

    void eachMagnitudeGetsItsUnit()
    {
        QFETCH(qint64, ns);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatDuration(ns)), text);
    }
};

QTEST_APPLESS_MAIN(TestDuration)
#include "tst_duration.moc"
