// SPDX-License-Identifier: MIT
#pragma once

#include "record/kernelrecords.h"
#include "record/programrecording.h"
#include "trace/trace.h"

namespace corescope {

/// The Trace of a recorded program from all of its kernel records at once, as the recorder
/// builds it while they come (ProgramTraceDecoder): a lane per thread of every process (named
/// by Python where it named them, else processes by their command line and threads by the
/// kernel's name), on-CPU slices per core, and states from the one reconstruction of context
/// switches; for Python, GIL waits, holds and hand-offs from the GIL library.
[[nodiscard]] Trace buildProgramTrace(const ProgramRecording &recording, KernelRecords records);

} // namespace corescope
