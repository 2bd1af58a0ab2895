// SPDX-License-Identifier: MIT
// Trace files: how small the native format is, how fast it loads from the page cache into the
// render-ready model, and how Chrome JSON import compares with a bare simdjson parse of the same
// file, in the same run. Run with `--import-peak FILE` to measure one JSON import's peak memory
// in a fresh process (the benchmark does that itself).

#include "trace/chrometraceexporter.h"
#include "trace/chrometraceimporter.h"
#include "trace/inputfile.h"
#include "trace/nativetracewriter.h"
#include "trace/synthetictrace.h"
#include "trace/tracebuilder.h"
#include "trace/tracefile.h"

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace corescope;

constexpr uint64_t kNativeEvents = 10'000'000;
constexpr uint64_t kJsonEvents = 500'000;

/// Files this run made, removed at the end.
std::vector<std::string> g_scratchFiles;

std::string scratch(const char *name)
{
    const char *dir = std::getenv("TMPDIR");
    g_scratchFiles.push_back(std::string(dir && *dir ? dir : "/tmp") + "/corescope-bench-"
                             + std::to_string(getpid()) + "-" + name);
    return g_scratchFiles.back();
}

/// A lifelike GIL run: 16 workers on 8 cores.
const Trace &nativeTrace()
{
    static const Trace trace = SyntheticTrace::make({16, 8, kNativeEvents, 42});
    return trace;
}

const std::string &nativeFile()
{
    static const std::string path = [] {
        const std::string p = scratch("native.cstrace");
        if (!TraceFile({nativeTrace()}).save(p).ok())
            std::abort();
        return p;
    }();
    return path;
}

const std::string &jsonFile()
{
    static const std::string path = [] {
        const std::string p = scratch("perfetto.json");
        const Trace trace = SyntheticTrace::make({16, 8, kJsonEvents, 7});
        TraceFile::SaveOptions options;
        options.flavour = ChromeJsonFlavour::Perfetto;
        if (!TraceFile({trace}).save(p, options).ok())
            std::abort();
        return p;
    }();
    return path;
}

uint64_t fileSize(const std::string &path)
{
    auto file = InputFile::open(path);
    return file.ok() ? file.value().size() : 0;
}

/// Bytes the model's columns hold (their capacity), per event.
double memoryPerEvent(const Trace &trace)
{
    size_t bytes = trace.markers().capacity() * sizeof(Marker);
    for (size_t c = 0; c < trace.coreCount(); ++c) {
        const CoreSlices &s = trace.slicesOnCore(c);
        bytes += s.begin.capacity() * 8 + s.end.capacity() * 8 + s.thread.capacity() * 4;
    }
    for (size_t t = 0; t < trace.threads().size(); ++t) {
        const ThreadStates &s = trace.statesOf(t);
        bytes += s.begin.capacity() * 8 + s.end.capacity() * 8 + s.state.capacity()
                 + s.core.capacity() * 2;
        const ThreadSpans &p = trace.spansOf(t);
        bytes += p.begin.capacity() * 8 + p.end.capacity() * 8 + p.kind.capacity()
                 + p.task.capacity() * 4 + p.result.capacity() * 8;
    }
    return double(bytes) / double(std::max<size_t>(1, trace.eventCount()));
}

void BM_NativeSave(benchmark::State &state)
{
    const Trace &trace = nativeTrace();
    size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        NativeTraceWriter writer;
        writer.write(std::span(&trace, 1), [&](std::string_view chunk) { bytes += chunk.size(); });
    }
    state.SetItemsProcessed(int64_t(state.iterations() * trace.eventCount()));
    state.counters["bytes_per_event"] = double(bytes) / double(trace.eventCount());
    state.counters["events"] = double(trace.eventCount());
}
BENCHMARK(BM_NativeSave)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_NativeLoad(benchmark::State &state)
{
    const std::string &path = nativeFile();
    size_t events = 0;
    double perEvent = 0;
    for (auto _ : state) {
        auto loaded = TraceFile::load(path);
        state.PauseTiming(); // looking at the result and freeing it are not part of loading
        if (!loaded.ok()) {
            state.SkipWithError(loaded.error().c_str());
            return;
        }
        events = loaded.value().runs()[0].eventCount();
        perEvent = memoryPerEvent(loaded.value().runs()[0]);
        loaded = Error{};
        state.ResumeTiming();
    }
    state.SetItemsProcessed(int64_t(state.iterations() * events));
    state.SetBytesProcessed(int64_t(state.iterations() * fileSize(path)));
    state.counters["memory_bytes_per_event"] = perEvent;
    state.counters["file_bytes_per_event"] = double(fileSize(path)) / double(events);
}
BENCHMARK(BM_NativeLoad)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_JsonImport(benchmark::State &state)
{
    const std::string &path = jsonFile();
    for (auto _ : state) {
        auto loaded = TraceFile::load(path);
        state.PauseTiming();
        if (!loaded.ok()) {
            state.SkipWithError(loaded.error().c_str());
            return;
        }
        benchmark::DoNotOptimize(loaded.value().runs().data());
        loaded = Error{};
        state.ResumeTiming();
    }
    state.SetBytesProcessed(int64_t(state.iterations() * fileSize(path)));
    state.counters["file_bytes"] = double(fileSize(path));
}
BENCHMARK(BM_JsonImport)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The yardstick: simdjson parsing the same file the way its documentation does it
/// (padded_string::load from the page cache, then the DOM parser: every byte validated,
/// runtime-dispatched SIMD), with a warm parser.
void BM_SimdjsonParse(benchmark::State &state)
{
    const std::string &path = jsonFile();
    simdjson::dom::parser parser;
    for (auto _ : state) {
        simdjson::padded_string json;
        simdjson::dom::element root;
        if (simdjson::padded_string::load(path).get(json) || parser.parse(json).get(root)) {
            state.SkipWithError("simdjson refused the file");
            return;
        }
        benchmark::DoNotOptimize(root);
    }
    state.SetBytesProcessed(int64_t(state.iterations() * fileSize(path)));
    state.counters["file_bytes"] = double(fileSize(path));
}
BENCHMARK(BM_SimdjsonParse)->Unit(benchmark::kMillisecond)->UseRealTime();

/// A live view's update (issue 13): a copy of the trace so far, and the next update's 1000 events
/// appended to the copy's columns, on every core and thread. The copy shares the columns' chunks
/// and the appends copy each column's last chunk at most, so 10 M events should cost no more than
/// twice what 100 k do.
void BM_TraceSnapshot(benchmark::State &state)
{
    static const Trace small = SyntheticTrace::make({16, 8, 100'000, 42});
    const Trace &trace = uint64_t(state.range(0)) == kNativeEvents ? nativeTrace() : small;
    const auto threads = uint32_t(trace.threads().size());
    const auto cores = uint16_t(trace.coreCount());
    for (auto _ : state) {
        TraceBuilder next(trace);
        for (uint32_t i = 0; i < 250; ++i) { // four events each
            const uint32_t thread = i % threads;
            const auto core = uint16_t(i % cores);
            const TimeNs at = trace.extent() + TimeNs(i) * 1000;
            next.addSlice(core, at, at + 500, thread);
            next.addState(thread, at, at + 500, ThreadState::Running, core);
            next.addSpan(thread, at, at + 500, SpanKind::GilHold);
            next.addMarker({at, MarkerKind::Migration, thread, thread, core, core});
        }
        benchmark::DoNotOptimize(next);
    }
    state.counters["events"] = double(trace.eventCount());
}
BENCHMARK(BM_TraceSnapshot)
    ->Arg(100'000)
    ->Arg(int64_t(kNativeEvents))
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

long residentKb(const char *field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    const size_t length = std::strlen(field);
    while (std::getline(status, line)) {
        if (line.compare(0, length, field) == 0)
            return std::strtol(line.c_str() + length + 1, nullptr, 10);
    }
    return 0;
}

/// Peak memory of one import in a fresh process, as a multiple of the file's size.
void BM_JsonImportPeakMemory(benchmark::State &state)
{
    const std::string &path = jsonFile();
    char self[4096] = {};
    if (readlink("/proc/self/exe", self, sizeof self - 1) <= 0) {
        state.SkipWithError("cannot find this executable");
        return;
    }
    double ratio = 0;
    for (auto _ : state) {
        const std::string command = std::string(self) + " --import-peak " + path;
        FILE *child = popen(command.c_str(), "r");
        if (!child || std::fscanf(child, "%lf", &ratio) != 1) {
            state.SkipWithError("the measuring process failed");
            return;
        }
        pclose(child);
    }
    state.counters["peak_per_file_byte"] = ratio;
}
BENCHMARK(BM_JsonImportPeakMemory)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    if (argc == 3 && std::strcmp(argv[1], "--import-peak") == 0) {
        const long before = residentKb("VmRSS:");
        auto loaded = TraceFile::load(argv[2]);
        if (!loaded.ok())
            return 1;
        const long peak = residentKb("VmHWM:");
        std::printf("%.3f\n", double(peak - before) * 1024.0 / double(fileSize(argv[2])));
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    for (const std::string &file : g_scratchFiles)
        std::remove(file.c_str());
    return 0;
}
