// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/lanesummary.h"
#include "analysis/levelofdetail.h"
#include "trace/trace.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace corescope {

/// What the timeline derives from a Trace once and reuses every frame: summaries of lanes too
/// big to query directly, each thread's span layers, and which states occur. Built lazily, lane
/// by lane, as lanes come into view; shared between a view and its exports so that a big trace
/// is summarised once. Entries go when their trace does (the cache holds weak references).
/// GUI thread only, except prepare(), which reads nothing but the trace.
class TimelineLodCache
{
public:
    /// Summaries of a trace's big lanes, built away from the GUI thread and then install()ed.
    struct PreparedSummaries
    {
        std::vector<std::optional<LaneSummary>> cores;
        std::vector<std::optional<LaneSummary>> states;
    };

    /// Builds the summaries of every lane of `trace` with LaneSummary::kMinEvents events or more.
    /// Thread-safe: the trace is immutable and the cache is not touched.
    [[nodiscard]] static PreparedSummaries prepare(const Trace &trace);
    /// Hands prepared summaries to the cache (lanes already summarised keep theirs).
    void install(const std::shared_ptr<const Trace> &trace, PreparedSummaries prepared);
    /// Whether some big lane of `trace` has no summary yet.
    [[nodiscard]] bool needsPreparation(const std::shared_ptr<const Trace> &trace);
    /// true (the default): a big lane is summarised on the spot the first time it is drawn,
    /// which suits exports. false: until install(), big lanes are queried event by event (exact,
    /// slower), so that a view never blocks on a summary.
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
    /// Bit i set when some thread of the trace is ever in ThreadState i.
    [[nodiscard]] uint32_t statesPresent(const std::shared_ptr<const Trace> &trace);
    /// Bit i set when some thread of the trace has a span of SpanKind i.
    [[nodiscard]] uint32_t spanKindsPresent(const std::shared_ptr<const Trace> &trace);

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
        int64_t statesPresent = -1;
        int64_t spanKindsPresent = -1;
    };
    Entry &entryFor(const std::shared_ptr<const Trace> &trace);

    std::unordered_map<const Trace *, Entry> m_entries;
    bool m_buildOnDemand = true;
};

} // namespace corescope
