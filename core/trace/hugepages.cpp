// SPDX-License-Identifier: MIT
#include "trace/hugepages.h"

#include <sys/mman.h>

#include <cstdint>

namespace corescope {

void claimHugePages(void *data, size_t bytes)
{
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    const auto first = reinterpret_cast<uintptr_t>(data);
    const uintptr_t begin = (first + kHuge - 1) & ~(kHuge - 1);
    const uintptr_t end = (first + bytes) & ~(kHuge - 1);
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
    auto *raw = static_cast<volatile unsigned char *>(data);
    for (size_t at = 0; at < bytes; at += 4096)
        raw[at] = 0;
}

} // namespace corescope
