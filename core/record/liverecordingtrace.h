// SPDX-License-Identifier: MIT
#pragma once

#include "record/programrecording.h"
#include "trace/trace.h"

#include <memory>

namespace corescope {

/// The Trace of a recording in progress, for a view that grows while the program runs: call
/// update() with the recorder's recording every tenth of a second or so, from the thread that
/// polls the recorder, and hand the trace to the view. Each trace is complete and immutable, as
/// buildProgramTrace() would build it from the same records.
///
/// Today update() builds the whole trace again, so its cost grows with the recording; it is the
/// one seam where records that arrived since the last update are to be decoded on their own.
class LiveRecordingTrace
{
public:
    [[nodiscard]] std::shared_ptr<const Trace> update(const ProgramRecording &recording);
};

} // namespace corescope
