// SPDX-License-Identifier: MIT
// formatDuration: the unit each magnitude is written in, down to whole nanoseconds, and where
// one unit hands over to the next.

#include "trace/duration.h"

#include <QTest>

#include <algorithm>
#include <clocale>

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
        // Rounding that reaches the next unit writes it in that unit.
        QTest::newRow("rounds up to a millisecond") << qint64(999'600) << QStringLiteral("1.0 ms");
        QTest::newRow("rounds up to a second") << qint64(999'960'000) << QStringLiteral("1.000 s");
        QTest::newRow("negative, rounds up to a second")
            << qint64(-999'960'000) << QStringLiteral("-1.000 s");
        QTest::newRow("just short of rounding up") << qint64(999'400) << QStringLiteral("999 µs");
    }

    void eachMagnitudeGetsItsUnit()
    {
        QFETCH(qint64, ns);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatDuration(ns)), text);
    }

    // The one unit table, which the timeline's axis chooses from as well.
    void unitsGoLargestFirst_data()
    {
        QTest::addColumn<double>("magnitude");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("below a nanosecond") << 0.5 << QStringLiteral("ns");
        QTest::newRow("nanoseconds") << 999.0 << QStringLiteral("ns");
        QTest::newRow("a microsecond") << 1e3 << QStringLiteral("µs");
        QTest::newRow("milliseconds") << 2.5e6 << QStringLiteral("ms");
        QTest::newRow("seconds") << 7e10 << QStringLiteral("s");
        QTest::newRow("the sign is ignored") << -2.5e6 << QStringLiteral("ms");
    }

    void unitsGoLargestFirst()
    {
        QFETCH(double, magnitude);
        QFETCH(QString, suffix);
        const DurationUnit &unit = durationUnitFor(magnitude);
        QCOMPARE(QString::fromUtf8(unit.suffix.data(), qsizetype(unit.suffix.size())), suffix);
        const auto units = durationUnits();
        QVERIFY(std::is_sorted(units.begin(), units.end(),
                               [](const auto &a, const auto &b) { return a.ns > b.ns; }));
        QCOMPARE(units.back().ns, TimeNs(1));
    }

    void digitsIgnoreTheLocale()
    {
        // The GUI sets the user's locale (QCoreApplication does); a decimal comma must not
        // reach reports or files.
        if (!std::setlocale(LC_NUMERIC, "de_DE.UTF-8")
            && !std::setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
            QSKIP("no locale with a decimal comma is installed");
        const std::string written = formatDuration(1'234'000'000);
        std::setlocale(LC_NUMERIC, "C");
        QCOMPARE(QString::fromStdString(written), QStringLiteral("1.234 s"));
    }

    void inAGivenUnit()
    {
        const DurationUnit &ms = durationUnitFor(1e6);
        QCOMPARE(QString::fromStdString(formatDurationIn(1'500'000, ms, 2)),
                 QStringLiteral("1.50 ms"));
        QCOMPARE(QString::fromStdString(formatDurationIn(20'000'000'000, ms, 0)),
                 QStringLiteral("20000 ms"));
    }
};

QTEST_APPLESS_MAIN(TestDuration)
#include "tst_duration.moc"
