// SPDX-License-Identifier: MIT
#include "record/programtrace.h"

#include "record/programtracedecoder.h"

namespace corescope {

Trace buildProgramTrace(const ProgramRecording &recording)
{
    return ProgramTraceDecoder().build(recording);
}

} // namespace corescope
