// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timelineviewstate.h"
#include "trace/trace.h"

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <optional>
#include <utility>

namespace corescope {

/// What lies under a point of the timeline, for tooltips, clicks and hoverChanged().
struct TimelineHit
{
    enum class Part : uint8_t {
        Nothing,
        Axis,
        Legend,
        LaneLabel,
        RunHeader,
        CoreLane,
        StateStrip,
        SpanBand,
        CounterLane,
    };
    Part part = Part::Nothing;
    std::optional<size_t> lane; ///< index into the layout's lanes
    int run = -1;
    std::optional<uint32_t> core;   ///< the core lane's core, or where a running thread ran
    std::optional<uint32_t> thread; ///< the slice's, state's or span's thread (or the lane's)
    TimeNs time = 0;                ///< the time under the point
    std::optional<TimeNs> begin;    ///< of the slice, state or span found
    std::optional<TimeNs> end;
    std::optional<ThreadState> state;
    std::optional<uint32_t> span;    ///< index into the thread's spans
    std::optional<uint32_t> task;    ///< the task the thread was running then
    std::optional<uint32_t> wait;    ///< the state's known cause: index into Trace::waitsOf(thread)
    std::optional<uint32_t> counter; ///< index into Trace::counters()
    std::optional<double> value;     ///< the counter's value at `time` (from begin to end)
    /// A crowded pixel of a counter: its lowest and highest value there.
    std::optional<std::pair<double, double>> valuesInPixel;
    uint32_t eventsInPixel = 0; ///< more than one: zooming in tells them apart
    QString toolTip;            ///< plain text, several lines

    [[nodiscard]] bool hasEvent() const { return begin.has_value(); }
    [[nodiscard]] std::optional<ThreadKey> threadKey() const
    {
        return thread ? std::optional<ThreadKey>(ThreadKey{run, *thread}) : std::nullopt;
    }
};

} // namespace corescope

Q_DECLARE_METATYPE(corescope::TimelineHit)
