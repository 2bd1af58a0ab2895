// SPDX-License-Identifier: MIT
#include "trace/filemapping.h"

#include "trace/inputfile.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace corescope {

FileMapping::~FileMapping()
{
    if (m_data)
        ::munmap(m_data, m_mapped);
}

FileMapping::FileMapping(FileMapping &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
    , m_capacity(std::exchange(other.m_capacity, 0))
    , m_mapped(std::exchange(other.m_mapped, 0))
    , m_released(std::exchange(other.m_released, 0))
{
}

FileMapping &FileMapping::operator=(FileMapping &&other) noexcept
{
    if (this != &other) {
        if (m_data)
            ::munmap(m_data, m_mapped);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
        m_mapped = std::exchange(other.m_mapped, 0);
        m_released = std::exchange(other.m_released, 0);
    }
    return *this;
}

Result<FileMapping> FileMapping::map(const InputFile &file, size_t padding)
{
    const auto page = size_t(::sysconf(_SC_PAGESIZE));
    if (file.size() > SIZE_MAX - padding - page)
        return Error{file.path() + ": too large to map"};
    const auto size = size_t(file.size());
    const size_t mapped = (size + padding + page - 1) / page * page;
    // Zeroed pages for all of it first, then the file over the front: the padding stays.
    void *base = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
        return Error{file.path() + ": cannot map " + std::to_string(mapped)
                     + " bytes: " + std::strerror(errno)};
    if (size > 0
        && ::mmap(base, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, file.descriptor(), 0)
               == MAP_FAILED) {
        const int code = errno;
        ::munmap(base, mapped);
        return Error{file.path() + ": cannot map: " + std::strerror(code)};
    }
    ::madvise(base, size, MADV_SEQUENTIAL);
    FileMapping mapping;
    mapping.m_data = static_cast<char *>(base);
    mapping.m_size = size;
    mapping.m_capacity = size + padding;
    mapping.m_mapped = mapped;
    return mapping;
}

void FileMapping::release(size_t offset)
{
    const auto page = size_t(::sysconf(_SC_PAGESIZE));
    const size_t upTo = std::min(offset, m_size) / page * page;
    if (upTo > m_released) {
        ::madvise(m_data + m_released, upTo - m_released, MADV_DONTNEED);
        m_released = upTo;
    }
}

} // namespace corescope
