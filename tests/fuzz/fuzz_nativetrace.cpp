// SPDX-License-Identifier: MIT
// libFuzzer target for NativeTraceReader. Each input is read twice: as it is (checksums must
// catch most damage) and with its checksums recomputed, so that mutations reach the decoder.
// Whatever decodes must encode and decode again to the same runs.

#include "trace/nativetraceformat.h"
#include "trace/nativetracereader.h"
#include "trace/nativetracewriter.h"
#include "trace/tracediff.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace corescope;

namespace {

void checkRoundTrip(const NativeTraceContents &contents)
{
    const std::vector<Trace> &runs = contents.runs;
    for (bool compress : {true, false}) {
        NativeTraceWriter::Options options;
        options.compress = compress;
        const auto bytes = NativeTraceWriter(options).encode(runs, contents.sweep);
        auto again = NativeTraceReader::decode(bytes, "again");
        if (!again.ok() || again.value().runs.size() != runs.size()) {
            std::fprintf(stderr, "re-encoded runs do not load: %s\n",
                         again.ok() ? "run count differs" : again.error().c_str());
            std::abort();
        }
        for (size_t r = 0; r < runs.size(); ++r) {
            if (const auto difference = TraceDiff::firstDifference(runs[r], again.value().runs[r])) {
                std::fprintf(stderr, "round trip changed run %zu: %s\n", r, difference->c_str());
                std::abort();
            }
        }
        if (again.value().sweep != contents.sweep) {
            std::fprintf(stderr, "round trip changed the sweep's layout\n");
            std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto asIs = NativeTraceReader::decode({data, size}, "input");
    if (asIs.ok())
        checkRoundTrip(asIs.value());

    std::vector<uint8_t> sealed(data, data + size);
    NativeTraceFormat::recomputeChecksums(sealed);
    auto resealed = NativeTraceReader::decode(sealed, "input");
    if (resealed.ok())
        checkRoundTrip(resealed.value());
    return 0;
}
