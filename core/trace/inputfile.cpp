// SPDX-License-Identifier: MIT
#include "trace/inputfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

namespace corescope {

InputFile::~InputFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

InputFile::InputFile(InputFile &&other) noexcept
    : m_path(std::move(other.m_path))
    , m_size(std::exchange(other.m_size, 0))
    , m_fd(std::exchange(other.m_fd, -1))
{
}

InputFile &InputFile::operator=(InputFile &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_path = std::move(other.m_path);
        m_size = std::exchange(other.m_size, 0);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

Result<InputFile> InputFile::open(const std::string &path)
{
    // O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore the flag.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int code = errno;
        if (code == ENOENT)
            return Error{path + ": no such file"};
        if (code == EACCES)
            return Error{path + ": permission denied (the file cannot be read)"};
        return Error{path + ": cannot open: " + std::strerror(code)};
    }
    struct stat info
    {};
    if (::fstat(fd, &info) != 0) {
        const int code = errno;
        ::close(fd);
        return Error{path + ": cannot inspect: " + std::strerror(code)};
    }
    const char *notRegular = S_ISDIR(info.st_mode)    ? "is a directory, not a trace file"
                             : !S_ISREG(info.st_mode) ? "is not a regular file (a pipe or a device)"
                                                      : nullptr;
    if (notRegular) {
        ::close(fd);
        return Error{path + ": " + notRegular};
    }
    if (info.st_size == 0) {
        ::close(fd);
        return Error{path + ": the file is empty"};
    }
    InputFile file;
    file.m_path = path;
    file.m_size = uint64_t(info.st_size);
    file.m_fd = fd;
    return file;
}

Result<size_t> InputFile::readSome(uint64_t offset, void *to, size_t size) const
{
    auto *p = static_cast<char *>(to);
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(m_fd, p + done, size - done, off_t(offset + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Error{m_path + ": read error at byte " + std::to_string(offset + done) + ": "
                         + std::strerror(errno)};
        }
        if (n == 0)
            break;
        done += size_t(n);
    }
    return done;
}

Status InputFile::read(uint64_t offset, void *to, size_t size, const char *what) const
{
    auto got = readSome(offset, to, size);
    if (!got)
        return Error{got.error()};
    if (got.value() < size)
        return Error{m_path + ": truncated: the file ends at byte "
                     + std::to_string(offset + got.value()) + " inside the " + what
                     + " that starts at byte " + std::to_string(offset)};
    return {};
}

Result<InputFile::Contents> InputFile::readAll(size_t padding) const
{
    Contents contents;
    if (m_size > uint64_t(SIZE_MAX - padding))
        return Error{m_path + ": too large to read into memory"};
    contents.size = size_t(m_size);
    contents.bytes.reset(new (std::nothrow) char[contents.size + padding]);
    if (!contents.bytes)
        return Error{m_path + ": not enough memory to read its " + std::to_string(m_size)
                     + " bytes"};
    auto got = readSome(0, contents.bytes.get(), contents.size);
    if (!got)
        return Error{got.error()};
    // The file shrank while we read it: parse what is there, it will say what is missing.
    contents.size = got.value();
    std::memset(contents.bytes.get() + contents.size, 0, padding);
    return contents;
}

std::string InputFile::hexPreview(const void *bytes, size_t size)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    const auto *p = static_cast<const unsigned char *>(bytes);
    std::string text;
    for (size_t i = 0; i < size && i < 8; ++i) {
        if (i > 0)
            text += ' ';
        text += kDigits[p[i] >> 4];
        text += kDigits[p[i] & 0xF];
    }
    return text;
}

} // namespace corescope
