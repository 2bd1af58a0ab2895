// SPDX-License-Identifier: MIT
#include "engine/capture/perfring.h"

#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <utility>

namespace corescope {
namespace {

constexpr size_t kPageSize = 4096;

} // namespace

perf_event_attr PerfRing::contextSwitchAttr()
{
    perf_event_attr attr{};
    attr.size = sizeof(attr);
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_DUMMY;
    attr.context_switch = 1;
    attr.sample_id_all = 1;
    attr.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    attr.use_clockid = 1;
    attr.clockid = CLOCK_MONOTONIC;
    attr.disabled = 1;
    return attr;
}

Result<PerfRing> PerfRing::open(const perf_event_attr &attr, pid_t pid, int cpu,
                                std::initializer_list<size_t> pageChoices)
{
    const int fd = int(syscall(SYS_perf_event_open, &attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
    if (fd < 0)
        return Error{std::string("perf_event_open: ") + std::strerror(errno)};
    int mapError = 0;
    for (const size_t pages : pageChoices) {
        void *mapping =
            mmap(nullptr, (pages + 1) * kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (mapping != MAP_FAILED)
            return PerfRing(fd, mapping, pages);
        mapError = errno;
    }
    close(fd);
    return Error{std::string("cannot map the perf ring (") + std::strerror(mapError)
                 + "); the locked-memory limit (ulimit -l) may be too small"};
}

PerfRing::PerfRing(int fd, void *mapping, size_t dataPages)
    : m_fd(fd)
    , m_page(static_cast<perf_event_mmap_page *>(mapping))
    , m_data(static_cast<const std::byte *>(mapping) + kPageSize)
    , m_dataSize(dataPages * kPageSize)
{
}

PerfRing::PerfRing(PerfRing &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_page(std::exchange(other.m_page, nullptr))
    , m_data(std::exchange(other.m_data, nullptr))
    , m_dataSize(std::exchange(other.m_dataSize, 0))
    , m_wrapped(std::move(other.m_wrapped))
{
}

PerfRing &PerfRing::operator=(PerfRing &&other) noexcept
{
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_page = std::exchange(other.m_page, nullptr);
        m_data = std::exchange(other.m_data, nullptr);
        m_dataSize = std::exchange(other.m_dataSize, 0);
        m_wrapped = std::move(other.m_wrapped);
    }
    return *this;
}

PerfRing::~PerfRing()
{
    release();
}

void PerfRing::release()
{
    if (m_page)
        munmap(m_page, m_dataSize + kPageSize);
    if (m_fd >= 0)
        close(m_fd);
    m_page = nullptr;
    m_fd = -1;
}

Status PerfRing::enable()
{
    if (ioctl(m_fd, PERF_EVENT_IOC_ENABLE, 0) != 0)
        return Error{std::string("cannot enable the perf event: ") + std::strerror(errno)};
    return {};
}

void PerfRing::copyOut(uint64_t offset, void *out, size_t bytes) const
{
    const size_t start = offset % m_dataSize;
    const size_t first = std::min(bytes, m_dataSize - start);
    std::memcpy(out, m_data + start, first);
    std::memcpy(static_cast<std::byte *>(out) + first, m_data, bytes - first);
}

std::span<const std::byte> PerfRing::recordAt(uint64_t offset, size_t bytes)
{
    const size_t start = offset % m_dataSize;
    if (start + bytes <= m_dataSize)
        return {m_data + start, bytes};
    m_wrapped.resize(bytes);
    copyOut(offset, m_wrapped.data(), bytes);
    return m_wrapped;
}

bool PerfRing::sampleIdOf(std::span<const std::byte> record, SampleId &id)
{
    if (record.size() < sizeof(perf_event_header) + sizeof(SampleId))
        return false;
    std::memcpy(&id, record.data() + record.size() - sizeof(SampleId), sizeof(SampleId));
    return true;
}

} // namespace corescope
