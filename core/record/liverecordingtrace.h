// SPDX-License-Identifier: MIT
#pragma once

#include "record/programrecording.h"
#include "record/programtracedecoder.h"
#include "trace/trace.h"

#include <memory>

namespace corescope {

/// The Trace of a recording in progress, for a view that grows while the program runs: call
/// update() with the recorder's recording every tenth of a second or so, from the thread that
/// polls the recorder, and hand the trace to the view. Each update decodes the records that
/// arrived since the last one (what came before is decoded once), so its cost follows them and
/// not the length of the recording. Each trace is complete and immutable; the GIL's lanes come
/// when the recording ends (buildProgramTrace of the finished recording).
class LiveRecordingTrace
{
public:
    /// The recording must be the same one, grown, at every call.
    [[nodiscard]] std::shared_ptr<const Trace> update(const ProgramRecording &recording);

private:
    ProgramTraceDecoder m_decoder;
};

} // namespace corescope
