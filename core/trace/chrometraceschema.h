// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace corescope {

/// How CoreScope's runs map onto the Chrome Trace Event Format, shared by ChromeTraceExporter and
/// ChromeTraceImporter so that a round trip loses nothing.
///
/// - Spans are `X` slices on their thread's track, cut so that they nest (see SpanNesting); the
///   category says what they are (each span kind's row in trace/kinds.h names its category),
///   `args.continued` marks a second piece.
/// - Thread states are `X` slices on a companion track "<thread> (states)" beside the thread,
///   because they tile the thread's life and would not nest with its spans.
/// - Which core ran what: in the perfetto flavour, `sched_switch` lines in `systemTraceEvents`,
///   which Perfetto turns into real CPU tracks and thread states (its JSON importer has no `T`
///   phase and ignores `args.cpu`); in the portable flavour, a pseudo-process "CPUs" whose
///   threads are the cores, carrying the running thread's name.
/// - A task lane (ThreadRole::Task) has no OS thread to put a states track beside: its states are
///   nestable async slices (`b`/`e`, category kTaskLane, `id2.local` the lane's JSON tid), one
///   slice named after the task spanning its life and, within it, one per state named by the
///   state. Perfetto names an async track after the first slice of its id and merges ids whose
///   first slices share a name, so the outer slice is what makes each task a track of its own.
/// - Known causes of waits are `X` slices on a companion track "<thread> (waits)", named by what
///   was waited for; `args.object` indexes the run's `waitObjects` in our metadata and
///   `args.endedByPid`/`endedByTid` name the lane of the thread that ended the wait.
/// - Hand-offs are flow events (`s` on the thread that let go, at the moment it let go: earlier
///   than the `f` for what spent time on its way, `f` with `bp:"e"` on the one that took over);
///   the other markers are thread-scoped instants.
/// - Counter tracks are `C` events on their process, `args.value` the value from then on and the
///   category the counter kind's stable name.
/// - `M` events name processes and threads; their `args.corescope` object carries what a
///   re-import needs (run, thread index, real pid and tid, role, begin, end, kernel CPU time; for
///   a process, its run and real pid).
/// - `metadata.corescope` holds each run's metadata, its wait objects and its offset on the
///   shared time axis (runs are laid out one after another), and comes first so that an
///   importer knows the file is ours before the first event.
struct ChromeTraceSchema
{
    static constexpr std::string_view kState = "state";
    static constexpr std::string_view kCpu = "cpu";
    static constexpr std::string_view kHandoff = "handoff";
    static constexpr std::string_view kMarker = "marker";
    static constexpr std::string_view kTaskLane = "task-lane";
    static constexpr std::string_view kWait = "wait";

    /// Times and durations beyond this (about 104 days) are damage, and so are a file's times
    /// further apart than this: an export writes times from the run's start, and what it writes
    /// must import again.
    static constexpr int64_t kMaxTimeNs = 9'000'000'000'000'000;

    static constexpr std::string_view kOurKey = "corescope"; ///< in metadata and in M args
    /// 2: task lanes, waits tracks, counters and hand-offs across time, which a reader of 1
    /// would misread (a waits track as thread 0), so it warns instead.
    static constexpr int kFormat = 2;
};

} // namespace corescope
