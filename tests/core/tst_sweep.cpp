// SPDX-License-Identifier: MIT
// Speed-up arithmetic, the Amdahl fit, the Karp–Flatt metric, sweeps over real runs, and the
// lecture presets (each one must be runnable as written).

#include "analysis/amdahl.h"
#include "analysis/runreport.h"
#include "analysis/sweepresult.h"
#include "engine/engine.h"
#include "engine/lecturepresets.h"
#include "engine/sweeprunner.h"
#include "trace/tracebuilder.h"
#include "trace/tracediff.h"
#include "trace/tracefile.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <set>

using namespace corescope;

class TestSweep : public QObject
{
    Q_OBJECT

private slots:
    // A point measured while other programs took more than a tenth of a core is flagged, in its
    // figures and in the table, so that its speed-up is not taken for the machine's.
    void flagsPointsOtherProgramsDisturbed()
    {
        constexpr TimeNs kMs = 1'000'000;
        const auto run = [](TimeNs wall, TimeNs busyCore1) {
            TraceBuilder builder(2);
            builder.metadata().wallNs = wall;
            builder.metadata().busySampling = "cpuidle";
            builder.addThread({1, 1, "main", ThreadRole::Engine, 0, wall, -1});
            builder.addSlice(0, 0, wall, 0);
            builder.addBusySample(0, 0, wall, wall);
            builder.addBusySample(1, 0, wall, busyCore1);
            return builder.build();
        };
        SweepResult sweep;
        sweep.workload = "count";
        sweep.traces = {run(100 * kMs, 0), run(60 * kMs, 30 * kMs)};
        sweep.points = {{"serial", 1, {100 * kMs}, {0}}, {"threads", 2, {60 * kMs}, {1}}};
        sweep.computeFigures();
        QVERIFY(!sweep.points[0].disturbed());
        QVERIFY(sweep.points[1].disturbed());
        QCOMPARE(sweep.points[1].othersShare, 0.5);
        const std::string table = formatSweepTable(sweep);
        QVERIFY2(table.find("1.67×!") != std::string::npos, table.c_str());
        QVERIFY2(table.find("other programs took up to 50 % of a core") != std::string::npos,
                 table.c_str());
    }

    void amdahlRecoversTheSerialFraction_data()
    {
        QTest::addColumn<double>("parallel");
        QTest::addColumn<double>("noise"); // relative, alternating sign
        QTest::newRow("perfectly parallel") << 1.0 << 0.0;
        QTest::newRow("p = 0.97") << 0.97 << 0.0;
        QTest::newRow("p = 0.9, 2 % noise") << 0.9 << 0.02;
        QTest::newRow("p = 0.5, 1 % noise") << 0.5 << 0.01;
        QTest::newRow("no parallel part") << 0.0 << 0.0;
    }

    void amdahlRecoversTheSerialFraction()
    {
        QFETCH(double, parallel);
        QFETCH(double, noise);
        const AmdahlFit truth{parallel, 0};
        std::vector<SpeedupSample> samples;
        int sign = 1;
        for (double n : {1.0, 2.0, 4.0, 8.0, 16.0, 32.0}) {
            samples.push_back({n, truth.speedupAt(n) * (1 + sign * noise)});
            sign = -sign;
        }
        const AmdahlFit fit = AmdahlFit::fit(samples);
        QVERIFY2(std::abs(fit.serialFraction() - truth.serialFraction()) <= 0.01,
                 qPrintable(QString::number(fit.parallelFraction)));
        if (noise == 0)
            QVERIFY(fit.residual < 1e-6);
    }

    void speedupsBelowOneFitNoParallelism()
    {
        // GIL threads on CPU-bound work: no faster, a little slower, with more workers.
        const AmdahlFit fit = AmdahlFit::fit({{1, 1.0}, {2, 0.95}, {4, 0.9}});
        QCOMPARE(fit.parallelFraction, 0.0);
    }

    void karpFlatt_data()
    {
        QTest::addColumn<double>("speedup");
        QTest::addColumn<double>("workers");
        QTest::addColumn<double>("expected");
        QTest::newRow("perfect") << 4.0 << 4.0 << 0.0;
        QTest::newRow("none") << 1.0 << 4.0 << 1.0;
        QTest::newRow("amdahl p=0.9 at 2") << 1.0 / (0.1 + 0.45) << 2.0 << 0.1;
    }

    void karpFlatt()
    {
        QFETCH(double, speedup);
        QFETCH(double, workers);
        QFETCH(double, expected);
        QVERIFY(std::abs(corescope::karpFlatt(speedup, workers) - expected) < 1e-9);
        QVERIFY(std::isnan(corescope::karpFlatt(speedup, 1)));
    }

    void figuresFromWallTimes()
    {
        SweepResult result;
        result.points.push_back({"serial", 1, {400, 420, 410}, {}});
        result.points.push_back({"threads", 2, {200, 220, 205, 190}, {}});
        result.points.push_back({"threads", 4, {110}, {}});
        result.computeFigures();
        QCOMPARE(result.serialMedian, TimeNs(410));
        const SweepPoint *two = result.find("threads", 2);
        QVERIFY(two);
        QCOMPARE(two->median, TimeNs(202)); // (200 + 205) / 2, integer nanoseconds
        QCOMPARE(two->fastest, TimeNs(190));
        QCOMPARE(two->slowest, TimeNs(220));
        QCOMPARE(two->speedup, 410.0 / 202.0);
        QCOMPARE(two->efficiency, 410.0 / 202.0 / 2);
        QCOMPARE(result.find("threads", 4)->speedup, 410.0 / 110.0);
        QVERIFY(result.fits.count("threads") == 1);
        QVERIFY(result.fits.at("threads").parallelFraction > 0.9);
        QCOMPARE(medianOf({}), TimeNs(0));
    }

    void planRefusesBadSweeps_data()
    {
        QTest::addColumn<int>("repeats");
        QTest::addColumn<QString>("models");
        QTest::addColumn<int>("workers");
        QTest::addColumn<QString>("message");
        QTest::newRow("no repeats") << 0 << "threads" << 2 << "repeats: 0 is out of range";
        QTest::newRow("too many workers") << 1 << "threads" << 65 << "workers: 65 is out of range";
        QTest::newRow("unknown model")
            << 1 << "fibers" << 2 << "sweep point fibers × 2: model: unknown";
        QTest::newRow("no models") << 1 << "" << 2 << "models: the list is empty";
    }

    void planRefusesBadSweeps()
    {
        QFETCH(int, repeats);
        QFETCH(QString, models);
        QFETCH(int, workers);
        QFETCH(QString, message);
        SweepSpec spec;
        spec.base.workload = "sleep";
        spec.repeats = repeats;
        spec.models.clear();
        if (!models.isEmpty())
            spec.models.push_back(models.toStdString());
        spec.workerCounts = {workers};
        const auto plan = SweepRunner::plan(spec);
        QVERIFY(!plan);
        QVERIFY2(QString::fromStdString(plan.error()).contains(message), plan.error().c_str());
    }

    void defaultWorkerCounts()
    {
        QCOMPARE(SweepSpec::defaultWorkerCounts(2), (std::vector<int>{1, 2, 4}));
        QCOMPARE(SweepSpec::defaultWorkerCounts(6), (std::vector<int>{1, 2, 4, 8, 12}));
        QCOMPARE(SweepSpec::defaultWorkerCounts(64).back(), 64);
    }

    // A real sweep of waits: threads overlap them whatever the core count.
    void theTracesSerialFractionGoesBesideTheFit()
    {
        // Two workers on two cores: at once (threads), or taking turns with the GIL (gil).
        const auto run = [](const char *model) {
            TraceBuilder b(2);
            b.metadata().model = model;
            b.metadata().wallNs = std::string_view(model) == "gil" ? 200 : 100;
            b.addThread({});
            b.addThread({});
            if (std::string_view(model) == "gil") {
                b.addState(0, 0, 100, ThreadState::Running, 0);
                b.addSpan(0, 0, 100, SpanKind::GilHold);
                b.addState(1, 0, 100, ThreadState::GilWait);
                b.addState(1, 100, 200, ThreadState::Running, 1);
                b.addSpan(1, 100, 200, SpanKind::GilHold);
            } else {
                b.addState(0, 0, 100, ThreadState::Running, 0);
                b.addState(1, 0, 100, ThreadState::Running, 1);
            }
            return b.build();
        };
        SweepResult result;
        result.traces = {run("threads"), run("gil")};
        result.points.push_back({"serial", 1, {200}, {}});
        for (const char *model : {"threads", "gil"})
            result.points.push_back({model, 1, {200}, {}});
        result.points.push_back({"threads", 2, {100}, {0}});
        result.points.push_back({"gil", 2, {200}, {1}});
        result.computeFigures();
        QCOMPARE(result.tracedSerial.at("threads").fraction(), 0.0);
        QCOMPARE(result.tracedSerial.at("gil").fraction(), 1.0);
        QVERIFY(formatSweepTable(result).find(
                    "Serial fraction read off the traces (compare 1 - p):  gil 1.00  threads 0.00")
                != std::string::npos);
    }

    void ioSweepKeepsScaling()
    {
        SweepSpec spec;
        spec.base.workload = "sleep";
        spec.base.tasks = 8;
        spec.base.params = {{"ms", "40"}};
        spec.models = {"serial", "threads"};
        spec.workerCounts = {1, 4, 8};
        spec.repeats = 2;
        Engine engine;
        size_t lastDone = 0;
        auto result =
            SweepRunner(engine).run(spec, [&](size_t done, size_t total, const std::string &) {
                QVERIFY(done <= total);
                lastDone = done;
            });
        QVERIFY2(result, result ? "" : result.error().c_str());
        const SweepResult &r = result.value();
        QCOMPARE(r.points.size(), size_t(4)); // serial once, threads three times
        QCOMPARE(r.traces.size(), size_t(8));
        QCOMPARE(lastDone, size_t(8));
        for (const auto &point : r.points) {
            QCOMPARE(point.walls.size(), size_t(2));
            for (size_t index : point.traces)
                QCOMPARE(r.traces[index].metadata().model, point.model);
        }
        QVERIFY(r.find("threads", 8)->speedup >= 4.0);
        QVERIFY(r.find("threads", 4)->speedup >= 2.5);
        QVERIFY(!r.cancelled);
    }

    void sweepFileRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("native") << QStringLiteral("sweep.cstrace");
        QTest::newRow("json") << QStringLiteral("sweep.json");
    }
    void sweepFileRoundTrip()
    {
        QFETCH(QString, name);
        SweepSpec spec;
        spec.base.workload = "sleep";
        spec.base.tasks = 2;
        spec.base.params = {{"ms", "5"}};
        spec.models = {"serial", "threads", "gil"};
        spec.workerCounts = {1, 2};
        spec.repeats = 2;
        Engine engine;
        auto measured = SweepRunner(engine).run(spec);
        QVERIFY2(measured, measured ? "" : measured.error().c_str());
        const SweepResult &sweep = measured.value();

        // A run made before the sweep shares the file: the layout must point past it.
        const Trace &other = sweep.traces.front();
        std::vector<Trace> runs{other};
        runs.insert(runs.end(), sweep.traces.begin(), sweep.traces.end());
        TraceFile file(std::move(runs));
        QVERIFY(file.setSweep(sweep.layout(1)));

        QTemporaryDir dir;
        const std::string path = dir.filePath(name).toStdString();
        QVERIFY(file.save(path));
        auto loaded = TraceFile::load(path);
        QVERIFY2(loaded, loaded ? "" : loaded.error().c_str());
        QVERIFY(loaded.value().sweep().has_value());
        QCOMPARE(loaded.value().sweep()->points.size(), sweep.points.size());
        auto rebuilt = SweepResult::fromLayout(*loaded.value().sweep(), loaded.value().runs());
        QVERIFY2(rebuilt, rebuilt ? "" : rebuilt.error().c_str());
        const SweepResult &again = rebuilt.value();
        QCOMPARE(again.workload, sweep.workload);
        QCOMPARE(again.traces.size(), sweep.traces.size());
        QCOMPARE(again.serialMedian, sweep.serialMedian);
        QCOMPARE(again.fits.size(), sweep.fits.size());
        for (const SweepPoint &point : sweep.points) {
            const SweepPoint *copy = again.find(point.model, point.workers);
            QVERIFY(copy);
            QCOMPARE(copy->walls, point.walls);
            QCOMPARE(copy->speedup, point.speedup);
            for (size_t i = 0; i < point.traces.size(); ++i) {
                const auto difference = TraceDiff::firstDifference(sweep.traces[point.traces[i]],
                                                                   again.traces[copy->traces[i]]);
                QVERIFY2(!difference, difference ? difference->c_str() : "");
            }
        }
        for (const auto &[model, fit] : sweep.fits)
            QCOMPARE(again.fits.at(model).parallelFraction, fit.parallelFraction);
    }

    void layoutThatDoesNotFitIsRefused()
    {
        SweepLayout layout;
        layout.workload = "count";
        layout.points.push_back({"threads", 2, {0, 3}});
        TraceFile file({Trace(), Trace()});
        const Status status = file.setSweep(layout);
        QVERIFY(!status);
        QCOMPARE(
            QString::fromStdString(status.error()),
            QStringLiteral("sweep point 1 (threads × 2) refers to run 4, but the file holds 2"));
        QVERIFY(!file.sweep());
        QVERIFY(!SweepResult::fromLayout(layout, file.runs()));
        layout.points[0] = {"threads", 0, {0}};
        QVERIFY(!file.setSweep(layout));
    }

    void presetsAreRunnableAsWritten()
    {
        std::set<std::string> ids;
        QVERIFY(lecturePresets().size() >= 6);
        QCOMPARE(lecturePresets().front().id, std::string("factorize"));
        for (const auto &preset : lecturePresets()) {
            QVERIFY2(ids.insert(preset.id).second, preset.id.c_str());
            QVERIFY(!preset.title.empty() && !preset.explanation.empty());
            QVERIFY(!preset.predict.empty() && !preset.reveal.empty());
            QVERIFY(!preset.runs.empty() || preset.sweep.has_value());
            for (const PresetStep &step : preset.runs) {
                if (const auto *recording = std::get_if<PresetRecording>(&step)) {
                    const std::string script =
                        std::string(CORESCOPE_EXAMPLES) + "/" + recording->script;
                    QVERIFY2(std::filesystem::exists(script), script.c_str());
                    // `corescope demo` runs the first preset without recording anything.
                    QVERIFY(&preset != &lecturePresets().front());
                    continue;
                }
                const auto validated = validateRunSpec(std::get<RunSpec>(step));
                QVERIFY2(validated,
                         (preset.id + ": " + (validated ? "" : validated.error())).c_str());
            }
            if (preset.sweep) {
                const auto plan = SweepRunner::plan(*preset.sweep);
                QVERIFY2(plan, (preset.id + ": " + (plan ? "" : plan.error())).c_str());
            }
            QCOMPARE(findLecturePreset(preset.id), &preset);
        }
        QVERIFY(!findLecturePreset("nope"));
    }
};

QTEST_APPLESS_MAIN(TestSweep)
#include "tst_sweep.moc"
