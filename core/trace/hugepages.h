// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

namespace corescope {

/// Asks the kernel to back [data, data + bytes) with 2 MiB pages where it allows them, and has it
/// supply every page now. Columns of millions of rows would otherwise take a page fault every
/// 4 KiB, which costs more than decoding them, and take it on whichever thread writes first.
void claimHugePages(void *data, size_t bytes);

} // namespace corescope
