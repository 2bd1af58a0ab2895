// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace corescope {

/// Everything the program says about one thread state, in one row: files, JSON, the legend, the
/// tooltips, the summary and the reports all read it, so a new state is a row here and a colour
/// in each timeline theme.
struct ThreadStateKind
{
    ThreadState state;
    std::string_view name;    ///< stable, in files and imports ("gil-wait"); never translated
    std::string_view jsonKey; ///< seconds in this state in JSON reports ("gil_wait_s")
    std::string_view legend;  ///< short, for the legend ("waiting for the GIL")
    std::string_view phrase; ///< plain language, for tooltips ("runnable: waiting for a free core")
    std::string_view why; ///< the head of its line in a "why" answer ("runnable"), before the cause
    std::string_view column;  ///< heading of a wait column in the summary and reports; empty: none
    std::string_view awaited; ///< what it waits for, as "no thread waited for …" names it
                              ///< (empty: not named when no thread had it)
    bool waiting;             ///< wanted to make progress and could not (a wait column)
    bool idle;                ///< did not want a core at all (drawn as a thin line)
    /// sched_switch's prev_state for a thread that leaves its core in this state, as exports
    /// write it: R wants the core back, D blocked in the kernel (I/O), S asleep.
    char prevState;
    /// This is the state the letter means when a sched_switch is read (one row per letter).
    bool readFromPrevState;
    /// A waiting state any thread of any run can be in: the text report gives it a column even
    /// when no thread had it (scripts read those columns); the others get one where a thread did.
    bool everyReport;
};

/// One row per span kind.
struct SpanKindInfo
{
    SpanKind kind;
    std::string_view name;   ///< stable ("gil-hold")
    std::string_view legend; ///< "holds the GIL"; empty: not in the legend
    std::string_view phrase; ///< in tooltips: "holding the GIL"
    /// The `cat` of its Chrome/Perfetto JSON slices, which an import reads the kind back from.
    std::string_view chromeCategory;
    /// Their `name`; empty: the span's own (a task's number, an imported slice's name).
    std::string_view chromeName;
    bool line; ///< drawn as a thin line over the span band (a hold), not as a box (a task)
};

/// One row per marker kind.
struct MarkerKindInfo
{
    MarkerKind kind;
    std::string_view name;   ///< stable ("gil-handoff")
    std::string_view legend; ///< "GIL hand-off"
    std::string_view phrase; ///< in tooltips: "the GIL passed from one thread to another"
    /// What a hand-off passes from one thread to another ("GIL", "lock"), which the timeline
    /// draws as an arrow and Chrome JSON writes as a flow; empty: an instant, no hand-off.
    std::string_view handedOver;
    [[nodiscard]] bool handoff() const { return !handedOver.empty(); }
};

/// One row per counter kind.
struct CounterKindInfo
{
    CounterKind kind;
    std::string_view name;   ///< stable ("queue-depth")
    std::string_view legend; ///< "items in the queue"
    std::string_view unit;   ///< of its values ("items"); empty: none
};

/// One row per kind of thing a wait is for.
struct WaitObjectKindInfo
{
    WaitObjectKind kind;
    std::string_view name;   ///< stable ("queue")
    std::string_view phrase; ///< "a queue", as "waiting for …" names it
};

/// One row per kind of core time.
struct CoreTimeKind
{
    CoreTime kind;
    std::string_view name;   ///< stable ("other-programs")
    std::string_view legend; ///< "other programs"
    std::string_view phrase; ///< in tooltips: "running another program (or the kernel)"
};

/// The tables, in enum order (tst_kinds walks every row through every consumer).
[[nodiscard]] std::span<const ThreadStateKind> threadStateKinds();
[[nodiscard]] std::span<const SpanKindInfo> spanKinds();
[[nodiscard]] std::span<const MarkerKindInfo> markerKinds();
[[nodiscard]] std::span<const CounterKindInfo> counterKinds();
[[nodiscard]] std::span<const WaitObjectKindInfo> waitObjectKinds();
[[nodiscard]] std::span<const CoreTimeKind> coreTimeKinds();

[[nodiscard]] const ThreadStateKind &kindOf(ThreadState state);
[[nodiscard]] const SpanKindInfo &kindOf(SpanKind kind);
[[nodiscard]] const MarkerKindInfo &kindOf(MarkerKind kind);
[[nodiscard]] const CounterKindInfo &kindOf(CounterKind kind);
[[nodiscard]] const WaitObjectKindInfo &kindOf(WaitObjectKind kind);
[[nodiscard]] const CoreTimeKind &kindOf(CoreTime kind);

/// The kind whose stable name is `name`, for importers.
[[nodiscard]] std::optional<ThreadState> threadStateNamed(std::string_view name);
[[nodiscard]] std::optional<SpanKind> spanKindNamed(std::string_view name);
[[nodiscard]] std::optional<MarkerKind> markerKindNamed(std::string_view name);
[[nodiscard]] std::optional<CounterKind> counterKindNamed(std::string_view name);
[[nodiscard]] std::optional<WaitObjectKind> waitObjectKindNamed(std::string_view name);

/// The span kind whose Chrome JSON slices have category `category`.
[[nodiscard]] std::optional<SpanKind> spanKindOfChromeCategory(std::string_view category);
/// What a thread does after a sched_switch with this prev_state: the row read from the letter,
/// and for a letter no row claims, asleep (the row read from S). X and Z, the thread exited,
/// are no state: SwitchReconstruction::stateAfterSwitchOut says so.
[[nodiscard]] ThreadState threadStateOfPrevState(char prevState);

} // namespace corescope
