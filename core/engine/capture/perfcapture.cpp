// SPDX-License-Identifier: MIT
#include "engine/capture/perfcapture.h"

#include "engine/capture/cpuclockcapture.h"
#include "engine/eventlog.h"

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace corescope {
namespace {

constexpr size_t kPageSize = 4096;

int openSwitchEvents()
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
    // Enabled only once its ring is mapped: a switch recorded before that would be lost, and the
    // thread would seem to hold its core through it.
    attr.disabled = 1;
    // pid 0, cpu -1: this thread only, on whichever core it runs.
    return int(syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

/// The sample_id trailer the kernel appends to every record (given our sample_type).
struct SampleId
{
    uint32_t pid;
    uint32_t tid;
    uint64_t time;
    uint32_t cpu;
    uint32_t reserved;
};

class PerfThreadCapture final : public ThreadCapture
{
public:
    PerfThreadCapture(EventLog &log, const ClockCalibration &calibration, int fd, void *ring,
                      size_t dataPages)
        : m_log(log)
        , m_calibration(calibration)
        , m_fd(fd)
        , m_ring(static_cast<perf_event_mmap_page *>(ring))
        , m_data(static_cast<char *>(ring) + kPageSize)
        , m_dataSize(dataPages * kPageSize)
        , m_sliceStart(Clock::now())
        , m_core(EventLog::currentCore())
    {
    }

    ~PerfThreadCapture() override
    {
        munmap(m_ring, m_dataSize + kPageSize);
        close(m_fd);
    }

    [[nodiscard]] int64_t pollIntervalNs() const override { return 10'000'000; }
    void poll() override { drain(); }
    void pause() override {}
    void resume() override { drain(); }

    void finish() override
    {
        drain();
        if (m_running)
            m_log.append(Event{m_sliceStart, Clock::now(), 0, m_core, EventKind::OnCpu, 0});
        m_running = false;
    }

private:
    void drain()
    {
        const uint64_t head = __atomic_load_n(&m_ring->data_head, __ATOMIC_ACQUIRE);
        uint64_t tail = m_ring->data_tail;
        while (tail + sizeof(perf_event_header) <= head) {
            perf_event_header header;
            copyOut(tail, &header, sizeof(header));
            if (header.size < sizeof(header) || tail + header.size > head)
                break;
            if (header.type == PERF_RECORD_SWITCH
                && header.size >= sizeof(header) + sizeof(SampleId)) {
                SampleId id;
                copyOut(tail + header.size - sizeof(SampleId), &id, sizeof(id));
                onSwitch(header.misc, id);
            } else if (header.type == PERF_RECORD_LOST && header.size >= sizeof(header) + 16) {
                uint64_t lost[2];
                copyOut(tail + sizeof(header), lost, sizeof(lost));
                m_log.countDropped(lost[1]);
            }
            tail += header.size;
        }
        __atomic_store_n(&m_ring->data_tail, tail, __ATOMIC_RELEASE);
    }

    void onSwitch(uint16_t misc, const SampleId &id)
    {
        const uint64_t ticks = m_calibration.toTicks(int64_t(id.time));
        const auto core = uint16_t(id.cpu);
        if (misc & PERF_RECORD_MISC_SWITCH_OUT) {
            if (m_running && ticks > m_sliceStart) {
                const uint8_t flags =
                    (misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT) ? EventFlag::kPreempted : 0;
                m_log.append(Event{m_sliceStart, ticks, 0, core, EventKind::OnCpu, flags});
            }
            m_running = false;
        } else {
            m_running = true;
            m_sliceStart = ticks;
            m_core = core;
        }
    }

    void copyOut(uint64_t offset, void *out, size_t bytes) const
    {
        const size_t start = offset % m_dataSize;
        const size_t first = std::min(bytes, m_dataSize - start);
        std::memcpy(out, m_data + start, first);
        std::memcpy(static_cast<char *>(out) + first, m_data, bytes - first);
    }

    EventLog &m_log;
    const ClockCalibration m_calibration; ///< a copy: a capture may outlive its backend
    int m_fd;
    perf_event_mmap_page *m_ring;
    char *m_data;
    size_t m_dataSize;
    uint64_t m_sliceStart;
    uint16_t m_core;
    bool m_running = true;
};

} // namespace

Status PerfBackend::probe()
{
    const int fd = openSwitchEvents();
    if (fd < 0) {
        const int error = errno;
        std::string paranoid = "?";
        std::ifstream("/proc/sys/kernel/perf_event_paranoid") >> paranoid;
        return Error{std::string("perf_event_open refused context-switch records: ")
                     + std::strerror(error) + " (kernel.perf_event_paranoid is " + paranoid
                     + "; it must be 2 or less)"};
    }
    close(fd);
    return {};
}

std::unique_ptr<ThreadCapture> PerfBackend::startThread(EventLog &log) const
{
    const int fd = openSwitchEvents();
    if (fd >= 0) {
        // Small rings first: unprivileged users may lock only about 0.5 MiB per core for perf.
        for (size_t pages : {16u, 4u}) {
            void *ring =
                mmap(nullptr, (pages + 1) * kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (ring == MAP_FAILED)
                continue;
            if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) == 0)
                return std::make_unique<PerfThreadCapture>(log, calibration(), fd, ring, pages);
            munmap(ring, (pages + 1) * kPageSize);
            break;
        }
        close(fd);
    }
    m_fallbacks.fetch_add(1, std::memory_order_relaxed);
    return CpuClockBackend(calibration()).startThread(log);
}

} // namespace corescope
