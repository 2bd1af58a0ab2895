// SPDX-License-Identifier: MIT
// Appearance: the one value (colour scheme × presentation mode) from which the window's palette,
// the timeline's theme and the charts' style derive.

#include "charts/chartstyle.h"
#include "theme.h"
#include "timeline/timelinetheme.h"
#include "trace/kinds.h"

#include <QApplication>
#include <QTest>

#include <cmath>
#include <vector>

using namespace corescope;

class TestAppearance : public QObject
{
    Q_OBJECT

private slots:
    void viewsAgree_data();
    void viewsAgree();
    void stateColoursAreDistinct_data() { viewsAgree_data(); }
    void stateColoursAreDistinct();
    void namesRoundTrip_data() { viewsAgree_data(); }
    void namesRoundTrip();
    void commandLineNames_data();
    void commandLineNames();
};

void TestAppearance::viewsAgree_data()
{
    QTest::addColumn<Appearance>("appearance");
    for (const Appearance appearance : kAppearances)
        QTest::newRow(qPrintable(appearanceName(appearance))) << appearance;
}

void TestAppearance::viewsAgree()
{
    QFETCH(Appearance, appearance);
    const TimelineTheme timeline = TimelineTheme::forAppearance(appearance);
    const ChartStyle chart = ChartStyle::forAppearance(appearance);
    QVERIFY(timeline.appearance == appearance);
    QVERIFY(chart.appearance == appearance);
    QCOMPARE(timeline.isDark(), appearance.isDark());

    // One background behind the timeline and the charts, and the dark palette's base under both,
    // so that neither view shows a seam against its dock.
    QCOMPARE(timeline.background, chart.background);
    if (appearance.isDark()) {
        QCOMPARE(timeline.background, QColor::fromRgb(kDarkBackground));
        QCOMPARE(themePalette(appearance.scheme).color(QPalette::Base), timeline.background);
        QVERIFY(timeline.text.lightness() > timeline.background.lightness());
    } else {
        QCOMPARE(timeline.background, QColor(Qt::white));
        QVERIFY(timeline.text.lightness() < timeline.background.lightness());
    }
    QCOMPARE(chart.text.lightness() > 128, appearance.isDark());

    // Presentation mode enlarges type and thickens lines on either scheme, and keeps its colours.
    const Appearance plain{appearance.scheme, false};
    const TimelineTheme plainTimeline = TimelineTheme::forAppearance(plain);
    const ChartStyle plainChart = ChartStyle::forAppearance(plain);
    QCOMPARE(timeline.background, plainTimeline.background);
    if (appearance.presentation) {
        QVERIFY(timeline.fontPixels > plainTimeline.fontPixels);
        QVERIFY(timeline.titlePixels > plainTimeline.titlePixels);
        QVERIFY(timeline.threadLaneHeight > plainTimeline.threadLaneHeight);
        QVERIFY(timeline.lineWidth > plainTimeline.lineWidth);
        QVERIFY(chart.textPx > plainChart.textPx);
        QVERIFY(chart.tickPx > plainChart.tickPx);
        QVERIFY(chart.titlePx > plainChart.titlePx);
        QVERIFY(chart.lineWidth > plainChart.lineWidth);
    } else {
        QCOMPARE(timeline.fontPixels, plainTimeline.fontPixels);
        QCOMPARE(chart.textPx, plainChart.textPx);
    }
    for (size_t s = 0; s < size_t(ThreadState::Count); ++s)
        QVERIFY2(timeline.states[s].isValid(), qPrintable(QString::number(s)));
}

namespace {

/// How far apart two colours look: the "redmean" weighting of their RGB distance, which follows
/// the eye better than plain RGB (0 for equal colours, about 765 for black against white).
double distance(QColor a, QColor b)
{
    const double r = (a.red() + b.red()) / 2.0;
    const double dr = a.red() - b.red();
    const double dg = a.green() - b.green();
    const double db = a.blue() - b.blue();
    return std::sqrt((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db);
}

} // namespace

void TestAppearance::stateColoursAreDistinct()
{
    // Every state a strip can show (running takes its thread's colour) stands apart from every
    // other and, unless it is an idle line, from the background, so a projector keeps them apart.
    QFETCH(Appearance, appearance);
    const TimelineTheme theme = TimelineTheme::forAppearance(appearance);
    constexpr double kApart = 40;
    constexpr double kOnBackground = 100;
    for (const ThreadStateKind &a : threadStateKinds()) {
        if (a.state == ThreadState::Running)
            continue;
        const QColor colour = theme.stateColour(a.state);
        if (!a.idle)
            QVERIFY2(distance(colour, theme.background) >= kOnBackground, a.name.data());
        for (const ThreadStateKind &b : threadStateKinds()) {
            if (b.state == ThreadState::Running || b.state <= a.state)
                continue;
            QVERIFY2(
                distance(colour, theme.stateColour(b.state)) >= kApart,
                qPrintable(QStringLiteral("%1 and %2")
                               .arg(QLatin1String(a.name.data()), QLatin1String(b.name.data()))));
        }
    }
    // Each hand-off's arrow in a colour of its own; a counter in its wait's or its own.
    std::vector<QColor> arrows;
    for (const MarkerKindInfo &kind : markerKinds()) {
        if (kind.handoff())
            arrows.push_back(theme.arrowColour(kind.kind));
    }
    for (size_t i = 0; i < arrows.size(); ++i) {
        QVERIFY(arrows[i].isValid());
        for (size_t j = i + 1; j < arrows.size(); ++j)
            QVERIFY2(distance(arrows[i], arrows[j]) >= kApart, qPrintable(QString::number(i)));
    }
    for (const CounterKindInfo &kind : counterKinds())
        QVERIFY2(distance(theme.counterColour(kind.kind), theme.background) >= kOnBackground,
                 kind.name.data());
}

void TestAppearance::namesRoundTrip()
{
    QFETCH(Appearance, appearance);
    const QString name = appearanceName(appearance);
    QVERIFY(appearanceFromName(name) == appearance);
    QVERIFY(appearanceFromName(name.toUpper()) == appearance);
}

void TestAppearance::commandLineNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");
    QTest::addColumn<bool>("dark");
    QTest::addColumn<bool>("presentation");
    QTest::newRow("light") << QStringLiteral("light") << true << false << false;
    QTest::newRow("dark") << QStringLiteral("dark") << true << true << false;
    QTest::newRow("presentation is light, for projectors")
        << QStringLiteral("presentation") << true << false << true;
    QTest::newRow("dark presentation")
        << QStringLiteral("dark-presentation") << true << true << true;
    QTest::newRow("unknown") << QStringLiteral("sepia") << false << false << false;
    QTest::newRow("empty") << QString() << false << false << false;
}

void TestAppearance::commandLineNames()
{
    QFETCH(QString, name);
    QFETCH(bool, known);
    QFETCH(bool, dark);
    QFETCH(bool, presentation);
    const auto appearance = appearanceFromName(name);
    QCOMPARE(appearance.has_value(), known);
    if (appearance) {
        QCOMPARE(appearance->isDark(), dark);
        QCOMPARE(appearance->presentation, presentation);
    }
}

QTEST_MAIN(TestAppearance)
#include "tst_appearance.moc"
