// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <string>
#include <string_view>

namespace corescope {

/// A new, private folder under $TMPDIR (else /tmp) for a workload's files, named after it
/// ("corescope-file-XXXXXX"); the message says where it could not be made and why.
[[nodiscard]] Result<std::string> makeTemporaryFolder(std::string_view workload);

} // namespace corescope
