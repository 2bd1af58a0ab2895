// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

namespace corescope {

/// Intervals still open when a snapshot of a run in progress is taken (a thread on a core
/// now): they go into that snapshot only, so that later records can end them otherwise.
struct OpenIntervals
{
    struct Slice
    {
        uint16_t core;
        TimeNs begin;
        TimeNs end;
        uint32_t thread;
    };
    struct State
    {
        uint32_t thread;
        TimeNs begin;
        TimeNs end;
        ThreadState state;
        uint16_t core;
    };
    struct Span
    {
        uint32_t thread;
        TimeNs begin;
        TimeNs end;
        SpanKind kind;
    };
    std::vector<Slice> slices;
    std::vector<State> states;
    std::vector<Span> spans;
    std::vector<Marker> markers;

    void addSlice(uint16_t core, TimeNs begin, TimeNs end, uint32_t thread)
    {
        slices.push_back({core, begin, end, thread});
    }
    void addState(uint32_t thread, TimeNs begin, TimeNs end, ThreadState state, uint16_t core = 0)
    {
        states.push_back({thread, begin, end, state, core});
    }
    void addSpan(uint32_t thread, TimeNs begin, TimeNs end, SpanKind kind)
    {
        spans.push_back({thread, begin, end, kind});
    }
    void addMarker(const Marker &marker) { markers.push_back(marker); }
};

/// Collects a run's threads, slices, states, spans and markers in any order and builds the
/// immutable, time-sorted Trace. Used by the engine's recorder and by every importer.
class TraceBuilder
{
public:
    explicit TraceBuilder(size_t coreCount = 0);
    /// Continues `trace`: what is added comes after its events, in columns that share their
    /// chunks with the trace it was copied from until they change (a live view's next update).
    explicit TraceBuilder(Trace trace);

    [[nodiscard]] TraceMetadata &metadata() { return m_trace.m_metadata; }
    /// Adds a thread and returns its index.
    uint32_t addThread(ThreadInfo info);
    [[nodiscard]] size_t threadCount() const { return m_trace.m_threads.size(); }
    [[nodiscard]] ThreadInfo &thread(uint32_t index) { return m_trace.m_threads[index]; }
    void addSlice(uint16_t core, TimeNs begin, TimeNs end, uint32_t thread);
    void addState(uint32_t thread, TimeNs begin, TimeNs end, ThreadState state, uint16_t core = 0);
    void addSpan(uint32_t thread, TimeNs begin, TimeNs end, SpanKind kind, uint32_t task = 0,
                 uint64_t result = 0);
    void addMarker(const Marker &marker);
    /// Records what thread `thread` waited for from `begin` to `end` (an index from
    /// addWaitObject()) and who ended the wait (kNoThread: nobody, or not known).
    void addWait(uint32_t thread, TimeNs begin, TimeNs end, uint32_t object,
                 uint32_t endedBy = kNoThread);
    /// The index of `object` among the run's wait objects, added the first time it is named.
    uint32_t addWaitObject(WaitObject object);
    [[nodiscard]] size_t waitObjectCount() const { return m_trace.m_waitObjects.size(); }
    /// Adds a counter track (its values, if any, come with it) and returns its index.
    uint32_t addCounter(CounterTrack counter);
    /// Appends a value to counter `counter`; one equal to the last is not repeated.
    void addCounterValue(uint32_t counter, TimeNs time, double value);
    /// Adds a sample of the kernel's idle accounting: `core` was busy `busy` ns of [begin, end).
    void addBusySample(uint16_t core, TimeNs begin, TimeNs end, TimeNs busy);
    void addBusySamples(uint16_t core, CoreBusySamples samples);
    /// Hands a thread's states over and leaves it none, for a caller that makes them anew.
    [[nodiscard]] ThreadStates takeStates(uint32_t thread);
    /// Adds the name of SpanKind::Named spans and returns its index (their `task`).
    uint32_t addSpanName(std::string name);

    // Whole columns at once, for readers that decode column by column; they are appended as
    // they are (adjacent equal states are not merged) and sorted by build() like the rest.
    void addSlices(uint16_t core, CoreSlices slices);
    void addStates(uint32_t thread, ThreadStates states);
    void addSpans(uint32_t thread, ThreadSpans spans);
    void addMarkers(Column<Marker> markers);
    void addWaits(uint32_t thread, ThreadWaits waits);

    /// For a run whose snapshots are taken while it goes on, so that every column stays in
    /// order without a sort of it all: a state that begins before the last of its thread's
    /// ends is cut to begin there (and left out if nothing is left). Slices (which come thread
    /// by thread) and markers may come out of order; a snapshot puts those since the last one
    /// in place, and cuts a slice that overlaps the one before it on its core.
    void keepInOrder() { m_inOrder = true; }
    /// The run as built so far, with `open` on top, without emptying the builder: for a builder
    /// that keeps its columns in order, so nothing is sorted and no core is shared out, and
    /// the cost is that of copying the columns plus one step per thread and core.
    [[nodiscard]] Trace snapshot(const OpenIntervals &open);

    /// Sorts every column set by time, gives each core to one thread at a time where slices
    /// overlap (a problem line says so beyond twice the capture's precision) and hands the
    /// Trace over; the builder is empty afterwards.
    [[nodiscard]] Trace build();

private:
    [[nodiscard]] CoreBusySamples &busySamples(uint16_t core);

    Trace m_trace;
    bool m_inOrder = false;
    size_t m_markersInOrder = 0;         ///< markers known to be in time order, from the first
    std::vector<size_t> m_slicesInOrder; ///< per core: the same for its slices
};

} // namespace corescope
