// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/criticalpath.h"
#include "analysis/lanesummary.h"
#include "analysis/levelofdetail.h"
#include "analysis/runsummary.h"
#include "timeline/countersummary.h"
#include "trace/coreoccupancy.h"
#include "trace/trace.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace corescope {

/// What the timeline derives from a Trace once and reuses every frame: summaries of lanes too
/// big to query directly, each thread's span layers, its counters' summaries, and which states,
/// spans and markers occur. Built lazily, lane by lane, as lanes come into view; shared between
/// a view and its exports so that a big trace is summarised once. Entries go when their trace does
/// (the cache holds weak references). A live trace comes as a new snapshot about ten times a
/// second; each starts from its predecessor's summaries (carryOver()), so an update costs what
/// changed, not the whole trace. GUI thread only, except prepare(), which reads nothing but its
/// arguments.
class TimelineLodCache
{
public:
    /// Summaries of a trace's big lanes, built away from the GUI thread and then install()ed.
    struct PreparedSummaries
    {
        std::vector<std::optional<LaneSummary>> cores;
        std::vector<std::optional<LaneSummary>> states;
    };

    /// Earlier snapshots of a growing trace's lanes with their summaries: where the summaries
    /// of a later snapshot are carried on from (LaneSummary's carrying-on constructors).
    struct Earlier
    {
        std::vector<std::optional<std::pair<CoreSlices, LaneSummary>>> cores;
        std::vector<std::optional<std::pair<ThreadStates, LaneSummary>>> states;
    };

    /// Builds the summaries of every lane of `trace` with LaneSummary::kMinEvents events or more,
    /// carried on from `earlier` where it has the lane. Thread-safe: the trace and `earlier` are
    /// immutable and the cache is not touched.
    [[nodiscard]] static PreparedSummaries prepare(const Trace &trace,
                                                   const Earlier *earlier = nullptr);
    /// What to hand prepare() for `trace`, or null.
    [[nodiscard]] std::shared_ptr<const Earlier>
    earlierOf(const std::shared_ptr<const Trace> &trace);
    /// Hands prepared summaries to the cache (lanes already summarised keep theirs). Those of a
    /// snapshot that has been carried over since still serve its successors as their Earlier.
    void install(const std::shared_ptr<const Trace> &trace, PreparedSummaries prepared);
    /// The views now show `now` instead of `before`: a trace of `now` that is a later snapshot
    /// of one of `before` that is gone (they share events) takes over what was derived from it.
    void carryOver(const std::vector<std::shared_ptr<const Trace>> &before,
                   const std::vector<std::shared_ptr<const Trace>> &now);
    /// Whether some big lane of `trace` has no summary yet, nor an Earlier to carry one on from
    /// when it is drawn.
    [[nodiscard]] bool needsPreparation(const std::shared_ptr<const Trace> &trace);
    /// true (the default): a big lane is summarised on the spot the first time it is drawn,
    /// which suits exports. false: until install(), big lanes are queried event by event (exact,
    /// slower), so that a view never blocks on a summary; but one with an Earlier is carried on
    /// on the spot, which costs only what changed.
    void setBuildOnDemand(bool onDemand) { m_buildOnDemand = onDemand; }

    /// A core lane's items in `window`: from the summary when the lane is big and the window
    /// coarse, from the events otherwise.
    void coreItems(const std::shared_ptr<const Trace> &trace, size_t core, const LodWindow &window,
                   std::vector<LodItem> &out);
    /// A thread's state strip in `window`, likewise.
    void stateItems(const std::shared_ptr<const Trace> &trace, size_t thread,
                    const LodWindow &window, std::vector<LodItem> &out);
    /// The thread's spans by kind and depth.
    [[nodiscard]] const std::vector<lod::SpanLayer> &
    spanLayers(const std::shared_ptr<const Trace> &trace, size_t thread);
    /// The Task layer at depth 0, or nullptr.
    [[nodiscard]] const lod::SpanLayer *taskLayer(const std::shared_ptr<const Trace> &trace,
                                                  size_t thread);
    /// Bit i set when some thread of the trace spends time in ThreadState i.
    [[nodiscard]] uint32_t statesPresent(const std::shared_ptr<const Trace> &trace);
    /// Bit i set when some thread of the trace has a span of SpanKind i.
    [[nodiscard]] uint32_t spanKindsPresent(const std::shared_ptr<const Trace> &trace);
    /// Bit i set when the trace has a marker of MarkerKind i.
    [[nodiscard]] uint32_t markerKindsPresent(const std::shared_ptr<const Trace> &trace);
    /// The longest Marker::transit of the trace: how far after a window a hand-off that crosses
    /// it may have been got.
    [[nodiscard]] TimeNs longestTransit(const std::shared_ptr<const Trace> &trace);
    /// Counter track `counter` of the trace, ready to draw.
    [[nodiscard]] const CounterSummary &counterSummary(const std::shared_ptr<const Trace> &trace,
                                                       size_t counter);

    /// What filled each core's time (other programs, idle), worked out once per trace.
    [[nodiscard]] const CoreOccupancy &occupancy(const std::shared_ptr<const Trace> &trace);
    /// The trace's rows that replay's queries look for (each thread's tasks and holds).
    [[nodiscard]] const TraceIndex &index(const std::shared_ptr<const Trace> &trace);
    /// The run's critical path, found the first time it is asked for.
    [[nodiscard]] const CriticalPath &criticalPath(const std::shared_ptr<const Trace> &trace);
    /// The run's serial fraction read off its trace, likewise.
    [[nodiscard]] const SerialShare &serialShare(const std::shared_ptr<const Trace> &trace);

    /// Forgets traces that no longer exist.
    void prune();
    [[nodiscard]] size_t entryCount() const { return m_entries.size(); }

private:
    struct Lane
    {
        bool built = false;
        LaneSummary summary;
    };
    struct Entry
    {
        std::weak_ptr<const Trace> trace;
        std::vector<Lane> cores;
        std::vector<Lane> states;
        std::vector<std::unique_ptr<std::vector<lod::SpanLayer>>> spanLayers;
        std::optional<RunSummary> figures; ///< for statesPresent, carried over as the lanes are
        int64_t spanKindsPresent = -1;
        struct Markers
        {
            uint32_t kinds = 0;
            TimeNs longestTransit = 0;
        };
        std::optional<Markers> markers;
        std::vector<std::unique_ptr<CounterSummary>> counters;
        std::unique_ptr<CoreOccupancy> occupancy;
        std::unique_ptr<TraceIndex> index;
        std::unique_ptr<CriticalPath> criticalPath;
        std::optional<SerialShare> serialShare;
        std::shared_ptr<const Earlier> earlier; ///< until every big lane is summarised
    };
    Entry &entryFor(const std::shared_ptr<const Trace> &trace);
    /// What the markers of `trace` hold, found in one pass over them the first time it is asked.
    [[nodiscard]] const Entry::Markers &markersOf(const std::shared_ptr<const Trace> &trace);
    /// Answers a window of a big lane from its summary, made or carried on first where it may
    /// be; false where the events must answer.
    template <typename Columns, typename EarlierLanes>
    bool fromSummary(const std::shared_ptr<const Trace> &trace, std::vector<Lane> Entry::*lanes,
                     EarlierLanes Earlier::*earlierLanes, size_t i, const Columns &columns,
                     const LodWindow &window, std::vector<LodItem> &out);
    /// Whether some big lane of `entry` has no summary and, unless `evenCarried`, no Earlier.
    [[nodiscard]] static bool lacksSummaries(const Trace &trace, const Entry &entry,
                                             bool evenCarried);
    /// The entry of `trace` if it has one.
    Entry *findEntry(const std::shared_ptr<const Trace> &trace);
    /// What `entry`'s summaries, or for lanes it has none the Earlier it had, leave to a successor.
    [[nodiscard]] static Earlier bequest(const Trace &trace, const Entry &entry);
    /// Lets `prepared`, the summaries of `trace`, stand in `successor`'s Earlier where they
    /// share more events with its trace than what is there (if anything shares any).
    static void offer(const Trace &trace, const PreparedSummaries &prepared, Entry &successor);

    std::unordered_map<const Trace *, Entry> m_entries;
    bool m_buildOnDemand = true;
};

} // namespace corescope
