// SPDX-License-Identifier: MIT
// libFuzzer target for splitShellWords: any text typed as a command line is split or refused,
// and the words it gives never hold more than the text did.

#include "record/shellwords.h"

#include <cstdlib>
#include <string_view>

using namespace corescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view line(reinterpret_cast<const char *>(data), size);
    const auto words = splitShellWords(line);
    if (!words) {
        if (words.error().empty())
            std::abort(); // a refusal always says why
        return 0;
    }
    size_t characters = 0;
    for (const std::string &word : words.value())
        characters += word.size();
    if (characters > size)
        std::abort();
    return 0;
}
