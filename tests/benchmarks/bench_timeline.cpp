// SPDX-License-Identifier: MIT
// What drawing the timeline costs, rendering offscreen into a QImage: a whole frame (level-of-
// detail queries and painting) at full zoom-out on 16 core lanes for 1M and 10M on-CPU slices,
// a frame zoomed in to about 20k visible slices, a repaint from cached geometry, and PNG
// exports at 1080p and 4K. The goals (docs/performance.md) compare these within one run.

#include "analysis/lanesummary.h"
#include "timeline/timelineexporter.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelinerenderer.h"
#include "trace/tracebuilder.h"

#include "qtbenchmarkmain.h"

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>

namespace {

using namespace corescope;

constexpr size_t kCores = 16;
constexpr size_t kThreads = 32;
constexpr TimeNs kLength = 10'000'000'000; // 10 s
const QSize kFrame(1920, 1080);

/// `total` on-CPU slices spread over 16 cores and 10 s, each core 60–95 % busy, threads taking
/// turns at random: the shape of a long, busy capture. Built once per size and kept.
std::shared_ptr<const Trace> syntheticTrace(size_t total)
{
    static std::map<size_t, std::shared_ptr<const Trace>> traces;
    auto &trace = traces[total];
    if (trace)
        return trace;
    TraceBuilder builder(kCores);
    for (size_t t = 0; t < kThreads; ++t)
        builder.addThread({1, int32_t(2 + t), "worker-" + std::to_string(t),
                           t == 0 ? ThreadRole::Engine : ThreadRole::Worker, 0, kLength, -1});
    std::mt19937_64 random(7);
    const size_t perCore = total / kCores;
    const TimeNs step = kLength / TimeNs(perCore);
    for (size_t c = 0; c < kCores; ++c) {
        for (size_t k = 0; k < perCore; ++k) {
            const TimeNs begin = TimeNs(k) * step;
            const TimeNs length = step * 6 / 10 + TimeNs(random() % uint64_t(step * 35 / 100 + 1));
            builder.addSlice(uint16_t(c), begin, begin + length, uint32_t(random() % kThreads));
        }
    }
    builder.metadata().title = "synthetic · " + std::to_string(total) + " slices";
    builder.metadata().wallNs = kLength;
    trace = std::make_shared<const Trace>(builder.build());
    return trace;
}

/// A renderer showing `trace`'s 16 core lanes on a 1080p frame, with its summaries built (the
/// one-time preparation is measured on its own by BM_PrepareSummaries).
std::unique_ptr<TimelineRenderer> frameRenderer(const std::shared_ptr<const Trace> &trace)
{
    auto renderer = std::make_unique<TimelineRenderer>();
    renderer->setRuns({trace});
    renderer->setLaneMode(LaneMode::Cores);
    renderer->setSize(kFrame);
    renderer->setRange(0, kLength);
    QImage image(kFrame, QImage::Format_RGB32);
    QPainter painter(&image);
    renderer->paint(painter);
    return renderer;
}

/// One whole frame: new geometry from the level-of-detail queries, then painting. The range
/// moves by a nanosecond between frames so that nothing cached can be reused.
void frame(benchmark::State &state, const std::shared_ptr<const Trace> &trace, TimeNs begin,
           TimeNs end)
{
    auto renderer = frameRenderer(trace);
    QImage image(kFrame, QImage::Format_RGB32);
    bool odd = false;
    for (auto _ : state) {
        odd = !odd;
        renderer->setRange(begin, end - (odd ? 1 : 0));
        QPainter painter(&image);
        renderer->paint(painter);
        painter.end();
        benchmark::DoNotOptimize(image.constBits());
    }
    state.counters["primitives"] = double(renderer->primitiveCount());
}

void BM_FrameFullZoomOut(benchmark::State &state)
{
    frame(state, syntheticTrace(size_t(state.range(0))), 0, kLength);
}
BENCHMARK(BM_FrameFullZoomOut)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_FrameZoomed20k(benchmark::State &state)
{
    // 10M slices over 10 s on 16 cores: a 20 ms window holds 20k of them (1250 per lane).
    const TimeNs begin = kLength / 2;
    frame(state, syntheticTrace(10'000'000), begin, begin + 20'000'000);
    state.counters["visible"] = 20000;
}
BENCHMARK(BM_FrameZoomed20k)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RepaintCached(benchmark::State &state)
{
    // What a mouse move costs: the geometry is there, only painting.
    auto renderer = frameRenderer(syntheticTrace(10'000'000));
    QImage image(kFrame, QImage::Format_RGB32);
    for (auto _ : state) {
        QPainter painter(&image);
        renderer->paint(painter);
        painter.end();
        benchmark::DoNotOptimize(image.constBits());
    }
}
BENCHMARK(BM_RepaintCached)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PrepareSummaries(benchmark::State &state)
{
    // Once per trace and huge lane: the price of the flat frame times above.
    const auto trace = syntheticTrace(size_t(state.range(0)));
    for (auto _ : state) {
        for (size_t c = 0; c < kCores; ++c)
            benchmark::DoNotOptimize(LaneSummary::ofSlices(trace->slicesOnCore(c)).memoryBytes());
    }
}
BENCHMARK(BM_PrepareSummaries)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ExportPng(benchmark::State &state)
{
    // A whole export as File ▸ Export PNG does it: title, axis, lanes, legend, encoding, file.
    const QSize size(int(state.range(0)), int(state.range(1)));
    const auto trace = syntheticTrace(1'000'000);
    auto cache = std::make_shared<TimelineLodCache>();
    ExportOptions options;
    options.laneMode = LaneMode::Cores;
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("timeline.png"));
    QString error;
    if (!TimelineExporter::writePng({trace}, path, size, options, &error, cache)) // warm the cache
        state.SkipWithError(error.toStdString().c_str());
    for (auto _ : state) {
        if (!TimelineExporter::writePng({trace}, path, size, options, &error, cache))
            state.SkipWithError(error.toStdString().c_str());
    }
    state.counters["bytes"] = double(QFileInfo(path).size());
}
BENCHMARK(BM_ExportPng)
    ->Args({1920, 1080})
    ->Args({3840, 2160})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    // Text needs a QGuiApplication; no window is ever shown.
    return corescope::runQtBenchmarks<QGuiApplication>(argc, argv);
}
