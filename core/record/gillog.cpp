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

Result<GilLogFollower> GilLogFollower::open(const std::string &path)
{
    GilLogFollower follower;
    follower.m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (follower.m_fd < 0)
        return failure(path, std::strerror(errno));
    struct stat info
    {};
    fstat(follower.m_fd, &info);
    std::vector<std::byte> header(sizeof(Format::Header));
    const bool complete =
        info.st_size >= off_t(header.size())
        && pread(follower.m_fd, header.data(), header.size(), 0) == ssize_t(header.size());
    if (!complete)
        return failure(path,
                       "too short for a GIL log (" + std::to_string(info.st_size) + " bytes)");
    const HeaderFields fields = fieldsOf(header.data());
    if (std::memcmp(fields.magic, Format::kMagic, sizeof fields.magic) != 0
        || fields.headerBytes != sizeof(Format::Header))
        return failure(path, "not a CoreScope GIL log (its header does not match)");
    const uint64_t room =
        uint64_t(info.st_size - off_t(sizeof(Format::Header))) / sizeof(Format::Event);
    if (fields.capacity > room)
        return failure(path, "claims " + std::to_string(fields.capacity)
                                 + " event slots but holds only " + std::to_string(room));
    follower.m_capacity = fields.capacity;
    GilProcessLog &log = follower.m_log;
    log.path = path;
    log.pid = fields.pid;
    std::memcpy(&log.startedNs, header.data() + offsetof(Format::Header, startedNs), 8);
    return follower;
}

GilLogFollower::GilLogFollower(GilLogFollower &&other) noexcept
{
    *this = std::move(other);
}

GilLogFollower &GilLogFollower::operator=(GilLogFollower &&other) noexcept
{
    std::swap(m_fd, other.m_fd);
    m_capacity = other.m_capacity;
    m_read = other.m_read;
    m_log = std::move(other.m_log);
    return *this;
}

GilLogFollower::~GilLogFollower()
{
    if (m_fd >= 0)
        close(m_fd);
}

Result<bool> GilLogFollower::readNew(std::vector<Format::Event> &out)
{
    std::vector<std::byte> header(sizeof(Format::Header));
    if (pread(m_fd, header.data(), header.size(), 0) != ssize_t(header.size()))
        return failure(m_log.path, "could not read its header");
    // The discovery and version are written as the process finds its GIL.
    const HeaderFields fields = fieldsOf(header.data());
    m_log.pythonVersion = fields.pythonVersion;
    m_log.discovery = fields.discovery;
    m_log.layoutKnown = fields.flags & Format::kLayoutKnown;
    const uint64_t used = std::min(fields.claimed, m_capacity);
    m_log.dropped = fields.claimed - used;
    const size_t from = out.size();
    out.resize(from + size_t(used - m_read));
    const auto want = ssize_t((used - m_read) * sizeof(Format::Event));
    const ssize_t got = pread(m_fd, out.data() + from, size_t(want),
                              off_t(sizeof(Format::Header) + m_read * sizeof(Format::Event)));
    if (got != want) {
        out.resize(from);
        return failure(m_log.path, "could not read its events");
    }
    // A slot still being written (time 0) ends what is known so far.
    const auto unwritten = std::find_if(out.begin() + ptrdiff_t(from), out.end(),
                                        [](const Format::Event &e) { return e.time == 0; });
    const bool whole = unwritten == out.end();
    out.erase(unwritten, out.end());
    m_read += out.size() - from;
    return whole;
}

Result<GilProcessLog> readGilLog(const std::string &path)
{
    Result<GilLogFollower> follower = GilLogFollower::open(path);
    if (!follower)
        return Error{follower.error()};
    std::vector<Format::Event> events;
    if (Result<bool> read = follower.value().readNew(events); !read)
        return Error{read.error()};
    GilProcessLog log = follower.value().header();
    log.events = std::move(events);
    return log;
}

Result<std::vector<std::string>> gilLogPaths(const std::string &folder)
{
    DIR *dir = opendir(folder.c_str());
    if (!dir)
        return failure(folder, std::strerror(errno));
    std::vector<std::string> paths;
    while (const dirent *entry = readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.rfind("gil-", 0) == 0 && name.size() >= 8
            && name.compare(name.size() - 4, 4, ".log") == 0)
            paths.push_back(folder + "/" + name);
    }
    closedir(dir);
    std::sort(paths.begin(), paths.end());
    return paths;
}

Result<std::vector<GilProcessLog>> readGilLogs(const std::string &folder)
{
    Result<std::vector<std::string>> paths = gilLogPaths(folder);
    if (!paths)
        return Error{paths.error()};
    std::vector<GilProcessLog> logs;
    for (const std::string &path : paths.value()) {
        Result<GilProcessLog> log = readGilLog(path);
        if (!log)
            return Error{log.error()};
        logs.push_back(std::move(log).value());
    }
    std::sort(logs.begin(), logs.end(),
              [](const auto &a, const auto &b) { return a.startedNs < b.startedNs; });
    return logs;
}

GilIntervals gilIntervals(const GilProcessLog &log, int64_t endNs)
{
    struct Collect
    {
        GilIntervals out;
        void waitBegins(int32_t, int64_t) {}
        void acquires(int32_t, int64_t) {}
        void waited(int32_t tid, int64_t begin, int64_t end)
        {
            out.waits.push_back({tid, begin, end, false});
        }
        void held(int32_t tid, int64_t begin, int64_t end, bool cutShort)
        {
            out.holds.push_back({tid, begin, end, cutShort});
        }
        void dropRequested(int32_t tid, int64_t time)
        {
            out.dropRequests.push_back({tid, time, time, false});
        }
    } collect;
    GilPairing pairing(log.startedNs);
    // Events are in the order their slots were claimed, which is time order only per thread.
    std::vector<Format::Event> events = log.events;
    std::stable_sort(events.begin(), events.end(),
                     [](const auto &a, const auto &b) { return a.time < b.time; });
    for (const Format::Event &e : events)
        pairing.add(e, collect);
    GilIntervals &out = collect.out;
    for (const auto &[tid, begin] : pairing.holding())
        out.holds.push_back({tid, begin, std::max(begin, endNs), true});
    for (const auto &[tid, begin] : pairing.waiting())
        out.waits.push_back({tid, begin, std::max(begin, endNs), true});
    const auto byBegin = [](const GilInterval &a, const GilInterval &b) {
        return a.begin < b.begin;
    };
    std::sort(out.holds.begin(), out.holds.end(), byBegin);
    std::sort(out.waits.begin(), out.waits.end(), byBegin);
    return out;
}

} // namespace corescope
