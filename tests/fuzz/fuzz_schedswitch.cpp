// SPDX-License-Identifier: MIT
// libFuzzer target for SchedSwitchParser: the input is the contents of a systemTraceEvents
// string (escapes and all), read exactly as the importer reads it.

#include "trace/schedswitchparser.h"

#include <cstdlib>
#include <string>

using namespace corescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::string text = "\"";
    text.append(reinterpret_cast<const char *>(data), size);
    uint64_t seen = 0;
    SchedSwitchParser parser([&](const SchedSwitch &change) {
        // Whatever is accepted must be a usable switch.
        if (change.prevComm.size() > text.size() || change.nextComm.size() > text.size())
            std::abort();
        ++seen;
    });
    size_t pos = 0;
    if (parser.parse(text, pos) && (pos > text.size() || seen != parser.switches()))
        std::abort();
    return 0;
}
