// SPDX-License-Identifier: MIT
#include "record/programtrace.h"

#include "record/programtracedecoder.h"

#include <limits>

namespace corescope {

Trace buildProgramTrace(const ProgramRecording &recording, KernelRecords records)
{
    ProgramTraceDecoder decoder(recording.startNs);
    for (const GilProcessLog &log : recording.gil)
        decoder.takeGil(log, log.events);
    decoder.take(records, std::numeric_limits<int64_t>::max());
    return decoder.build(recording);
}

} // namespace corescope
