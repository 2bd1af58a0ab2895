// SPDX-License-Identifier: MIT
#include "record/liverecordingtrace.h"

namespace corescope {

std::shared_ptr<const Trace> LiveRecordingTrace::update(const ProgramRecording &recording)
{
    // Every record before the recording's end has been gathered by now (see ProgramRecorder).
    m_decoder.take(recording, recording.endNs);
    return std::make_shared<const Trace>(m_decoder.snapshot(recording));
}

} // namespace corescope
