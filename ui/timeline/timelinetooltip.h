// SPDX-License-Identifier: MIT
#pragma once

#include "trace/coreoccupancy.h"

#include "timeline/timelinehit.h"
#include "trace/trace.h"

#include <QString>

#include <cstdint>

namespace corescope {

/// The words the timeline shows for what lies under the mouse: one function per kind of hit,
/// each taking the hit the lane painter found, so that the texts can be tested without drawing.
/// States and spans read as the kinds table (core/trace/kinds.h) phrases them; durations as
/// TimeScale writes them, times to a quarter of a pixel (`nsPerPixel`).
class TimelineToolTip
{
public:
    /// The thread's name, or "tid N" ("task" for a task) when it has none.
    [[nodiscard]] static QString threadName(const Trace &trace, uint32_t thread);
    /// "worker-1 (thread, tid 1234)", "(child process, pid …)", "(main thread, tid …)",
    /// "(task in process …, not an OS thread)".
    [[nodiscard]] static QString thread(const Trace &trace, uint32_t thread);
    [[nodiscard]] static QString core(uint32_t core);
    /// A span's label, on its box and in its tooltip: "task 3", a named slice's name, or the
    /// kind's legend text ("process start-up"); empty when a named slice's name is missing.
    [[nodiscard]] static QString spanLabel(const Trace &trace, uint32_t thread, uint32_t span);
    /// "12.000 ms → 15.500 ms (3.50 ms)".
    [[nodiscard]] static QString interval(TimeNs begin, TimeNs end, double nsPerPixel);

    /// A run's header: its title, wall time, capture method and lost events.
    [[nodiscard]] static QString runHeader(const Trace &trace, const QString &title);
    /// A core lane: the slice found (hit.begin set), or what the core did at hit.time instead:
    /// other programs (exact, or their sampled share) or idle, as `occupancy` (the core's, if
    /// known) tells.
    [[nodiscard]] static QString coreLane(const Trace &trace, const TimelineHit &hit,
                                          double nsPerPixel,
                                          const CoreOccupancy::Core *occupancy = nullptr);
    /// A core at a time none of its run's slices covers.
    [[nodiscard]] static QString coreGap(const Trace &trace, uint32_t core, TimeNs time,
                                         double nsPerPixel, const CoreOccupancy::Core *occupancy);
    /// A thread's span band: the span found (hit.span set) or "no task at …".
    [[nodiscard]] static QString spanBand(const Trace &trace, const TimelineHit &hit,
                                          double nsPerPixel);
    /// A thread's state strip: the state found (hit.state set), with its cause where known
    /// (hit.wait set), or "not alive at …".
    [[nodiscard]] static QString stateStrip(const Trace &trace, const TimelineHit &hit,
                                            double nsPerPixel);
    /// What a wait was for and who ended it: "for queue "jobs" — ended by producer-1"; a name
    /// that only repeats its kind reads as the kind's phrase ("for the GIL").
    [[nodiscard]] static QString waitCause(const Trace &trace, uint32_t thread, uint32_t wait);

    /// A counter's value with its kind's unit: "3 items", "2.5".
    [[nodiscard]] static QString counterValue(const Trace &trace, uint32_t counter, double value);
    /// A counter lane's label: "queue depth", and its scale, "max 3 items".
    [[nodiscard]] static QString counterName(const Trace &trace, uint32_t counter);
    [[nodiscard]] static QString counterScale(const Trace &trace, uint32_t counter, double highest);
    /// A counter lane's label column: its name, what it counts and its highest value.
    [[nodiscard]] static QString counterTrack(const Trace &trace, uint32_t counter, double highest);
    /// A counter lane: the value at hit.time (hit.value set), how long it held, and the range of
    /// a crowded pixel; or "no value yet at …".
    [[nodiscard]] static QString counterLane(const Trace &trace, const TimelineHit &hit,
                                             double nsPerPixel);
};

} // namespace corescope
