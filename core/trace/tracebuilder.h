// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

namespace corescope {

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
    /// Adds the name of SpanKind::Named spans and returns its index (their `task`).
    uint32_t addSpanName(std::string name);

    // Whole columns at once, for readers that decode column by column; they are appended as
    // they are (adjacent equal states are not merged) and sorted by build() like the rest.
    void addSlices(uint16_t core, CoreSlices slices);
    void addStates(uint32_t thread, ThreadStates states);
    void addSpans(uint32_t thread, ThreadSpans spans);
    void addMarkers(Column<Marker> markers);

    /// Sorts every column set by time, gives each core to one thread at a time where slices
    /// overlap (a problem line says so beyond twice the capture's precision) and hands the
    /// Trace over; the builder is empty afterwards.
    [[nodiscard]] Trace build();

private:
    Trace m_trace;
};

} // namespace corescope
