// SPDX-License-Identifier: MIT
#pragma once

#include "engine/lecturepresets.h"
#include "record/programrecorder.h"

namespace corescope {

/// Fills in `options` the GIL library and the Python helper where they are installed relative to
/// the running executable (the build tree has the same layout); a helper not found stays empty,
/// and the recording then says what it could not record. `corescope record` and the window
/// both record through it.
void locateRecordHelpers(RecordOptions &options);

/// What a lecture preset's recorded run records: the course's script from the installed
/// examples, run by the system's python3 (else the one on the PATH), with the GIL library and
/// the Python helper.
[[nodiscard]] RecordOptions presetRecordOptions(const PresetRecording &step);

} // namespace corescope
