// SPDX-License-Identifier: MIT
#include "record/processtreecapture.h"

#include <unistd.h>

#include <cstring>
#include <ctime>
#include <string>
#include <utility>

namespace corescope {
namespace {

constexpr uint32_t kWakeupBytes = 2 * 4096; ///< below the smallest ring's half

perf_event_attr treeEventsAttr()
{
    perf_event_attr attr = PerfRing::contextSwitchAttr();
    attr.comm = 1;
    attr.comm_exec = 1;
    attr.task = 1;
    attr.inherit = 1;
    // Nothing of the recorder's own code between fork and exec is recorded.
    attr.enable_on_exec = 1;
    // A caller that sleeps in poll() wakes when a ring needs draining, not for every record.
    attr.watermark = 1;
    attr.wakeup_watermark = kWakeupBytes;
    return attr;
}

/// The fixed part of PERF_RECORD_FORK and PERF_RECORD_EXIT.
struct TaskBody
{
    uint32_t pid;
    uint32_t ppid;
    uint32_t tid;
    uint32_t ptid;
    uint64_t time;
};

template <typename T>
bool readBody(std::span<const std::byte> record, T &out)
{
    if (record.size() < sizeof(perf_event_header) + sizeof(T))
        return false;
    std::memcpy(&out, record.data() + sizeof(perf_event_header), sizeof(T));
    return true;
}

void decode(const perf_event_header &header, std::span<const std::byte> record,
            std::vector<KernelSwitch> &switches, KernelRecords &out)
{
    PerfRing::SampleId id;
    switch (header.type) {
    case PERF_RECORD_SWITCH:
        if (PerfRing::sampleIdOf(record, id)) {
            const bool outgoing = header.misc & PERF_RECORD_MISC_SWITCH_OUT;
            const bool preempted = header.misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT;
            switches.push_back({int64_t(id.time), int32_t(id.pid), int32_t(id.tid),
                                uint16_t(id.cpu),
                                !outgoing   ? KernelSwitch::Kind::In
                                : preempted ? KernelSwitch::Kind::OutPreempted
                                            : KernelSwitch::Kind::OutBlocked});
        }
        break;
    case PERF_RECORD_FORK:
    case PERF_RECORD_EXIT: {
        TaskBody body;
        if (readBody(record, body) && PerfRing::sampleIdOf(record, id))
            out.tasks.push_back({int64_t(body.time),
                                 header.type == PERF_RECORD_FORK ? KernelTaskEvent::Kind::Fork
                                                                 : KernelTaskEvent::Kind::Exit,
                                 int32_t(body.pid), int32_t(body.ppid), int32_t(body.tid),
                                 int32_t(body.ptid), uint16_t(id.cpu)});
        break;
    }
    case PERF_RECORD_COMM: {
        uint32_t ids[2];
        if (!readBody(record, ids) || !PerfRing::sampleIdOf(record, id))
            break;
        // The name is NUL-terminated and padded to 8 bytes, before the sample_id trailer.
        const auto *name = reinterpret_cast<const char *>(record.data()) + sizeof(header) + 8;
        const size_t room = record.size() - sizeof(header) - 8 - sizeof(PerfRing::SampleId);
        out.comms.push_back({int64_t(id.time), int32_t(ids[0]), int32_t(ids[1]), uint16_t(id.cpu),
                             bool(header.misc & PERF_RECORD_MISC_COMM_EXEC),
                             std::string(name, strnlen(name, room))});
        break;
    }
    case PERF_RECORD_LOST: {
        uint64_t lost[2];
        if (readBody(record, lost))
            out.lostRecords += lost[1];
        break;
    }
    default:
        break;
    }
}

} // namespace

ProcessTreeCapture::ProcessTreeCapture(std::vector<PerfRing> rings)
    : m_rings(std::move(rings))
{
}

Result<ProcessTreeCapture> ProcessTreeCapture::attach(pid_t pid,
                                                      std::initializer_list<size_t> pageChoices)
{
    const long cpus = sysconf(_SC_NPROCESSORS_CONF);
    std::vector<PerfRing> rings;
    const perf_event_attr attr = treeEventsAttr();
    for (int cpu = 0; cpu < cpus; ++cpu) {
        Result<PerfRing> ring = PerfRing::open(attr, pid, cpu, pageChoices);
        if (!ring)
            return Error{"cannot record CPU " + std::to_string(cpu) + ": " + ring.error()};
        rings.push_back(std::move(ring).value());
    }
    return ProcessTreeCapture(std::move(rings));
}

Status ProcessTreeCapture::enable()
{
    for (PerfRing &ring : m_rings) {
        if (auto enabled = ring.enable(); !enabled)
            return enabled;
    }
    return {};
}

std::vector<int> ProcessTreeCapture::descriptors() const
{
    std::vector<int> fds;
    for (const PerfRing &ring : m_rings)
        fds.push_back(ring.fd());
    return fds;
}

void ProcessTreeCapture::drain(KernelRecords &records)
{
    records.switchesPerCpu.resize(m_rings.size());
    for (size_t cpu = 0; cpu < m_rings.size(); ++cpu) {
        auto &switches = records.switchesPerCpu[cpu];
        m_rings[cpu].drain([&](const perf_event_header &header, std::span<const std::byte> record) {
            decode(header, record, switches, records);
        });
    }
}

} // namespace corescope
