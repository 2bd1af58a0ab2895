// SPDX-License-Identifier: MIT
// `corescope export`: times typed on the command line, usage errors that name the option, and
// pictures of a saved trace file at the asked size.

#include "capturedrun.h"
#include "cli/commandlinetext.h"
#include "cli/images/exportsubcommand.h"
#include "timeline/timelinetheme.h"
#include "trace/tracebuilder.h"
#include "trace/tracefile.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace corescope;

namespace {

Captured runExport(const QStringList &arguments)
{
    ExportSubcommand command;
    return runCaptured(command, arguments);
}

/// A two-run trace file: each run has one worker busy on core 1 for half a second.
QString saveTraceFile(const QTemporaryDir &dir)
{
    std::vector<Trace> runs;
    for (const char *model : {"threads", "gil"}) {
        TraceBuilder builder(2);
        builder.addThread({1, 1, "engine", ThreadRole::Engine, 0, 1'000'000'000, -1});
        builder.addThread({1, 2, "worker", ThreadRole::Worker, 0, 1'000'000'000, -1});
        builder.addSlice(1, 250'000'000, 750'000'000, 1);
        builder.addState(1, 250'000'000, 750'000'000, ThreadState::Running, 1);
        builder.metadata().title = std::string("synthetic · ") + model;
        builder.metadata().workload = "synthetic";
        builder.metadata().model = model;
        builder.metadata().wallNs = 1'000'000'000;
        runs.push_back(builder.build());
    }
    const QString path = dir.filePath(QStringLiteral("runs.cstrace"));
    const Status saved = TraceFile(std::move(runs)).save(path.toStdString());
    return saved ? path : QString();
}

} // namespace

class TestExportSubcommand : public QObject
{
    Q_OBJECT

private slots:
    void parsesTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns"); // -1: refused
        QTest::newRow("seconds") << QStringLiteral("1.5s") << qint64(1'500'000'000);
        QTest::newRow("bare number is seconds") << QStringLiteral("2") << qint64(2'000'000'000);
        QTest::newRow("milliseconds") << QStringLiteral("200ms") << qint64(200'000'000);
        QTest::newRow("microseconds") << QStringLiteral("40us") << qint64(40'000);
        QTest::newRow("µs") << QStringLiteral("2.5µs") << qint64(2'500);
        QTest::newRow("nanoseconds") << QStringLiteral("800ns") << qint64(800);
        QTest::newRow("spaces") << QStringLiteral(" 10 ms ") << qint64(10'000'000);
        QTest::newRow("unknown unit") << QStringLiteral("3min") << qint64(-1);
        QTest::newRow("negative") << QStringLiteral("-1s") << qint64(-1);
        QTest::newRow("not a number") << QStringLiteral("soon") << qint64(-1);
    }

    void parsesTimes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        const auto time = commandlinetext::parseTime(text);
        QCOMPARE(time.ok(), ns >= 0);
        if (ns >= 0)
            QCOMPARE(time.value(), TimeNs(ns));
        else
            QVERIFY(QString::fromStdString(time.error()).contains(text.trimmed()));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no output") << QStringList{QStringLiteral("t.cstrace")}
                                   << QStringLiteral("give --png, --svg or --frames");
        QTest::newRow("no input") << QStringList{QStringLiteral("--png"), QStringLiteral("x.png")}
                                  << QStringLiteral("a trace file (or --run) is required");
        QTest::newRow("bad view") << QStringList{QStringLiteral("t"), QStringLiteral("--png"),
                                                 QStringLiteral("x.png"), QStringLiteral("--view"),
                                                 QStringLiteral("lanes")}
                                  << QStringLiteral(
                                         "--view: 'lanes' is not cores, threads or both");
        QTest::newRow("bad theme")
            << QStringList{QStringLiteral("t"), QStringLiteral("--png"), QStringLiteral("x.png"),
                           QStringLiteral("--theme"), QStringLiteral("pink")}
            << QStringLiteral("--theme: 'pink'");
        QTest::newRow("bad width")
            << QStringList{QStringLiteral("t"), QStringLiteral("--png"), QStringLiteral("x.png"),
                           QStringLiteral("--width"), QStringLiteral("10")}
            << QStringLiteral("--width: '10' is not a size");
        QTest::newRow("bad time") << QStringList{QStringLiteral("t"), QStringLiteral("--png"),
                                                 QStringLiteral("x.png"), QStringLiteral("--from"),
                                                 QStringLiteral("later")}
                                  << QStringLiteral("--from: 'later' is not a time");
        QTest::newRow("reversed range") << QStringList{
            QStringLiteral("t"),      QStringLiteral("--png"), QStringLiteral("x.png"),
            QStringLiteral("--from"), QStringLiteral("2s"),    QStringLiteral("--to"),
            QStringLiteral("1s")} << QStringLiteral("--to must be later than --from");
        QTest::newRow("bad run") << QStringList{QStringLiteral("--png"), QStringLiteral("x.png"),
                                                QStringLiteral("--run"),
                                                QStringLiteral("model=gil")}
                                 << QStringLiteral("needs workload=");
        QTest::newRow("unknown workload")
            << QStringList{QStringLiteral("--png"), QStringLiteral("x.png"),
                           QStringLiteral("--run"), QStringLiteral("workload=nope,model=gil")}
            << QStringLiteral("workload: unknown name 'nope'");
        const QString folder = QDir::temp().filePath(QStringLiteral("corescope-frames-unused"));
        QTest::newRow("bad fps") << QStringList{QStringLiteral("t"), QStringLiteral("--frames"),
                                                folder, QStringLiteral("--fps"),
                                                QStringLiteral("120")}
                                 << QStringLiteral(
                                        "--fps: '120' is not a whole number from 1 to 60");
        QTest::newRow("bad speed")
            << QStringList{QStringLiteral("t"), QStringLiteral("--frames"), folder,
                           QStringLiteral("--speed"), QStringLiteral("1/0")}
            << QStringLiteral("--speed: '1/0' is not a speed");
        QTest::newRow("unwritable folder")
            << QStringList{QStringLiteral("t"), QStringLiteral("--frames"),
                           QStringLiteral("/proc/corescope-frames")}
            << QStringLiteral("--frames: cannot make the folder /proc/corescope-frames");
        QTest::newRow("predict without a playhead")
            << QStringList{QStringLiteral("t"), QStringLiteral("--png"), QStringLiteral("x.png"),
                           QStringLiteral("--predict")}
            << QStringLiteral("--predict needs --at");
        QTest::newRow("predict into an SVG")
            << QStringList{QStringLiteral("t"),     QStringLiteral("--svg"),
                           QStringLiteral("x.svg"), QStringLiteral("--at"),
                           QStringLiteral("1ms"),   QStringLiteral("--predict")}
            << QStringLiteral("an SVG keeps every shape");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Captured outcome = runExport(arguments);
        QCOMPARE(outcome.exitCode, kExitUsage);
        QVERIFY2(outcome.err.contains(message), qPrintable(outcome.err));
    }

    void missingFileFails()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.cstrace"));
        const Captured outcome =
            runExport({missing, QStringLiteral("--png"), dir.filePath(QStringLiteral("x.png"))});
        QCOMPARE(outcome.exitCode, kExitFailure);
        QVERIFY2(outcome.err.contains(QStringLiteral("missing.cstrace")), qPrintable(outcome.err));
    }

    void writesPicturesOfATraceFile_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QSize>("size");
        QTest::newRow("defaults") << QStringList{} << QSize(1920, 1080);
        QTest::newRow("4K, cores, dark")
            << QStringList{QStringLiteral("--width"),  QStringLiteral("3840"),
                           QStringLiteral("--height"), QStringLiteral("2160"),
                           QStringLiteral("--view"),   QStringLiteral("cores"),
                           QStringLiteral("--theme"),  QStringLiteral("dark")}
            << QSize(3840, 2160);
        QTest::newRow("a range of threads") << QStringList{
            QStringLiteral("--view"),  QStringLiteral("threads"), QStringLiteral("--from"),
            QStringLiteral("200ms"),   QStringLiteral("--to"),    QStringLiteral("0.8s"),
            QStringLiteral("--width"), QStringLiteral("1280"),    QStringLiteral("--height"),
            QStringLiteral("720")} << QSize(1280, 720);
    }

    void writesPicturesOfATraceFile()
    {
        QFETCH(QStringList, options);
        QFETCH(QSize, size);
        QTemporaryDir dir;
        const QString trace = saveTraceFile(dir);
        QVERIFY(!trace.isEmpty());
        const QString png = dir.filePath(QStringLiteral("out.png"));
        const QString svg = dir.filePath(QStringLiteral("out.svg"));
        const Captured outcome =
            runExport(QStringList{trace, QStringLiteral("--png"), png, QStringLiteral("--svg"), svg}
                      + options);
        QVERIFY2(outcome.exitCode == kExitSuccess, qPrintable(outcome.err));
        QVERIFY(outcome.out.contains(png));
        QCOMPARE(QImage(png).size(), size);
        QVERIFY(QFileInfo(svg).size() > 1000);
    }

    void writesAReplayAsFrames()
    {
        QTemporaryDir dir;
        const QString trace = saveTraceFile(dir);
        const QString folder = dir.filePath(QStringLiteral("frames"));
        // A second of runs at half speed and 4 frames a second: 125 ms a frame, 0 to 1 s.
        const Captured outcome =
            runExport({trace, QStringLiteral("--frames"), folder, QStringLiteral("--fps"),
                       QStringLiteral("4"), QStringLiteral("--speed"), QStringLiteral("1/2"),
                       QStringLiteral("--width"), QStringLiteral("640"), QStringLiteral("--height"),
                       QStringLiteral("360")});
        QVERIFY2(outcome.exitCode == kExitSuccess, qPrintable(outcome.err));
        QVERIFY2(outcome.out.contains(QStringLiteral("Wrote 9 frames")), qPrintable(outcome.out));
        const QStringList frames =
            QDir(folder).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(frames.size(), 9);
        QCOMPARE(frames.first(), QStringLiteral("frame-00001.png"));
        // The runs are uncovered as the playhead moves on: less and less is curtain.
        const QRgb curtain = TimelineTheme::light().background.rgb();
        const auto hidden = [&](const QString &name) {
            const QImage image =
                QImage(QDir(folder).filePath(name)).convertToFormat(QImage::Format_RGB32);
            qint64 count = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    count += image.pixel(x, y) == curtain;
            return count;
        };
        QCOMPARE(QImage(QDir(folder).filePath(frames.first())).size(), QSize(640, 360));
        QVERIFY(hidden(QStringLiteral("frame-00003.png"))
                > hidden(QStringLiteral("frame-00006.png")));
        QVERIFY(hidden(QStringLiteral("frame-00006.png"))
                > hidden(QStringLiteral("frame-00009.png")));
    }

    void drawsThePlayheadAndHidesWhatComesAfter()
    {
        QTemporaryDir dir;
        const QString trace = saveTraceFile(dir);
        const QString plain = dir.filePath(QStringLiteral("plain.png"));
        const QString predicted = dir.filePath(QStringLiteral("predicted.png"));
        QCOMPARE(runExport({trace, QStringLiteral("--png"), plain}).exitCode, kExitSuccess);
        const Captured outcome =
            runExport({trace, QStringLiteral("--png"), predicted, QStringLiteral("--at"),
                       QStringLiteral("300ms"), QStringLiteral("--predict")});
        QVERIFY2(outcome.exitCode == kExitSuccess, qPrintable(outcome.err));
        // The worker's bar from 250 to 750 ms: its middle is hidden behind the curtain.
        const QImage a(plain);
        const QImage b(predicted);
        QCOMPARE(a.size(), b.size());
        QVERIFY(a != b);
    }
};

QTEST_MAIN(TestExportSubcommand)
#include "tst_exportsubcommand.moc"
