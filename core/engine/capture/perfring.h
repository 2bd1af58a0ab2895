// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <linux/perf_event.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <vector>

namespace corescope {

/// One perf_event ring buffer: the event's descriptor, its mapping, and a reader that hands each
/// complete record to a callback. The kernel writes the ring and we read it; a record that wraps
/// around the ring's end is copied out whole, so callers always see contiguous bytes.
class PerfRing
{
public:
    /// Opens `attr` for `pid` on `cpu` (perf_event_open's meaning) and maps the first of
    /// `pageChoices` data pages that the locked-memory limit allows.
    [[nodiscard]] static Result<PerfRing> open(const perf_event_attr &attr, pid_t pid, int cpu,
                                               std::initializer_list<size_t> pageChoices);

    PerfRing(PerfRing &&other) noexcept;
    PerfRing &operator=(PerfRing &&other) noexcept;
    PerfRing(const PerfRing &) = delete;
    PerfRing &operator=(const PerfRing &) = delete;
    ~PerfRing();

    [[nodiscard]] Status enable();
    [[nodiscard]] size_t dataBytes() const { return m_dataSize; }
    /// Readable (poll) once the attr's wakeup_watermark bytes wait in the ring.
    [[nodiscard]] int fd() const { return m_fd; }

    /// Calls `onRecord(const perf_event_header &, std::span<const std::byte> record)` for every
    /// complete record written since the last drain, then gives the space back to the kernel.
    template <typename OnRecord>
    void drain(OnRecord &&onRecord)
    {
        const uint64_t head = __atomic_load_n(&m_page->data_head, __ATOMIC_ACQUIRE);
        uint64_t tail = m_page->data_tail;
        while (tail + sizeof(perf_event_header) <= head) {
            perf_event_header header;
            copyOut(tail, &header, sizeof(header));
            if (header.size < sizeof(header) || tail + header.size > head)
                break;
            onRecord(header, recordAt(tail, header.size));
            tail += header.size;
        }
        __atomic_store_n(&m_page->data_tail, tail, __ATOMIC_RELEASE);
    }

    /// A software event that records only context switches, each stamped with the thread, the
    /// CLOCK_MONOTONIC time and the CPU (the SampleId below), created disabled: callers enable
    /// it once its ring is mapped, or at exec.
    [[nodiscard]] static perf_event_attr contextSwitchAttr();

    /// The sample_id trailer the kernel appends to every non-sample record when sample_id_all
    /// is set and sample_type is TID | TIME | CPU.
    struct SampleId
    {
        uint32_t pid;
        uint32_t tid;
        uint64_t time;
        uint32_t cpu;
        uint32_t reserved;
    };
    /// The trailer of `record`, or false when the record is too short to carry one.
    [[nodiscard]] static bool sampleIdOf(std::span<const std::byte> record, SampleId &id);

private:
    PerfRing(int fd, void *mapping, size_t dataPages);
    void release();
    void copyOut(uint64_t offset, void *out, size_t bytes) const;
    [[nodiscard]] std::span<const std::byte> recordAt(uint64_t offset, size_t bytes);

    int m_fd = -1;
    perf_event_mmap_page *m_page = nullptr;
    const std::byte *m_data = nullptr;
    size_t m_dataSize = 0;
    std::vector<std::byte> m_wrapped; ///< a record that straddles the ring's end, copied whole
};

} // namespace corescope
