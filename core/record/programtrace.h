// SPDX-License-Identifier: MIT
#pragma once

#include "record/programrecording.h"
#include "trace/trace.h"

namespace corescope {

/// The Trace of a recorded program, as the engine's runs are: a lane per thread of every
/// process (named by Python where it named them, else processes by their command line and
/// threads by the kernel's name), on-CPU slices per core, and states from the one
/// reconstruction of context switches; for Python, GIL waits, holds and hand-offs from the GIL
/// library. Works on a recording in progress too (the live view).
[[nodiscard]] Trace buildProgramTrace(const ProgramRecording &recording);

} // namespace corescope
