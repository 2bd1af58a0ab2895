// SPDX-License-Identifier: MIT
#include "engine/workloads/temporaryfolder.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace corescope {

Result<std::string> makeTemporaryFolder(std::string_view workload)
{
    const char *fromEnvironment = std::getenv("TMPDIR");
    const bool useEnvironment = fromEnvironment != nullptr && *fromEnvironment != '\0';
    const std::string base = useEnvironment ? fromEnvironment : "/tmp";
    std::string folder = base + "/corescope-" + std::string(workload) + "-XXXXXX";
    if (::mkdtemp(folder.data()) == nullptr) {
        const int error = errno;
        return Error{std::string(workload) + ": cannot create a temporary folder in '" + base + "'"
                     + (useEnvironment ? " (from $TMPDIR)" : "") + ": " + std::strerror(error)};
    }
    return folder;
}

} // namespace corescope
