// SPDX-License-Identifier: MIT
// What recording costs the recorded program: the course's threaded factorisation bare and
// recorded (kernel switch records of its whole tree, the GIL library, the Python helper), and
// the GIL library's cost per GIL release. scripts/bench reports the ratios.
#include "record/gillogformat.h"
#include "record/launchedprogram.h"
#include "record/processtreecapture.h"
#include "record/programtracedecoder.h"
#include "record/pythonnames.h"

#include "growingrecording.h"

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

using namespace corescope;

namespace {

constexpr const char *kPython = "/usr/bin/python3";
constexpr int kReleases = 1'000'000;

/// A fresh folder for the logs of one run.
std::string scratchFolder()
{
    char name[] = "/tmp/corescope-bench-XXXXXX";
    return mkdtemp(name) ? name : "/tmp";
}

/// Runs the program to its end, draining `capture` (if any) as the recorder would.
void runToEnd(ProgramSpec spec, bool recorded, benchmark::State &state)
{
    const std::string folder = scratchFolder();
    spec.outputFile = "/dev/null";
    if (recorded)
        spec.environment = {{"LD_PRELOAD", CORESCOPE_GIL_LIBRARY},
                            {GilLogFormat::kDirectoryVariable, folder},
                            {"PYTHONPATH", CORESCOPE_PYTHON_HELPER},
                            {kPythonNamesVariable, folder}};
    Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
    if (!program) {
        state.SkipWithError(program.error().c_str());
        return;
    }
    std::optional<ProcessTreeCapture> capture;
    if (recorded) {
        Result<ProcessTreeCapture> attached = ProcessTreeCapture::attach(program.value().pid());
        if (!attached) {
            state.SkipWithError(attached.error().c_str());
            return;
        }
        capture.emplace(std::move(attached).value());
    }
    if (!program.value().proceed()) {
        state.SkipWithError("the program did not start");
        return;
    }
    KernelRecords records;
    // Both wait alike, in 10 ms steps, so that only the recording differs.
    while (!program.value().poll()) {
        if (capture)
            capture->drain(records);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (capture)
        capture->drain(records);
    std::system(("rm -rf '" + folder + "'").c_str());
    state.counters["switches"] = double(records.switchCount());
    state.counters["lost"] = double(records.lostRecords);
}

void BM_ThreadedFactorize(benchmark::State &state)
{
    const bool recorded = state.range(0) != 0;
    const ProgramSpec spec{
        {kPython, CORESCOPE_EXAMPLES "/factorize.py", "threads"}, {}, {}, {}, {}};
    for (auto _ : state)
        runToEnd(spec, recorded, state);
    state.SetLabel(recorded ? "recorded" : "bare");
}
BENCHMARK(BM_ThreadedFactorize)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

/// os.read releases and takes the GIL once per call; from /dev/zero it returns at once.
void BM_GilReleases(benchmark::State &state)
{
    const bool recorded = state.range(0) != 0;
    const std::string script = "import os\nfd = os.open('/dev/zero', os.O_RDONLY)\nfor _ in range("
                               + std::to_string(kReleases) + "):\n    os.read(fd, 1)\n";
    const ProgramSpec spec{{kPython, "-c", script}, {}, {}, {}, {}};
    for (auto _ : state)
        runToEnd(spec, recorded, state);
    state.counters["releases"] = kReleases;
    state.SetLabel(recorded ? "recorded" : "bare");
}
BENCHMARK(BM_GilReleases)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

/// Two processes handing a byte to and fro through two pipes: each hand-off blocks one and
/// wakes the other, so the switches come as fast as the machine can make them (the issue's
/// "no lost records at 50 k switches a second").
void BM_SwitchStorm(benchmark::State &state)
{
    const std::string script = "import os\n"
                               "a, b = os.pipe()\n"
                               "c, d = os.pipe()\n"
                               "n = 60000\n"
                               "if os.fork() == 0:\n"
                               "    for _ in range(n):\n"
                               "        os.read(a, 1)\n"
                               "        os.write(d, b'x')\n"
                               "    os._exit(0)\n"
                               "for _ in range(n):\n"
                               "    os.write(b, b'x')\n"
                               "    os.read(c, 1)\n"
                               "os.wait()\n";
    const ProgramSpec spec{{kPython, "-c", script}, {}, {}, {}, {}};
    for (auto _ : state) {
        const auto begin = std::chrono::steady_clock::now();
        runToEnd(spec, true, state);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - begin;
        state.counters["switches_per_second"] = state.counters["switches"] / took.count();
    }
}
BENCHMARK(BM_SwitchStorm)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

/// Bytes malloc has handed out and not had back. Unlike the resident size, this falls when
/// memory is freed, so a repetition after the first measures what it holds, not what an
/// earlier one left in malloc's free lists.
size_t heapBytesInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

/// One live update after 1000 more slices (the decoder takes them, then a snapshot), with the
/// recording already holding about state.range(0) trace events: as ProgramRecorder's poll and
/// liveTrace do. Its cost must follow the new records, not the recording; the memory is the
/// trace's, as no record is kept once decoded.
void BM_LiveRecordingUpdate(benchmark::State &state)
{
    const size_t before = heapBytesInUse();
    GrowingRecording growing;
    const auto slices = size_t(state.range(0) / 3); // a slice, its Running and Runnable states
    ProgramTraceDecoder decoder(growing.r.startNs);
    std::shared_ptr<const Trace> trace;
    for (size_t grown = 0; grown < slices; grown += 100'000) { // as a live view would have
        growing.grow(std::min<size_t>(100'000, slices - grown));
        decoder.take(growing.arrived, growing.r.endNs);
        trace.reset();
        trace = std::make_shared<const Trace>(decoder.snapshot(growing.r));
    }
    const double perEvent = double(heapBytesInUse() - before) / double(trace->eventCount());
    for (auto _ : state) {
        state.PauseTiming();
        growing.grow(1000);
        trace.reset(); // the view lets the last one go when the next arrives
        state.ResumeTiming();
        decoder.take(growing.arrived, growing.r.endNs);
        trace = std::make_shared<const Trace>(decoder.snapshot(growing.r));
        benchmark::DoNotOptimize(trace);
    }
    state.counters["events"] = double(trace->eventCount());
    state.counters["slices"] = double(trace->sliceCount());
    state.counters["states"] = double(trace->stateCount());
    state.counters["memory_bytes_per_event"] = perEvent;
}
BENCHMARK(BM_LiveRecordingUpdate)
    ->Arg(100'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(50);

} // namespace

BENCHMARK_MAIN();
