// SPDX-License-Identifier: MIT
#include "engine/capture/perfcapture.h"

#include "engine/capture/cpuclockcapture.h"
#include "engine/capture/oncpuslicer.h"
#include "engine/capture/perfring.h"
#include "engine/eventlog.h"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace corescope {
namespace {

/// Enabled only once its ring is mapped: a switch recorded before that would be lost, and the
/// thread would seem to hold its core through it.
perf_event_attr switchEventsAttr()
{
    return PerfRing::contextSwitchAttr();
}

class PerfThreadCapture final : public ThreadCapture
{
public:
    PerfThreadCapture(EventLog &log, const ClockCalibration &calibration, PerfRing ring)
        : m_log(log)
        , m_calibration(calibration)
        , m_ring(std::move(ring))
        , m_slicer(log)
    {
        m_slicer.switchedIn(Clock::now(), EventLog::currentCore());
    }

    [[nodiscard]] int64_t pollIntervalNs() const override { return 10'000'000; }
    void poll() override { drain(); }
    void pause() override {}
    void resume() override { drain(); }

    void finish() override
    {
        drain();
        m_slicer.close(Clock::now());
    }

private:
    void drain()
    {
        m_ring.drain([this](const perf_event_header &header, std::span<const std::byte> record) {
            PerfRing::SampleId id;
            if (header.type == PERF_RECORD_SWITCH && PerfRing::sampleIdOf(record, id)) {
                onSwitch(header.misc, id);
            } else if (header.type == PERF_RECORD_LOST
                       && record.size() >= sizeof(header) + 2 * sizeof(uint64_t)) {
                uint64_t lost[2];
                std::memcpy(lost, record.data() + sizeof(header), sizeof(lost));
                m_log.countDropped(lost[1]);
            }
        });
    }

    void onSwitch(uint16_t misc, const PerfRing::SampleId &id)
    {
        const uint64_t ticks = m_calibration.toTicks(int64_t(id.time));
        const auto core = uint16_t(id.cpu);
        if (misc & PERF_RECORD_MISC_SWITCH_OUT)
            m_slicer.switchedOut(ticks, core, misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT);
        else
            m_slicer.switchedIn(ticks, core);
    }

    EventLog &m_log;
    const ClockCalibration m_calibration; ///< a copy: a capture may outlive its backend
    PerfRing m_ring;
    OnCpuSlicer m_slicer;
};

} // namespace

Status PerfBackend::probe()
{
    // pid 0, cpu -1: this thread only, on whichever core it runs.
    const perf_event_attr attr = switchEventsAttr();
    const int fd = int(syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
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
    // Small rings first: unprivileged users may lock only about 0.5 MiB per core for perf.
    Result<PerfRing> ring = PerfRing::open(switchEventsAttr(), 0, -1, {16, 4});
    if (ring && ring.value().enable())
        return std::make_unique<PerfThreadCapture>(log, calibration(), std::move(ring).value());
    m_fallbacks.fetch_add(1, std::memory_order_relaxed);
    return CpuClockBackend(calibration()).startThread(log);
}

} // namespace corescope
