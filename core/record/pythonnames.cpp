// SPDX-License-Identifier: MIT
#include "record/pythonnames.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <string_view>

namespace corescope {
namespace {

bool parseNumber(std::string_view text, int32_t &out)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

/// "<pid>\t<tid>\t<kind>\t<name>"
bool parseLine(std::string_view line, PythonName &out)
{
    std::string_view fields[4];
    for (size_t i = 0; i < 3; ++i) {
        const size_t tab = line.find('\t');
        if (tab == std::string_view::npos)
            return false;
        fields[i] = line.substr(0, tab);
        line.remove_prefix(tab + 1);
    }
    fields[3] = line;
    if (!parseNumber(fields[0], out.pid) || !parseNumber(fields[1], out.tid))
        return false;
    if (fields[2] == "thread")
        out.kind = PythonName::Kind::Thread;
    else if (fields[2] == "process")
        out.kind = PythonName::Kind::Process;
    else if (fields[2] == "interpreter")
        out.kind = PythonName::Kind::Interpreter;
    else
        return false;
    out.name = std::string(fields[3]);
    return true;
}

} // namespace

Result<std::vector<PythonName>> readPythonNames(const std::string &folder)
{
    DIR *dir = opendir(folder.c_str());
    if (!dir)
        return Error{folder + ": " + std::strerror(errno)};
    std::vector<std::string> files;
    while (const dirent *entry = readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (name.starts_with("names-") && name.ends_with(".txt"))
            files.emplace_back(name);
    }
    closedir(dir);
    std::sort(files.begin(), files.end());
    std::vector<PythonName> names;
    for (const std::string &file : files) {
        std::ifstream in(folder + "/" + file);
        std::string line;
        // A last line without its newline was cut short.
        while (std::getline(in, line) && !in.eof()) {
            PythonName name;
            if (parseLine(line, name))
                names.push_back(std::move(name));
        }
    }
    return names;
}

} // namespace corescope
