// SPDX-License-Identifier: MIT
#include "record/recordhelpers.h"

#include "installedfiles.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace corescope {
namespace {

constexpr const char *kSystemPython = "/usr/bin/python3";

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
    options.gilLibrary = existing(installedfiles::libraryPath("libcorescope-gil.so"));
    const std::string helper = installedfiles::dataPath("python");
    options.pythonHelper =
        existing(helper + "/sitecustomize.py").empty() ? std::string() : existing(helper);
}

RecordOptions presetRecordOptions(const PresetRecording &step)
{
    // The system's interpreter where there is one: a python3 found on the PATH may be a
    // version manager's shim (pyenv's is a shell script that starts dozens of processes before
    // the interpreter), which would crowd the lecture's timeline with lanes of its own.
    const char *python = access(kSystemPython, X_OK) == 0 ? kSystemPython : "python3";
    RecordOptions options;
    options.program.argv = {python, installedfiles::dataPath("examples/python/" + step.script)};
    options.program.argv.insert(options.program.argv.end(), step.args.begin(), step.args.end());
    options.title = "CPython: " + step.script;
    for (const std::string &arg : step.args)
        options.title += " " + arg;
    locateRecordHelpers(options);
    return options;
}

} // namespace corescope
