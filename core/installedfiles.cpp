// SPDX-License-Identifier: MIT
#include "installedfiles.h"

#include <filesystem>
#include <system_error>

namespace corescope::installedfiles {
namespace {

// The install folders are relative to the prefix (GNUInstallDirs), so the prefix is wherever
// bin/ is; an absolute folder stays as it is.
std::string underPrefix(const char *folder, const std::string &relative)
{
    std::error_code error;
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
    const std::filesystem::path prefix = executable.parent_path().parent_path();
    return (prefix / folder / "corescope" / relative).lexically_normal().string();
}

} // namespace

std::string dataPath(const std::string &relative)
{
    return underPrefix(CORESCOPE_DATADIR, relative);
}

std::string libraryPath(const std::string &relative)
{
    return underPrefix(CORESCOPE_LIBDIR, relative);
}

} // namespace corescope::installedfiles
