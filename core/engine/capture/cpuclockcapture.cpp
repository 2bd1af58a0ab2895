// SPDX-License-Identifier: MIT
#include "engine/capture/cpuclockcapture.h"

#include "engine/eventlog.h"

#include <ctime>

namespace corescope {

namespace {

int64_t cpuNs(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace

int64_t threadCpuNs()
{
    return cpuNs(CLOCK_THREAD_CPUTIME_ID);
}

int64_t processCpuNs()
{
    return cpuNs(CLOCK_PROCESS_CPUTIME_ID);
}

namespace {

class CpuClockCapture final : public ThreadCapture
{
public:
    CpuClockCapture(EventLog &log, const ClockCalibration &calibration)
        : m_log(log)
        , m_calibration(calibration)
    {
        resume();
    }

    [[nodiscard]] int64_t pollIntervalNs() const override
    {
        return CpuClockBackend::kPollIntervalNs;
    }

    void poll() override
    {
        const Sample now = sample();
        const int64_t wallNs = toNs(now.ticks) - toNs(m_last.ticks);
        const int64_t cpuNs = now.cpuNs - m_last.cpuNs;
        // Off the core for a noticeable part of the interval: it ran first, then waited.
        if (wallNs - cpuNs > kGapNs) {
            close(m_last.ticks + toTicks(cpuNs), m_last.core, EventFlag::kPreempted);
            m_sliceStart = now.ticks;
        } else if (now.core != m_last.core) {
            const uint64_t middle = m_last.ticks + (now.ticks - m_last.ticks) / 2;
            close(middle, m_last.core, 0);
            m_sliceStart = middle;
        }
        m_last = now;
    }

    void pause() override
    {
        poll();
        close(m_last.ticks, m_last.core, 0);
    }

    void resume() override
    {
        m_last = sample();
        m_sliceStart = m_last.ticks;
    }

    void finish() override { pause(); }

private:
    static constexpr int64_t kGapNs = 20'000;

    struct Sample
    {
        uint64_t ticks = 0;
        int64_t cpuNs = 0;
        uint16_t core = 0;
    };

    static Sample sample() { return {Clock::now(), threadCpuNs(), EventLog::currentCore()}; }
    [[nodiscard]] int64_t toNs(uint64_t ticks) const { return m_calibration.toNs(ticks); }
    [[nodiscard]] uint64_t toTicks(int64_t ns) const
    {
        return uint64_t(double(ns) / m_calibration.nsPerTick);
    }

    void close(uint64_t end, uint16_t core, uint8_t flags)
    {
        if (end > m_sliceStart)
            m_log.append(Event{m_sliceStart, end, 0, core, EventKind::OnCpu, flags});
        m_sliceStart = end;
    }

    EventLog &m_log;
    const ClockCalibration m_calibration; ///< a copy: a capture may outlive its backend
    Sample m_last;
    uint64_t m_sliceStart = 0;
};

} // namespace

std::unique_ptr<ThreadCapture> CpuClockBackend::startThread(EventLog &log) const
{
    return std::make_unique<CpuClockCapture>(log, calibration());
}

} // namespace corescope
