// SPDX-License-Identifier: MIT
#include "record/gillog.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

namespace corescope {
namespace {

namespace Format = GilLogFormat;

Error failure(const std::string &path, const std::string &what)
{
    return Error{path + ": " + what};
}

/// The header as plain fields (the file's has an atomic counter, which is not copyable).
struct HeaderFields
{
    char magic[8];
    uint32_t headerBytes;
    int32_t pid;
    uint64_t capacity;
    uint64_t claimed;
    uint32_t pythonVersion;
    Format::Discovery discovery;
    uint8_t flags;
};

HeaderFields fieldsOf(const std::byte *bytes)
{
    HeaderFields fields;
    std::memcpy(fields.magic, bytes + offsetof(Format::Header, magic), sizeof fields.magic);
    std::memcpy(&fields.headerBytes, bytes + offsetof(Format::Header, headerBytes), 4);
    std::memcpy(&fields.pid, bytes + offsetof(Format::Header, pid), 4);
    std::memcpy(&fields.capacity, bytes + offsetof(Format::Header, capacity), 8);
    std::memcpy(&fields.claimed, bytes + offsetof(Format::Header, claimed), 8);
    std::memcpy(&fields.pythonVersion, bytes + offsetof(Format::Header, pythonVersion), 4);
    std::memcpy(&fields.discovery, bytes + offsetof(Format::Header, discovery), 1);
    std::memcpy(&fields.flags, bytes + offsetof(Format::Header, flags), 1);
    return fields;
}

} // namespace

Result<GilProcessLog> readGilLog(const std::string &path)
{
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return failure(path, std::strerror(errno));
    struct stat info
    {};
    fstat(fd, &info);
    std::vector<std::byte> header(sizeof(Format::Header));
    const bool complete = info.st_size >= off_t(header.size())
                          && pread(fd, header.data(), header.size(), 0) == ssize_t(header.size());
    if (!complete) {
        close(fd);
        return failure(path,
                       "too short for a GIL log (" + std::to_string(info.st_size) + " bytes)");
    }
    const HeaderFields fields = fieldsOf(header.data());
    if (std::memcmp(fields.magic, Format::kMagic, sizeof fields.magic) != 0
        || fields.headerBytes != sizeof(Format::Header)) {
        close(fd);
        return failure(path, "not a CoreScope GIL log (its header does not match)");
    }
    const uint64_t room =
        uint64_t(info.st_size - off_t(sizeof(Format::Header))) / sizeof(Format::Event);
    if (fields.capacity > room) {
        close(fd);
        return failure(path, "claims " + std::to_string(fields.capacity)
                                 + " event slots but holds only " + std::to_string(room));
    }
    GilProcessLog log;
    log.path = path;
    log.pid = fields.pid;
    log.pythonVersion = fields.pythonVersion;
    log.discovery = fields.discovery;
    log.layoutKnown = fields.flags & Format::kLayoutKnown;
    std::memcpy(&log.startedNs, header.data() + offsetof(Format::Header, startedNs), 8);
    const uint64_t used = std::min(fields.claimed, fields.capacity);
    log.dropped = fields.claimed - used;
    log.events.resize(used);
    const ssize_t want = ssize_t(used * sizeof(Format::Event));
    const ssize_t got = pread(fd, log.events.data(), size_t(want), sizeof(Format::Header));
    close(fd);
    if (got != want)
        return failure(path, "could not read its events");
    // A slot still being written (time 0) ends what is known so far.
    const auto unwritten = std::find_if(log.events.begin(), log.events.end(),
                                        [](const Format::Event &e) { return e.time == 0; });
    log.events.erase(unwritten, log.events.end());
    return log;
}

Result<std::vector<GilProcessLog>> readGilLogs(const std::string &folder)
{
    DIR *dir = opendir(folder.c_str());
    if (!dir)
        return failure(folder, std::strerror(errno));
    std::vector<GilProcessLog> logs;
    std::string problem;
    while (const dirent *entry = readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.rfind("gil-", 0) != 0 || name.size() < 8
            || name.compare(name.size() - 4, 4, ".log") != 0)
            continue;
        Result<GilProcessLog> log = readGilLog(folder + "/" + name);
        if (!log) {
            problem = log.error();
            break;
        }
        logs.push_back(std::move(log).value());
    }
    closedir(dir);
    if (!problem.empty())
        return Error{problem};
    std::sort(logs.begin(), logs.end(),
              [](const auto &a, const auto &b) { return a.startedNs < b.startedNs; });
    return logs;
}

GilIntervals gilIntervals(const GilProcessLog &log, int64_t endNs)
{
    GilIntervals out;
    int64_t found = log.startedNs;
    std::map<int32_t, int64_t> holding;
    std::map<int32_t, int64_t> waiting;
    // Events are in the order their slots were claimed, which is time order only per thread.
    std::vector<Format::Event> events = log.events;
    std::stable_sort(events.begin(), events.end(),
                     [](const auto &a, const auto &b) { return a.time < b.time; });
    for (const Format::Event &e : events) {
        switch (e.kind) {
        case Format::EventKind::Found:
            found = e.time;
            break;
        case Format::EventKind::WaitBegin:
            waiting[e.tid] = e.time;
            break;
        case Format::EventKind::Acquired:
            if (const auto w = waiting.find(e.tid); w != waiting.end()) {
                out.waits.push_back({e.tid, w->second, e.time, false});
                waiting.erase(w);
            }
            holding.emplace(e.tid, e.time);
            break;
        case Format::EventKind::Released:
            if (const auto h = holding.find(e.tid); h != holding.end()) {
                out.holds.push_back({e.tid, h->second, e.time, false});
                holding.erase(h);
            } else {
                // It held the GIL before the library found it.
                out.holds.push_back({e.tid, std::min(found, e.time), e.time, true});
            }
            break;
        case Format::EventKind::DropRequest:
            out.dropRequests.push_back({e.tid, e.time, e.time, false});
            break;
        }
    }
    for (const auto &[tid, begin] : holding)
        out.holds.push_back({tid, begin, std::max(begin, endNs), true});
    for (const auto &[tid, begin] : waiting)
        out.waits.push_back({tid, begin, std::max(begin, endNs), true});
    const auto byBegin = [](const GilInterval &a, const GilInterval &b) {
        return a.begin < b.begin;
    };
    std::sort(out.holds.begin(), out.holds.end(), byBegin);
    std::sort(out.waits.begin(), out.waits.end(), byBegin);
    return out;
}

} // namespace corescope
