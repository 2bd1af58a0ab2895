// SPDX-License-Identifier: MIT
// TimeScale: the one mapping between time and pixels that every view, export and hit test uses.

#include "timeline/timescale.h"
#include "trace/duration.h"

#include <QtTest>

using corescope::DurationUnit;
using corescope::durationUnits;
using corescope::formatDuration;
using corescope::TimeNs;
using corescope::TimeScale;

class TestTimeScale : public QObject
{
    Q_OBJECT

private slots:
    void mapping_data()
    {
        QTest::addColumn<qint64>("begin");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<double>("left");
        QTest::addColumn<double>("width");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<double>("x");
        QTest::newRow("start") << qint64(0) << qint64(1000) << 0.0 << 100.0 << qint64(0) << 0.0;
        QTest::newRow("end") << qint64(0) << qint64(1000) << 0.0 << 100.0 << qint64(1000) << 100.0;
        QTest::newRow("middle, offset")
            << qint64(0) << qint64(1000) << 50.0 << 100.0 << qint64(500) << 100.0;
        QTest::newRow("before the range")
            << qint64(1000) << qint64(2000) << 0.0 << 100.0 << qint64(500) << -50.0;
        QTest::newRow("after the range")
            << qint64(1000) << qint64(2000) << 0.0 << 100.0 << qint64(2500) << 150.0;
        QTest::newRow("1.2 s on 1920 px")
            << qint64(0) << qint64(1200000000) << 140.0 << 1920.0 << qint64(600000000) << 1100.0;
        QTest::newRow("zoomed to 1 µs") << qint64(5000000000) << qint64(5000001000) << 0.0 << 2000.0
                                        << qint64(5000000250) << 500.0;
        QTest::newRow("sub-ns pixels")
            << qint64(0) << qint64(100) << 0.0 << 1000.0 << qint64(37) << 370.0;
    }

    void mapping()
    {
        QFETCH(qint64, begin);
        QFETCH(qint64, end);
        QFETCH(double, left);
        QFETCH(double, width);
        QFETCH(qint64, time);
        QFETCH(double, x);
        const TimeScale scale(begin, end, left, width);
        QVERIFY(std::abs(scale.toPixel(time) - x) < 1e-6);
        QCOMPARE(scale.toTime(x), TimeNs(time)); // the inverse, exact to the nanosecond
        QCOMPARE(scale.toTime(scale.toPixel(time)), TimeNs(time));
    }

    void inverseRoundsToNearestNanosecond_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<qint64>("time");
        // 0..1000 ns on 300 px: 3.333… ns per pixel.
        QTest::newRow("x = 1") << 1.0 << qint64(3);
        QTest::newRow("x = 2") << 2.0 << qint64(7);
        QTest::newRow("x = 299.9") << 299.9 << qint64(1000);
        QTest::newRow("x = -3") << -3.0 << qint64(-10);
    }

    void inverseRoundsToNearestNanosecond()
    {
        QFETCH(double, x);
        QFETCH(qint64, time);
        QCOMPARE(TimeScale(0, 1000, 0, 300).toTime(x), TimeNs(time));
    }

    void zoomKeepsTheTimeUnderTheMouse_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("factor");
        QTest::addColumn<qint64>("expectedBegin");
        QTest::addColumn<qint64>("expectedEnd");
        // 0..1000 ns on pixels 100..1100, limits 0..10000 ns.
        QTest::newRow("in ×2 at the left edge") << 100.0 << 2.0 << qint64(0) << qint64(500);
        QTest::newRow("in ×2 at the centre") << 600.0 << 2.0 << qint64(250) << qint64(750);
        QTest::newRow("in ×4 at the right edge") << 1100.0 << 4.0 << qint64(750) << qint64(1000);
        QTest::newRow("out ×2 at the centre") << 600.0 << 0.5 << qint64(0) << qint64(2000);
        QTest::newRow("in ×1000 clamps to the minimum span")
            << 600.0 << 1000.0 << qint64(450) << qint64(550);
        QTest::newRow("out ×100 clamps to the limits")
            << 600.0 << 0.01 << qint64(0) << qint64(10000);
    }

    void zoomKeepsTheTimeUnderTheMouse()
    {
        QFETCH(double, x);
        QFETCH(double, factor);
        QFETCH(qint64, expectedBegin);
        QFETCH(qint64, expectedEnd);
        const TimeScale scale(0, 1000, 100, 1000);
        const TimeScale zoomed = scale.zoomedAt(x, factor, 0, 10000);
        QCOMPARE(zoomed.begin(), TimeNs(expectedBegin));
        QCOMPARE(zoomed.end(), TimeNs(expectedEnd));
        QCOMPARE(zoomed.left(), scale.left());
        QCOMPARE(zoomed.width(), scale.width());
    }

    void zoomInThenOutReturns()
    {
        const TimeScale scale(2000, 6000, 0, 800);
        const TimeScale back =
            scale.zoomedAt(333, 1.5, 0, 100000).zoomedAt(333, 1 / 1.5, 0, 100000);
        QVERIFY(std::abs(back.begin() - scale.begin()) <= 1);
        QVERIFY(std::abs(back.end() - scale.end()) <= 1);
    }

    void clamping_data()
    {
        QTest::addColumn<qint64>("begin");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<qint64>("limitBegin");
        QTest::addColumn<qint64>("limitEnd");
        QTest::addColumn<qint64>("expectedBegin");
        QTest::addColumn<qint64>("expectedEnd");
        QTest::newRow("inside") << qint64(10) << qint64(500) << qint64(0) << qint64(1000)
                                << qint64(10) << qint64(500);
        QTest::newRow("before the start")
            << qint64(-300) << qint64(200) << qint64(0) << qint64(1000) << qint64(0) << qint64(500);
        QTest::newRow("after the end") << qint64(800) << qint64(1300) << qint64(0) << qint64(1000)
                                       << qint64(500) << qint64(1000);
        QTest::newRow("wider than the limits") << qint64(-10) << qint64(5000) << qint64(0)
                                               << qint64(1000) << qint64(0) << qint64(1000);
        QTest::newRow("narrower than the minimum") << qint64(500) << qint64(520) << qint64(0)
                                                   << qint64(1000) << qint64(500) << qint64(600);
        QTest::newRow("reversed") << qint64(600) << qint64(500) << qint64(0) << qint64(1000)
                                  << qint64(600) << qint64(700);
        QTest::newRow("limits shorter than the minimum")
            << qint64(0) << qint64(10) << qint64(0) << qint64(10) << qint64(0) << qint64(100);
    }

    void clamping()
    {
        QFETCH(qint64, begin);
        QFETCH(qint64, end);
        QFETCH(qint64, limitBegin);
        QFETCH(qint64, limitEnd);
        QFETCH(qint64, expectedBegin);
        QFETCH(qint64, expectedEnd);
        const auto [b, e] = TimeScale::clampRange(begin, end, limitBegin, limitEnd);
        QCOMPARE(b, TimeNs(expectedBegin));
        QCOMPARE(e, TimeNs(expectedEnd));
    }

    void panning_data()
    {
        QTest::addColumn<double>("pixels");
        QTest::addColumn<qint64>("expectedBegin");
        // 1000..2000 ns on 100 px, limits 0..3000.
        QTest::newRow("later") << 10.0 << qint64(1100);
        QTest::newRow("earlier") << -25.0 << qint64(750);
        QTest::newRow("stops at the start") << -500.0 << qint64(0);
        QTest::newRow("stops at the end") << 500.0 << qint64(2000);
    }

    void panning()
    {
        QFETCH(double, pixels);
        QFETCH(qint64, expectedBegin);
        const TimeScale panned = TimeScale(1000, 2000, 0, 100).pannedBy(pixels, 0, 3000);
        QCOMPARE(panned.begin(), TimeNs(expectedBegin));
        QCOMPARE(panned.span(), TimeNs(1000));
    }

    void tickSteps_data()
    {
        QTest::addColumn<qint64>("span");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("minSpacing");
        QTest::addColumn<qint64>("step");
        QTest::newRow("1.2 s on 1800 px, 100 px apart")
            << qint64(1200000000) << 1800.0 << 100.0 << qint64(100000000);
        QTest::newRow("1.2 s on 600 px")
            << qint64(1200000000) << 600.0 << 100.0 << qint64(200000000);
        QTest::newRow("10 s on 1000 px, 80 px")
            << qint64(10000000000) << 1000.0 << 80.0 << qint64(1000000000);
        QTest::newRow("35 ms on 1000 px") << qint64(35000000) << 1000.0 << 100.0 << qint64(5000000);
        QTest::newRow("40 µs on 2000 px") << qint64(40000) << 2000.0 << 90.0 << qint64(2000);
        QTest::newRow("100 ns on 1000 px") << qint64(100) << 1000.0 << 60.0 << qint64(10);
        QTest::newRow("exactly on a step") << qint64(1000) << 100.0 << 20.0 << qint64(200);
    }

    void tickSteps()
    {
        QFETCH(qint64, span);
        QFETCH(double, width);
        QFETCH(double, minSpacing);
        QFETCH(qint64, step);
        const TimeScale scale(0, span, 0, width);
        QCOMPARE(scale.tickStep(minSpacing), TimeNs(step));
        QVERIFY(scale.toPixel(step) - scale.toPixel(0) >= minSpacing - 1e-9);
    }

    void ticks_data()
    {
        QTest::addColumn<qint64>("begin");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("from zero")
            << qint64(0) << qint64(1000) << qint64(250) << QList<qint64>{0, 250, 500, 750, 1000};
        QTest::newRow("from within")
            << qint64(130) << qint64(700) << qint64(200) << QList<qint64>{200, 400, 600};
        QTest::newRow("negative start")
            << qint64(-150) << qint64(100) << qint64(100) << QList<qint64>{-100, 0, 100};
    }

    void ticks()
    {
        QFETCH(qint64, begin);
        QFETCH(qint64, end);
        QFETCH(qint64, step);
        QFETCH(QList<qint64>, expected);
        const std::vector<TimeNs> ticks = TimeScale(begin, end, 0, 100).ticks(step);
        QCOMPARE(QList<qint64>(ticks.begin(), ticks.end()), expected);
    }

    void tickLabels_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<QString>("label");
        QTest::newRow("zero") << qint64(0) << qint64(200000000) << QStringLiteral("0");
        QTest::newRow("0.2 s steps")
            << qint64(400000000) << qint64(200000000) << QStringLiteral("0.4 s");
        QTest::newRow("1 s steps")
            << qint64(3000000000) << qint64(1000000000) << QStringLiteral("3 s");
        QTest::newRow("0.1 s steps")
            << qint64(1200000000) << qint64(100000000) << QStringLiteral("1.2 s");
        QTest::newRow("50 ms steps")
            << qint64(1150000000) << qint64(50000000) << QStringLiteral("1150 ms");
        QTest::newRow("5 ms steps")
            << qint64(35000000) << qint64(5000000) << QStringLiteral("35 ms");
        QTest::newRow("0.5 ms steps")
            << qint64(350500000) << qint64(500000) << QStringLiteral("350.5 ms");
        QTest::newRow("20 µs steps") << qint64(40000) << qint64(20000) << QStringLiteral("40 µs");
        QTest::newRow("0.2 µs steps") << qint64(1400) << qint64(200) << QStringLiteral("1.4 µs");
        QTest::newRow("10 ns steps") << qint64(50) << qint64(10) << QStringLiteral("50 ns");
        QTest::newRow("negative") << qint64(-200000000) << qint64(100000000)
                                  << QStringLiteral("-0.2 s");
    }

    void tickLabels()
    {
        QFETCH(qint64, time);
        QFETCH(qint64, step);
        QFETCH(QString, label);
        QCOMPARE(TimeScale::tickLabel(time, step), label);
    }

    // The axis writes in the units of formatDuration, one per axis: what its labels share.
    void labelsUseTheDurationUnits()
    {
        for (const DurationUnit &unit : durationUnits()) {
            const QString label = TimeScale::tickLabel(3 * unit.ns, unit.ns);
            QVERIFY2(
                label.endsWith(
                    u' ' + QString::fromUtf8(unit.suffix.data(), qsizetype(unit.suffix.size()))),
                qPrintable(label));
            QVERIFY2(QString::fromStdString(formatDuration(3 * unit.ns))
                         .endsWith(label.section(u' ', 1)),
                     qPrintable(label));
        }
    }

    void moments_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<double>("resolution");
        QTest::addColumn<QString>("text");
        QTest::newRow("µs resolution")
            << qint64(123456789) << 1000.0 << QStringLiteral("123.457 ms");
        QTest::newRow("ms resolution") << qint64(1234567890) << 1e6 << QStringLiteral("1.235 s");
        QTest::newRow("ns resolution") << qint64(1500) << 0.5 << QStringLiteral("1.500 µs");
        QTest::newRow("coarse") << qint64(600000000) << 1e8 << QStringLiteral("600 ms");
    }

    void moments()
    {
        QFETCH(qint64, time);
        QFETCH(double, resolution);
        QFETCH(QString, text);
        QCOMPARE(TimeScale::formatTime(time, resolution), text);
    }
};

QTEST_APPLESS_MAIN(TestTimeScale)
#include "tst_timescale.moc"
