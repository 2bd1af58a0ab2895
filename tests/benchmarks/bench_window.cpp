// SPDX-License-Identifier: MIT
// What a live update of a long recording costs the window's GUI thread: the timeline and the
// summary panel take the recording's next snapshot, as MainWindow::onRunsChanged gives it them,
// and the timeline paints it, at 100 k and at 10 M recorded events. The recording's decoding
// (the recorder's thread) is measured by bench_record; this is what stands between two updates
// of the window. scripts/bench reports the updates a second it allows.
#include "record/programtracedecoder.h"
#include "summarypanel.h"
#include "timeline/timelineview.h"
#include "timeline/timelineviewstate.h"

#include "growingrecording.h"
#include "qtbenchmarkmain.h"

#include <QApplication>
#include <QElapsedTimer>

#include <benchmark/benchmark.h>

#include <memory>

using namespace corescope;

namespace {

/// The window's two views of a run, at the size of a lecture hall's projector.
struct LiveWindow
{
    TimelineViewState state;
    TimelineView timeline{&state};
    SummaryPanel summary;

    LiveWindow()
    {
        timeline.resize(1600, 900);
        summary.resize(400, 900);
        timeline.show();
        summary.show();
    }
    void show(const std::shared_ptr<const Trace> &trace)
    {
        summary.setRuns({trace}, 0);
        timeline.setRuns({trace});
        timeline.viewport()->repaint();
        QCoreApplication::processEvents(); // a finished summary job is installed here
    }
};

/// One update after 1000 more slices (about 3000 events), with the recording already holding
/// about state.range(0) events; on real time, as the GUI thread shares the machine with the
/// summary jobs it starts.
void BM_LiveWindowUpdate(benchmark::State &state)
{
    GrowingRecording growing;
    ProgramTraceDecoder decoder(growing.r.startNs);
    const auto next = [&](size_t slices) {
        growing.grow(slices);
        decoder.take(growing.arrived, growing.r.endNs);
        return std::make_shared<const Trace>(decoder.snapshot(growing.r));
    };
    LiveWindow window;
    const auto slices = size_t(state.range(0) / 3); // a slice, its Running and Runnable states
    for (size_t grown = 0; grown < slices; grown += 100'000) // as the window would have seen
        window.show(next(std::min<size_t>(100'000, slices - grown)));
    std::shared_ptr<const Trace> trace;
    for (auto _ : state) {
        state.PauseTiming();
        trace = next(1000);
        state.ResumeTiming();
        window.show(trace);
    }
    state.counters["events"] = double(trace->eventCount());
}
BENCHMARK(BM_LiveWindowUpdate)
    ->Arg(100'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(30);

} // namespace

int main(int argc, char **argv)
{
    return corescope::runQtBenchmarks<QApplication>(argc, argv);
}
