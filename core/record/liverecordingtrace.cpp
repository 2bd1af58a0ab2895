// SPDX-License-Identifier: MIT
#include "record/liverecordingtrace.h"

#include "record/programtrace.h"

namespace corescope {

std::shared_ptr<const Trace> LiveRecordingTrace::update(const ProgramRecording &recording)
{
    return std::make_shared<const Trace>(buildProgramTrace(recording));
}

} // namespace corescope
