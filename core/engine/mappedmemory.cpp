// SPDX-License-Identifier: MIT
#include "engine/mappedmemory.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace corescope {
namespace {
Error systemError(const std::string &what)
{
    return Error{what + ": " + std::strerror(errno)};
}
} // namespace

MappedMemory::~MappedMemory()
{
    release();
}

MappedMemory::MappedMemory(MappedMemory &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
    , m_fd(std::exchange(other.m_fd, -1))
{
}

MappedMemory &MappedMemory::operator=(MappedMemory &&other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

void MappedMemory::release() noexcept
{
    if (m_data)
        munmap(m_data, m_size);
    if (m_fd >= 0)
        close(m_fd);
    m_data = nullptr;
    m_fd = -1;
}

Result<MappedMemory> MappedMemory::anonymous(size_t bytes)
{
    void *data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (data == MAP_FAILED)
        return systemError("cannot map " + std::to_string(bytes) + " bytes");
    return MappedMemory(data, bytes, -1);
}

Result<MappedMemory> MappedMemory::shared(const std::string &name, size_t bytes)
{
    const int fd = memfd_create(name.c_str(), MFD_CLOEXEC);
    if (fd < 0)
        return systemError("cannot create shared memory '" + name + "'");
    if (ftruncate(fd, off_t(bytes)) != 0) {
        auto error = systemError("cannot size shared memory '" + name + "'");
        close(fd);
        return error;
    }
    void *data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
    if (data == MAP_FAILED) {
        auto error = systemError("cannot map shared memory '" + name + "'");
        close(fd);
        return error;
    }
    return MappedMemory(data, bytes, fd);
}

Result<MappedMemory> MappedMemory::attach(int fd, size_t bytes)
{
    struct stat info{};
    if (fstat(fd, &info) != 0)
        return systemError("fd " + std::to_string(fd) + " is not open");
    if (size_t(info.st_size) < bytes)
        return Error{"fd " + std::to_string(fd) + " holds " + std::to_string(info.st_size)
                     + " bytes, expected at least " + std::to_string(bytes)};
    void *data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
    if (data == MAP_FAILED)
        return systemError("cannot map fd " + std::to_string(fd));
    return MappedMemory(data, bytes, fd);
}

} // namespace corescope
