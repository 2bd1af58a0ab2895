// SPDX-License-Identifier: MIT
#include "record/recordhelpers.h"

#include <filesystem>
#include <system_error>

namespace corescope {
namespace {

/// `path`, with every link resolved, or empty when it does not exist.
std::string existing(const std::filesystem::path &path)
{
    std::error_code error;
    const std::filesystem::path found = std::filesystem::canonical(path, error);
    return error ? std::string() : found.string();
}

} // namespace

void locateRecordHelpers(RecordOptions &options)
{
    std::error_code error;
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        return;
    const std::filesystem::path prefix = executable.parent_path().parent_path();
    options.gilLibrary = existing(prefix / CORESCOPE_LIBDIR / "corescope/libcorescope-gil.so");
    const std::filesystem::path helper = prefix / CORESCOPE_DATADIR / "corescope/python";
    options.pythonHelper =
        existing(helper / "sitecustomize.py").empty() ? std::string() : existing(helper);
}

} // namespace corescope
