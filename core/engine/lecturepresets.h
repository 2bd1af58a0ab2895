// SPDX-License-Identifier: MIT
#pragma once

#include "engine/runspec.h"
#include "engine/sweeprunner.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace corescope {

/// A run of a preset that records a program rather than runs the engine: one of the course's
/// Python scripts (installed in share/corescope/examples/python), run by the real CPython as
/// `corescope record -- /usr/bin/python3 SCRIPT ARGS…` runs it.
struct PresetRecording
{
    std::string script;            ///< e.g. "counting.py"
    std::vector<std::string> args; ///< e.g. {"threads"}
};
/// One run of a preset: the engine's, or a recorded program's.
using PresetStep = std::variant<RunSpec, PresetRecording>;

/// One of the course's examples, ready to run in front of a class: what it shows, the question
/// to ask before running it, what to point at afterwards, and the runs (stacked on one time
/// axis) or the sweep that make the picture.
struct LecturePreset
{
    std::string id; ///< for the command line: `corescope run --preset <id>`
    std::string title;
    std::string explanation; ///< for students, two or three sentences
    std::string predict;     ///< ask the class before running
    std::string reveal;      ///< what to look for afterwards
    std::vector<PresetStep> runs;
    std::optional<SweepSpec> sweep;
};

/// The built-in presets, in the order a lecture meets them; the first is the default demo.
[[nodiscard]] const std::vector<LecturePreset> &lecturePresets();
[[nodiscard]] const LecturePreset *findLecturePreset(std::string_view id);

} // namespace corescope
