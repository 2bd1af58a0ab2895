// SPDX-License-Identifier: MIT
// The charts of a sweep and of one run: what they draw, how they export, how they answer clicks.

#include "analysis/amdahl.h"
#include "analysis/sweepresult.h"
#include "charts/chartexporter.h"
#include "charts/chartstyle.h"
#include "charts/coreutilisationchart.h"
#include "charts/efficiencychart.h"
#include "charts/speedupchart.h"
#include "charts/sweepview.h"
#include "charts/walltimechart.h"
#include "cli/images/sweepsubcommand.h"
#include "trace/tracebuilder.h"
#include "trace/tracefile.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>
#include <memory>

using namespace corescope;

namespace {

constexpr double kParallelFraction = 0.97;
constexpr unsigned kCores = 4;

/// A sweep whose threads and processes follow Amdahl's law with p = 0.97 exactly, gil stays at
/// serial speed, and every point has three repeats spread around the median. Each repeat has
/// an (empty) trace, so that points can be opened.
std::shared_ptr<SweepResult> syntheticSweep()
{
    auto sweep = std::make_shared<SweepResult>();
    sweep->workload = "factorize";
    const AmdahlFit amdahl{kParallelFraction, 0};
    const TimeNs serial = 1'000'000'000;
    const auto add = [&](const std::string &model, uint32_t workers, double speedup) {
        SweepPoint point;
        point.model = model;
        point.workers = workers;
        const auto median = TimeNs(std::llround(double(serial) / speedup));
        for (const double factor : {0.96, 1.0, 1.07}) {
            point.walls.push_back(factor == 1.0 ? median
                                                : TimeNs(std::llround(double(median) * factor)));
            point.traces.push_back(sweep->traces.size());
            sweep->traces.emplace_back();
        }
        sweep->points.push_back(point);
    };
    add("serial", 1, 1.0);
    for (const uint32_t n : {1u, 2u, 4u, 8u}) {
        add("threads", n, amdahl.speedupAt(n));
        add("gil", n, 1.0 / (1.0 + 0.02 * (n - 1)));
        add("processes", n, amdahl.speedupAt(n));
    }
    sweep->computeFigures();
    return sweep;
}

Trace twoCoreTrace()
{
    TraceBuilder builder(2);
    builder.metadata().title = "factorize · threads · 2 workers";
    builder.metadata().workload = "factorize";
    builder.metadata().model = "threads";
    builder.metadata().machineCores = 2;
    builder.metadata().wallNs = 1'000'000'000;
    ThreadInfo info;
    info.name = "worker 0";
    const uint32_t thread = builder.addThread(info);
    builder.addSlice(0, 0, 600'000'000, thread);
    builder.addSlice(0, 700'000'000, 1'000'000'000, thread);
    builder.addSlice(1, 100'000'000, 350'000'000, thread);
    return builder.build();
}

int colourDistance(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b))
           + std::abs(qBlue(a) - qBlue(b));
}

/// Whether a pixel within `radius` of (x, y) has about `colour`.
bool colourNear(const QImage &image, int x, int y, QColor colour, int radius = 2)
{
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p(x + dx, y + dy);
            if (image.rect().contains(p) && colourDistance(image.pixel(p), colour.rgb()) < 60)
                return true;
        }
    }
    return false;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void pngSize_data();
    void pngSize();
    void svgAndPdf();
    void formatFromPath_data();
    void formatFromPath();
    void parseSize_data();
    void parseSize();
    void unknownFormatIsRefused();

    void speedupGraphs();
    void legendShowsFittedFraction();
    void idealLineIsDrawn();
    void themesPaintTheBackground_data();
    void themesPaintTheBackground();
    void modelColoursAreStable();
    void efficiencyGraphs();
    void wallTimeBars();
    void emptyChartsDrawATitle();

    void utilisationChart();

    void tooltipNamesEveryFigure();
    void sweepCommandWritesCharts();
    void sweepCommandRefusesBadChartOptions_data();
    void sweepCommandRefusesBadChartOptions();

    void doubleClickOnChartOpensRun();
    void doubleClickOnTableOpensRun();
    void viewFollowsSelection();

private:
    QTemporaryDir m_dir;
};

void TestCharts::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestCharts::pngSize_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1080p") << QSize(1920, 1080);
    QTest::newRow("4K") << QSize(3840, 2160);
    QTest::newRow("square") << QSize(800, 800);
    QTest::newRow("odd") << QSize(1001, 667);
}

void TestCharts::pngSize()
{
    QFETCH(QSize, size);
    SpeedupChart chart;
    chart.setMachineCores(kCores);
    chart.setSweep(syntheticSweep());
    const QString path =
        m_dir.filePath(QStringLiteral("speedup-%1x%2.png").arg(size.width()).arg(size.height()));
    const Status status = chart.exportTo(path, size);
    QVERIFY2(status.ok(), status.error().c_str());
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage image = reader.read();
    QCOMPARE(image.size(), size);
    // Not blank: the background and a good deal of something else.
    const QRgb background = image.pixel(1, 1);
    int other = 0;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            other += image.pixel(x, y) != background ? 1 : 0;
    }
    QVERIFY2(other > 200, qPrintable(QString::number(other)));
}

void TestCharts::svgAndPdf()
{
    SpeedupChart chart;
    chart.setMachineCores(kCores);
    chart.setSweep(syntheticSweep());

    const QString svgPath = m_dir.filePath(QStringLiteral("speedup.svg"));
    Status status = chart.exportTo(svgPath);
    QVERIFY2(status.ok(), status.error().c_str());
    const QByteArray svg = readAll(svgPath);
    QVERIFY(svg.startsWith("<?xml"));
    QVERIFY(svg.contains("<svg"));
    QXmlStreamReader xml(svg);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QSvgRenderer renderer(svgPath);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox().size(), QSize(1920, 1080));
    QVERIFY(svg.contains("threads  p = 0.97"));

    const QString pdfPath = m_dir.filePath(QStringLiteral("speedup.pdf"));
    status = chart.exportTo(pdfPath, QSize(1920, 1080));
    QVERIFY2(status.ok(), status.error().c_str());
    const QByteArray pdf = readAll(pdfPath);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    // The page is the chart: 1920 × 1080 points.
    const auto box = QRegularExpression(QStringLiteral("/MediaBox \\[([-\\d. ]+)\\]"))
                         .match(QString::fromLatin1(pdf));
    QVERIFY(box.hasMatch());
    const QStringList corners = box.captured(1).split(u' ', Qt::SkipEmptyParts);
    QCOMPARE(corners.size(), 4);
    QVERIFY2(std::abs(corners[2].toDouble() - corners[0].toDouble() - 1920) < 1,
             qPrintable(box.captured(0)));
    QVERIFY2(std::abs(corners[3].toDouble() - corners[1].toDouble() - 1080) < 1,
             qPrintable(box.captured(0)));
}

void TestCharts::formatFromPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format"); // -1: none
    QTest::newRow("png") << QStringLiteral("out/speedup.png") << int(ChartFormat::Png);
    QTest::newRow("upper case") << QStringLiteral("SPEEDUP.PNG") << int(ChartFormat::Png);
    QTest::newRow("svg") << QStringLiteral("a.b.svg") << int(ChartFormat::Svg);
    QTest::newRow("pdf") << QStringLiteral("/tmp/x.pdf") << int(ChartFormat::Pdf);
    QTest::newRow("jpeg") << QStringLiteral("x.jpg") << -1;
    QTest::newRow("no suffix") << QStringLiteral("speedup") << -1;
}

void TestCharts::formatFromPath()
{
    QFETCH(QString, path);
    QFETCH(int, format);
    const auto found = ChartExporter::formatForPath(path);
    QCOMPARE(found ? int(*found) : -1, format);
}

void TestCharts::parseSize_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QSize>("size"); // invalid: refused
    QTest::newRow("x") << QStringLiteral("1920x1080") << QSize(1920, 1080);
    QTest::newRow("times sign") << QStringLiteral("3840×2160") << QSize(3840, 2160);
    QTest::newRow("spaces") << QStringLiteral(" 800 x 600 ") << QSize(800, 600);
    QTest::newRow("one number") << QStringLiteral("1920") << QSize();
    QTest::newRow("too small") << QStringLiteral("8x8") << QSize();
    QTest::newRow("too large") << QStringLiteral("20000x100") << QSize();
    QTest::newRow("negative") << QStringLiteral("-5x100") << QSize();
    QTest::newRow("words") << QStringLiteral("big") << QSize();
}

void TestCharts::parseSize()
{
    QFETCH(QString, text);
    QFETCH(QSize, size);
    const auto parsed = ChartExporter::parseSize(text);
    QCOMPARE(parsed.value_or(QSize()), size);
}

void TestCharts::unknownFormatIsRefused()
{
    SpeedupChart chart;
    const QString path = m_dir.filePath(QStringLiteral("speedup.gif"));
    const Status status = chart.exportTo(path);
    QVERIFY(!status.ok());
    QVERIFY2(QString::fromStdString(status.error()).contains(QStringLiteral(".png, .svg or .pdf")),
             status.error().c_str());
    QVERIFY(!QFile::exists(path));
}

void TestCharts::speedupGraphs()
{
    SpeedupChart chart;
    chart.setMachineCores(kCores);
    const auto sweep = syntheticSweep();
    chart.setSweep(sweep);
    QCustomPlot *plot = chart.plot();
    // One per model, the ideal line, and an Amdahl curve per fitted model (serial has none).
    QCOMPARE(sweep->fits.size(), size_t(3));
    QCOMPARE(plot->graphCount(), 4 + 1 + 3);
    QStringList names;
    for (int i = 0; i < plot->graphCount(); ++i)
        names << plot->graph(i)->name();
    QVERIFY2(names.contains(QStringLiteral("ideal: speed-up = workers")),
             qPrintable(names.join(u'|')));
    for (const char *model : {"threads", "gil", "processes"})
        QVERIFY2(names.contains(QStringLiteral("%1 Amdahl fit").arg(QLatin1String(model))),
                 qPrintable(names.join(u'|')));
    // Min/max bars on every measured series.
    int errorBars = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        errorBars += qobject_cast<QCPErrorBars *>(plot->plottable(i)) ? 1 : 0;
    QCOMPARE(errorBars, 4);
    // The measured threads series has its four points.
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->name().startsWith(QStringLiteral("threads  p")))
            QCOMPARE(plot->graph(i)->dataCount(), 4);
    }
    // The core marker and its label.
    bool coreLabel = false;
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto *text = qobject_cast<QCPItemText *>(plot->item(i)))
            coreLabel = coreLabel || text->text() == QStringLiteral("4 cores");
    }
    QVERIFY(coreLabel);
    QVERIFY2(chart.title().contains(QStringLiteral("factorize")), qPrintable(chart.title()));
    QVERIFY2(chart.title().contains(QStringLiteral("4-core")), qPrintable(chart.title()));
    // Log-2 worker axis, ticks at the measured counts.
    QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
    auto ticker = plot->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().keys(), QList<double>({1, 2, 4, 8}));
}

void TestCharts::legendShowsFittedFraction()
{
    SpeedupChart chart;
    chart.setSweep(syntheticSweep());
    QCPLegend *legend = chart.plot()->legend;
    QStringList entries;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(legend->item(i)))
            entries << item->plottable()->name();
    }
    QVERIFY2(entries.contains(QStringLiteral("threads  p = 0.97")), qPrintable(entries.join(u'|')));
    QVERIFY2(entries.contains(QStringLiteral("processes  p = 0.97")),
             qPrintable(entries.join(u'|')));
    QVERIFY2(entries.contains(QStringLiteral("serial (baseline)")), qPrintable(entries.join(u'|')));
    // The curves are explained by the subtitle, not by four more legend rows.
    for (const QString &entry : entries)
        QVERIFY2(!entry.contains(QStringLiteral("Amdahl fit")), qPrintable(entry));
}

void TestCharts::idealLineIsDrawn()
{
    SpeedupChart chart;
    chart.setMachineCores(kCores);
    chart.setSweep(syntheticSweep());
    chart.resize(960, 540);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QCustomPlot *plot = chart.plot();
    plot->replot();
    QCPGraph *ideal = nullptr;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->name().startsWith(QStringLiteral("ideal")))
            ideal = plot->graph(i);
    }
    QVERIFY(ideal);
    const QColor colour = ChartStyle::forAppearance({}).reference;

    // Samples along y = x beyond the last measured count, where no other line runs.
    const auto hits = [&] {
        plot->replot();
        const QImage image = plot->toPixmap().toImage();
        int found = 0;
        for (int i = 0; i < 20; ++i) {
            const double n = 8.2 + 0.1 * i;
            const int x = int(std::lround(plot->xAxis->coordToPixel(n)));
            const int y = int(std::lround(plot->yAxis->coordToPixel(n)));
            found += colourNear(image, x, y, colour) ? 1 : 0;
        }
        return found;
    };
    const int withLine = hits();
    QVERIFY2(withLine >= 12, qPrintable(QString::number(withLine))); // dashes leave gaps
    ideal->setVisible(false);
    const int without = hits();
    QVERIFY2(without <= 2, qPrintable(QString::number(without)));
}

void TestCharts::themesPaintTheBackground_data()
{
    QTest::addColumn<Appearance>("appearance");
    for (const Appearance appearance : kAppearances)
        QTest::newRow(qPrintable(appearanceName(appearance))) << appearance;
}

void TestCharts::themesPaintTheBackground()
{
    QFETCH(Appearance, appearance);
    const ChartStyle style = ChartStyle::forAppearance(appearance);
    const auto sweep = syntheticSweep();
    SpeedupChart speedup;
    EfficiencyChart efficiency;
    WallTimeChart wallTime;
    for (SweepChart *chart :
         {static_cast<SweepChart *>(&speedup), static_cast<SweepChart *>(&efficiency),
          static_cast<SweepChart *>(&wallTime)}) {
        chart->setAppearance(appearance);
        chart->setSweep(sweep);
        QVERIFY(chart->appearance() == appearance);
        const QImage image = chart->toImage(QSize(960, 540));
        QCOMPARE(image.size(), QSize(960, 540));
        QCOMPARE(QColor(image.pixel(2, 2)), style.background);
        QCOMPARE(QColor(image.pixel(957, 537)), style.background);
        QCOMPARE(chart->plot()->xAxis->labelColor(), style.text);
    }
    // Presentation: everything larger and thicker than the same scheme without it.
    const ChartStyle plain = ChartStyle::forAppearance({appearance.scheme, false});
    if (appearance.presentation) {
        QVERIFY(style.textPx > plain.textPx);
        QVERIFY(style.lineWidth > plain.lineWidth);
    }
    QVERIFY(appearanceFromName(appearanceName(appearance)) == appearance);
}

void TestCharts::modelColoursAreStable()
{
    const auto sweep = syntheticSweep();
    SpeedupChart speedup;
    EfficiencyChart efficiency;
    speedup.setSweep(sweep);
    efficiency.setSweep(sweep);
    const ChartStyle style = ChartStyle::forAppearance({});
    QCOMPARE(style.modelColour("threads"), QColor(0x00, 0x72, 0xb2));   // Okabe–Ito blue
    QCOMPARE(style.modelColour("gil"), QColor(0xd5, 0x5e, 0x00));       // vermillion
    QCOMPARE(style.modelColour("processes"), QColor(0x00, 0x9e, 0x73)); // bluish green
    QCOMPARE(style.modelColour("newmodel"), style.modelColour("newmodel"));
    for (SweepChart *chart :
         {static_cast<SweepChart *>(&speedup), static_cast<SweepChart *>(&efficiency)}) {
        QCustomPlot *plot = chart->plot();
        for (int i = 0; i < plot->graphCount(); ++i) {
            const QString name = plot->graph(i)->name();
            for (const char *model : {"threads", "gil", "processes"}) {
                if (name.startsWith(QLatin1String(model)))
                    QCOMPARE(plot->graph(i)->pen().color(), style.modelColour(model));
            }
        }
    }
}

void TestCharts::efficiencyGraphs()
{
    EfficiencyChart chart;
    chart.setMachineCores(kCores);
    chart.setSweep(syntheticSweep());
    QCustomPlot *plot = chart.plot();
    QCOMPARE(plot->graphCount(), 4 + 1); // the models and the 100 % line
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *graph = plot->graph(i);
        if (!graph->name().startsWith(QStringLiteral("threads")))
            continue;
        // 8 workers at p = 0.97: speed-up 7.02, efficiency 88 %.
        const double expected = 100 * AmdahlFit{kParallelFraction, 0}.speedupAt(8) / 8;
        QCOMPARE(graph->data()->at(3)->key, 8.0);
        QVERIFY(std::abs(graph->data()->at(3)->value - expected) < 0.01);
    }
}

void TestCharts::wallTimeBars()
{
    WallTimeChart chart;
    chart.setMachineCores(kCores);
    chart.setSweep(syntheticSweep());
    QCOMPARE(chart.workers(), 4u); // the core count, measured
    QCustomPlot *plot = chart.plot();
    QList<QCPBars *> bars;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        if (auto *b = qobject_cast<QCPBars *>(plot->plottable(i)))
            bars << b;
    }
    QCOMPARE(bars.size(), 4);
    QCOMPARE(bars.front()->name(), QStringLiteral("serial"));
    QCOMPARE(bars.front()->data()->at(0)->value, 1.0); // one second, in seconds
    chart.setWorkers(2);
    QCOMPARE(chart.workers(), 2u);
    QVERIFY2(chart.title().contains(QStringLiteral("2 workers")), qPrintable(chart.title()));
}

void TestCharts::emptyChartsDrawATitle()
{
    SpeedupChart speedup;
    CoreUtilisationChart cores;
    QVERIFY(!speedup.title().isEmpty());
    QVERIFY(!cores.title().isEmpty());
    QCOMPARE(speedup.plot()->graphCount(), 0);
    QCOMPARE(speedup.toImage(QSize(640, 360)).size(), QSize(640, 360));
}

void TestCharts::utilisationChart()
{
    auto trace = std::make_shared<const Trace>(twoCoreTrace());
    CoreUtilisationChart chart;
    chart.setTrace(trace, 7);
    QCOMPARE(chart.traceIndex(), std::optional<size_t>(7));
    const CoreUtilisation &u = chart.utilisation();
    QCOMPARE(u.coreCount(), size_t(2));
    QCOMPARE(u.binCount(), CoreUtilisation::kDefaultBins);
    QCOMPARE(u.totalBusy(0), TimeNs(900'000'000));
    QCOMPARE(u.totalBusy(1), TimeNs(250'000'000));
    // Core 0 idles from 0.6 s to 0.7 s: the bin at 0.65 s is empty, the one at 0.3 s full.
    QCOMPARE(u.fraction(0, 130), 0.0);
    QCOMPARE(u.fraction(0, 60), 1.0);
    // A floor and a busy line per core.
    QCOMPARE(chart.plot()->graphCount(), 4);
    QVERIFY2(chart.title().contains(QStringLiteral("factorize · threads")),
             qPrintable(chart.title()));
    QCOMPARE(chart.toImage(QSize(1920, 1080)).size(), QSize(1920, 1080));
    chart.setTrace(nullptr);
    QCOMPARE(chart.plot()->graphCount(), 0);
}

void TestCharts::tooltipNamesEveryFigure()
{
    const auto sweep = syntheticSweep();
    const SweepPoint *point = sweep->find("threads", 4);
    QVERIFY(point);
    const QString tip = SweepChart::describePoint(*point);
    for (const QString &expected :
         {QStringLiteral("<b>threads</b>"), QStringLiteral("4 workers"), QStringLiteral("median "),
          QStringLiteral("fastest "), QStringLiteral("slowest "),
          QStringLiteral("speed-up %1×").arg(point->speedup, 0, 'f', 2),
          QStringLiteral("efficiency %1 %").arg(100 * point->efficiency, 0, 'f', 0),
          QStringLiteral("Karp–Flatt serial fraction %1").arg(point->karpFlatt, 0, 'f', 3)})
        QVERIFY2(tip.contains(expected), qPrintable(tip + QStringLiteral(" lacks ") + expected));
    // One worker: no Karp–Flatt figure to give.
    QVERIFY(SweepChart::describePoint(*sweep->find("threads", 1)).contains(QStringLiteral("–")));
}

void TestCharts::sweepCommandWritesCharts()
{
    const QString png = m_dir.filePath(QStringLiteral("cli.png"));
    const QString svg = m_dir.filePath(QStringLiteral("cli.svg"));
    const QString trace = m_dir.filePath(QStringLiteral("made/by/sweep.cstrace"));
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::ReadWrite);
    err.open(QIODevice::ReadWrite);
    SweepSubcommand command;
    QVERIFY(command.application({QStringLiteral("--png"), png})
            == Subcommand::Application::Widgets);
    command.setOutputDevices(&out, &err);
    const int exitCode = command.run({QStringLiteral("-w"),        QStringLiteral("sleep"),
                                      QStringLiteral("-p"),        QStringLiteral("ms=5"),
                                      QStringLiteral("--tasks"),   QStringLiteral("4"),
                                      QStringLiteral("--models"),  QStringLiteral("serial,threads"),
                                      QStringLiteral("--workers"), QStringLiteral("1,4"),
                                      QStringLiteral("--repeats"), QStringLiteral("1"),
                                      QStringLiteral("--png"),     png,
                                      QStringLiteral("--svg"),     svg,
                                      QStringLiteral("--width"),   QStringLiteral("1280"),
                                      QStringLiteral("--height"),  QStringLiteral("720"),
                                      QStringLiteral("--chart"),   QStringLiteral("speedup,cores"),
                                      QStringLiteral("--theme"),   QStringLiteral("presentation"),
                                      QStringLiteral("--trace"),   trace});
    command.setOutputDevices(nullptr, nullptr);
    const QString printed = QString::fromUtf8(out.data());
    QVERIFY2(exitCode == 0, qPrintable(printed + QString::fromUtf8(err.data())));
    // Two charts: each file gets the chart's name before its suffix.
    for (const QString &name :
         {QStringLiteral("cli-speedup.png"), QStringLiteral("cli-cores.png")}) {
        const QString path = m_dir.filePath(name);
        QCOMPARE(QImageReader(path).size(), QSize(1280, 720));
        QVERIFY2(printed.contains(QStringLiteral("Wrote %1.").arg(path)), qPrintable(printed));
    }
    QVERIFY(readAll(m_dir.filePath(QStringLiteral("cli-speedup.svg"))).startsWith("<?xml"));
    QVERIFY(readAll(m_dir.filePath(QStringLiteral("cli-cores.svg"))).startsWith("<?xml"));
    QVERIFY(!QFile::exists(png));

    // The sweep and its three runs in one file, in a folder made for it.
    auto saved = TraceFile::load(trace.toStdString());
    QVERIFY2(saved, saved ? "" : saved.error().c_str());
    QCOMPARE(saved.value().runs().size(), size_t(3));
    QVERIFY(saved.value().sweep().has_value());
    QCOMPARE(saved.value().sweep()->workload, std::string("sleep"));
    QCOMPARE(saved.value().sweep()->points.size(), size_t(3));
    QVERIFY(printed.contains(QStringLiteral("Wrote %1.").arg(trace)));
}

void TestCharts::sweepCommandRefusesBadChartOptions_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");
    const QString png = QStringLiteral("/tmp/x.png");
    QTest::newRow("theme") << QStringList{QStringLiteral("--png"), png, QStringLiteral("--theme"),
                                          QStringLiteral("neon")}
                           << QStringLiteral("--theme: 'neon' is not light, dark or presentation");
    QTest::newRow("chart") << QStringList{QStringLiteral("--png"), png, QStringLiteral("--chart"),
                                          QStringLiteral("pie")}
                           << QStringLiteral("--chart: 'pie' is not speedup");
    QTest::newRow("width") << QStringList{QStringLiteral("--png"), png, QStringLiteral("--width"),
                                          QStringLiteral("wide")}
                           << QStringLiteral("--width and --height: wide × 1080");
    // A folder cannot be made inside a file, even by root.
    QTest::newRow("folder") << QStringList{QStringLiteral("--png"),
                                           QStringLiteral("/proc/version/x.png")}
                            << QStringLiteral(
                                   "--png: /proc/version/x.png: cannot create its folder");
    QTest::newRow("trace") << QStringList{QStringLiteral("--trace"), QStringLiteral("sweep.txt")}
                           << QStringLiteral("--trace: 'sweep.txt' must end in .cstrace or .json");
}

void TestCharts::sweepCommandRefusesBadChartOptions()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::ReadWrite);
    err.open(QIODevice::ReadWrite);
    SweepSubcommand command;
    command.setOutputDevices(&out, &err);
    // Checked before anything runs: a sweep of 10 s waits would time the test out.
    const int exitCode = command.run(QStringList{QStringLiteral("-w"), QStringLiteral("sleep"),
                                                 QStringLiteral("-p"), QStringLiteral("ms=10000")}
                                     + options);
    command.setOutputDevices(nullptr, nullptr);
    const QString printed = QString::fromUtf8(err.data());
    QVERIFY2(exitCode != 0, qPrintable(printed));
    QVERIFY2(printed.contains(message), qPrintable(printed));
}

void TestCharts::doubleClickOnChartOpensRun()
{
    const auto sweep = syntheticSweep();
    SweepView view;
    view.setSweep(sweep);
    view.resize(1000, 640);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    SpeedupChart *chart = view.speedupChart();
    QCustomPlot *plot = chart->plot();
    plot->replot();
    // The threads point at 4 workers, where the widget shows it.
    const SweepPoint *point = sweep->find("threads", 4);
    QVERIFY(point);
    const QPoint pixel(int(plot->xAxis->coordToPixel(4)),
                       int(plot->yAxis->coordToPixel(point->speedup)));
    // An export lays the plot out at another size (portrait here); clicks must still land
    // where the widget shows the points afterwards.
    QVERIFY(chart->exportTo(m_dir.filePath(QStringLiteral("before-click.png")), QSize(1080, 1920))
                .ok());
    QCoreApplication::processEvents(); // the queued replot restores the widget's layout
    QSignalSpy open(&view, &SweepView::openRun);
    QTest::mouseDClick(plot, Qt::LeftButton, {}, pixel);
    QTRY_COMPARE_WITH_TIMEOUT(open.size(), 1, 2000);
    // The repeat with the median wall time: the second of the three.
    QCOMPARE(open.at(0).at(0).value<size_t>(), point->traces[1]);
    // A click far from every point opens nothing.
    QTest::mouseDClick(
        plot, Qt::LeftButton, {},
        QPoint(int(plot->xAxis->coordToPixel(1.4)), int(plot->yAxis->coordToPixel(6))));
    QCOMPARE(open.size(), 1);
}

void TestCharts::doubleClickOnTableOpensRun()
{
    const auto sweep = syntheticSweep();
    SweepView view;
    view.setSweep(sweep);
    view.setCurrentTab(SweepView::Tab::Points);
    view.resize(1000, 640);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTableWidget *table = view.pointsTable();
    QCOMPARE(table->rowCount(), int(sweep->points.size()));
    QCOMPARE(table->columnCount(), 8);
    QCOMPARE(table->horizontalHeaderItem(7)->text(), QStringLiteral("Karp–Flatt"));
    QCOMPARE(table->item(2, 0)->text(), QString::fromStdString(sweep->points[2].model));
    QSignalSpy open(&view, &SweepView::openRun);
    const QRect cell = table->visualItemRect(table->item(2, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTRY_COMPARE_WITH_TIMEOUT(open.size(), 1, 2000);
    QCOMPARE(open.at(0).at(0).value<size_t>(), sweep->points[2].traces[1]);
}

void TestCharts::viewFollowsSelection()
{
    const auto sweep = syntheticSweep();
    SweepView view;
    view.setSweep(sweep);
    // The first picture of the cores: the run with the most speed-up.
    QVERIFY(view.selectedRun());
    const size_t run = sweep->points[5].traces[2];
    view.selectRun(run);
    QCOMPARE(view.selectedRun(), std::optional<size_t>(run));
    const auto rows = view.pointsTable()->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.front().row(), 5);
    const Appearance dark{Theme::Dark, false};
    view.setAppearance(dark);
    QVERIFY(view.speedupChart()->appearance() == dark);
    QVERIFY(view.coreUtilisationChart()->appearance() == dark);
    QCOMPARE(view.selectedRun(), std::optional<size_t>(run));
    view.setCurrentTab(SweepView::Tab::Efficiency);
    const QString path = m_dir.filePath(QStringLiteral("view.png"));
    const Status status = view.exportCurrentChart(path, QSize(1280, 720));
    QVERIFY2(status.ok(), status.error().c_str());
    QCOMPARE(QImageReader(path).size(), QSize(1280, 720));
    view.setSweep(nullptr);
    QCOMPARE(view.pointsTable()->rowCount(), 0);
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
