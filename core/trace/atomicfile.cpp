// SPDX-License-Identifier: MIT
#include "trace/atomicfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace corescope {
namespace {

std::string folderOf(const std::string &path)
{
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

AtomicFile::~AtomicFile()
{
    discard();
}

AtomicFile::AtomicFile(AtomicFile &&other) noexcept
    : m_target(std::move(other.m_target))
    , m_temporary(std::move(other.m_temporary))
    , m_buffer(std::move(other.m_buffer))
    , m_used(std::exchange(other.m_used, 0))
    , m_flushed(std::exchange(other.m_flushed, 0))
    , m_error(std::move(other.m_error))
    , m_fd(std::exchange(other.m_fd, -1))
{
}

AtomicFile &AtomicFile::operator=(AtomicFile &&other) noexcept
{
    if (this != &other) {
        discard();
        m_target = std::move(other.m_target);
        m_temporary = std::move(other.m_temporary);
        m_buffer = std::move(other.m_buffer);
        m_used = std::exchange(other.m_used, 0);
        m_flushed = std::exchange(other.m_flushed, 0);
        m_error = std::move(other.m_error);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

void AtomicFile::discard() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
        ::unlink(m_temporary.c_str());
    }
}

Result<AtomicFile> AtomicFile::create(const std::string &target)
{
    struct stat info
    {};
    if (::stat(target.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
        return Error{target + ": is a directory"};
    // Beside the target, so that the rename stays within one file system and is atomic.
    std::string pattern = target + ".XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0)
        return Error{target + ": cannot create a file in " + folderOf(target) + ": "
                     + std::strerror(errno)};
    // mkostemp makes the file private (0600); a trace is an ordinary document.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);

    AtomicFile file;
    file.m_target = target;
    file.m_temporary = name.data();
    file.m_fd = fd;
    file.m_buffer = std::make_unique<char[]>(kBufferSize);
    return file;
}

void AtomicFile::writeSlow(std::string_view bytes)
{
    flushBuffer();
    if (bytes.size() < kBufferSize) {
        std::memcpy(m_buffer.get(), bytes.data(), bytes.size());
        m_used = bytes.size();
        return;
    }
    // Large blocks go straight to the file.
    const char *p = bytes.data();
    size_t left = bytes.size();
    while (left > 0 && m_error.empty()) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            m_error = m_target + ": cannot write: " + std::strerror(errno);
            break;
        }
        p += n;
        left -= size_t(n);
        m_flushed += uint64_t(n);
    }
}

void AtomicFile::flushBuffer()
{
    const char *p = m_buffer.get();
    size_t left = m_used;
    while (left > 0 && m_error.empty() && m_fd >= 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            m_error = m_target + ": cannot write: " + std::strerror(errno);
            break;
        }
        p += n;
        left -= size_t(n);
        m_flushed += uint64_t(n);
    }
    m_used = 0;
}

Status AtomicFile::status() const
{
    if (!m_error.empty())
        return Error{m_error};
    return {};
}

Status AtomicFile::commit()
{
    if (m_fd < 0)
        return Error{m_target + ": nothing to commit"};
    flushBuffer();
    if (m_error.empty() && ::fsync(m_fd) != 0)
        m_error = m_target + ": cannot flush to disk: " + std::strerror(errno);
    if (!m_error.empty()) {
        discard();
        return Error{m_error};
    }
    if (::close(std::exchange(m_fd, -1)) != 0) {
        m_error = m_target + ": cannot write: " + std::strerror(errno);
        ::unlink(m_temporary.c_str());
        return Error{m_error};
    }
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
        m_error = m_target + ": cannot replace: " + std::strerror(errno);
        ::unlink(m_temporary.c_str());
        return Error{m_error};
    }
    // The rename itself lives in the folder; without this a crash could still lose it.
    const int folder = ::open(folderOf(m_target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
    return {};
}

} // namespace corescope
