// SPDX-License-Identifier: MIT
// libFuzzer target for ChromeTraceImporter. The first byte picks the window size, so that
// windows get cut inside strings and nested values as often as between events. Whatever
// imports must export (perfetto flavour) and import again to the same runs.

#include "trace/chrometraceexporter.h"
#include "trace/chrometraceimporter.h"
#include "trace/tracediff.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace corescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    ChromeTraceImportOptions options;
    options.windowBytes = 64 + size_t(data[0]) * 16;
    const std::string_view json(reinterpret_cast<const char *>(data + 1), size - 1);
    auto imported = ChromeTraceImporter::parse(json, "input.json", options);
    if (!imported.ok())
        return 0;
    const auto &runs = imported.value().runs;
    for (ChromeJsonFlavour flavour : {ChromeJsonFlavour::Perfetto, ChromeJsonFlavour::Portable}) {
        const std::string exported = ChromeTraceExporter(flavour).toString(runs);
        auto again = ChromeTraceImporter::parse(exported, "exported.json", options);
        if (!again.ok() || again.value().runs.size() != runs.size()) {
            std::fprintf(stderr, "the export does not import: %s\n",
                         again.ok() ? "run count differs" : again.error().c_str());
            std::abort();
        }
        for (size_t r = 0; r < runs.size(); ++r) {
            if (const auto difference =
                    TraceDiff::firstDifference(runs[r], again.value().runs[r])) {
                std::fprintf(stderr, "round trip changed run %zu: %s\n", r, difference->c_str());
                std::abort();
            }
        }
    }
    return 0;
}
