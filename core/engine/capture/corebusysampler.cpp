// SPDX-License-Identifier: MIT
#include "engine/capture/corebusysampler.h"

#include "engine/capture/cpuclockcapture.h"
#include "engine/clock.h"
#include "trace/tracebuilder.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>

namespace corescope {
namespace {

/// The number at the start of what `fd` holds, re-read from its beginning (sysfs and procfs
/// make a file's text anew at each read from offset 0).
std::optional<int64_t> readNumber(int fd)
{
    char text[32];
    const ssize_t n = ::pread(fd, text, sizeof text, 0);
    int64_t value = 0;
    if (n <= 0 || std::from_chars(text, text + n, value).ec != std::errc())
        return std::nullopt;
    return value;
}

/// Every idle state's residency file of `cpu`, or nothing where it has no cpuidle.
std::vector<int> cpuIdleFiles(size_t cpu)
{
    std::vector<int> files;
    const std::string folder = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpuidle/";
    for (int state = 0;; ++state) {
        const std::string path = folder + "state" + std::to_string(state) + "/time";
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            break;
        files.push_back(fd);
    }
    return files;
}

/// /proc/stat's idle and iowait of each "cpuN" line, in ns.
bool parseProcStat(std::string_view text, std::vector<int64_t> &idleNs)
{
    static const int64_t kNsPerTick = 1'000'000'000 / std::max<long>(1, ::sysconf(_SC_CLK_TCK));
    size_t found = 0;
    for (size_t line = 0; line < text.size();) {
        const size_t end = std::min(text.find('\n', line), text.size());
        std::string_view row = text.substr(line, end - line);
        line = end + 1;
        if (row.size() < 4 || row.substr(0, 3) != "cpu" || row[3] < '0' || row[3] > '9')
            continue;
        size_t cpu = 0;
        const char *p = row.data() + 3;
        const char *last = row.data() + row.size();
        p = std::from_chars(p, last, cpu).ptr;
        int64_t fields[5] = {}; // user nice system idle iowait
        for (int64_t &field : fields) {
            while (p < last && *p == ' ')
                ++p;
            p = std::from_chars(p, last, field).ptr;
        }
        if (cpu < idleNs.size()) {
            idleNs[cpu] = (fields[3] + fields[4]) * kNsPerTick;
            ++found;
        }
    }
    return found == idleNs.size();
}

} // namespace

std::unique_ptr<CoreBusySampler> CoreBusySampler::start(size_t cpus, int64_t intervalNs)
{
    std::vector<std::vector<int>> files;
    bool cpuIdle = true;
    for (size_t cpu = 0; cpu < cpus && cpuIdle; ++cpu) {
        files.push_back(cpuIdleFiles(cpu));
        cpuIdle = !files.back().empty();
    }
    Source source = Source::CpuIdle;
    if (!cpuIdle) {
        for (const auto &cpu : files)
            for (const int fd : cpu)
                ::close(fd);
        files.clear();
        const int stat = ::open("/proc/stat", O_RDONLY | O_CLOEXEC);
        if (stat < 0)
            return nullptr;
        files.push_back({stat});
        source = Source::ProcStat;
    }
    std::unique_ptr<CoreBusySampler> sampler(
        new CoreBusySampler(source, std::move(files), std::max<int64_t>(intervalNs, 1'000'000)));
    sampler->m_cpus = cpus;
    Sample first;
    if (!sampler->read(first))
        return nullptr;
    sampler->m_samples.push_back(std::move(first));
    sampler->m_thread = std::thread([raw = sampler.get()] { raw->run(); });
    return sampler;
}

CoreBusySampler::CoreBusySampler(Source source, std::vector<std::vector<int>> files,
                                 int64_t intervalNs)
    : m_source(source)
    , m_files(std::move(files))
    , m_cpus(0)
    , m_intervalNs(intervalNs)
{
}

CoreBusySampler::~CoreBusySampler()
{
    stop();
    for (const auto &cpu : m_files)
        for (const int fd : cpu)
            ::close(fd);
}

std::string_view CoreBusySampler::sourceName() const
{
    return m_source == Source::CpuIdle ? "cpuidle" : "procstat";
}

bool CoreBusySampler::read(Sample &sample) const
{
    sample.idleNs.assign(m_cpus, 0);
    if (m_source == Source::ProcStat) {
        char text[16384];
        const ssize_t n = ::pread(m_files[0][0], text, sizeof text, 0);
        sample.monotonicNs = monotonicNs();
        return n > 0 && parseProcStat(std::string_view(text, size_t(n)), sample.idleNs);
    }
    for (size_t cpu = 0; cpu < m_cpus; ++cpu) {
        for (const int fd : m_files[cpu]) {
            const auto us = readNumber(fd);
            if (!us)
                return false;
            sample.idleNs[cpu] += *us * 1000;
        }
    }
    sample.monotonicNs = monotonicNs();
    return true;
}

void CoreBusySampler::run()
{
    pthread_setname_np(pthread_self(), "busy-sampler");
    // It takes no process signals: a Ctrl+C is for the thread that watches for it, and would
    // end the process here. (Blocked here, not around the thread's creation, which would leave
    // the creating thread's mask changed for a moment that others may see.)
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    auto next = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    for (;;) {
        // Late (a loaded machine) is late: the next sample comes an interval after this one,
        // not in a burst that catches up.
        next = std::max(next + std::chrono::nanoseconds(m_intervalNs),
                        std::chrono::steady_clock::now());
        const bool stopping = m_wake.wait_until(lock, next, [this] { return m_stopping; });
        lock.unlock();
        Sample sample;
        const bool ok = read(sample);
        lock.lock();
        if (ok)
            m_samples.push_back(std::move(sample));
        if (stopping) {
            m_stoppedCpuNs = threadCpuNs();
            return;
        }
    }
}

int64_t CoreBusySampler::ownCpuNs() const
{
    clockid_t clock;
    timespec used{};
    if (!m_thread.joinable()
        || pthread_getcpuclockid(const_cast<std::thread &>(m_thread).native_handle(), &clock) != 0
        || clock_gettime(clock, &used) != 0)
        return m_stoppedCpuNs;
    return int64_t(used.tv_sec) * 1'000'000'000 + used.tv_nsec;
}

void CoreBusySampler::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

size_t CoreBusySampler::addTo(TraceBuilder &builder, int64_t originNs, size_t from) const
{
    std::lock_guard lock(m_mutex);
    for (size_t i = std::max<size_t>(from, 1); i < m_samples.size(); ++i) {
        const Sample &before = m_samples[i - 1];
        const Sample &to = m_samples[i];
        const TimeNs begin = std::max<TimeNs>(before.monotonicNs - originNs, 0);
        const TimeNs end = to.monotonicNs - originNs;
        if (end <= begin)
            continue;
        // A part of the interval before the run's zero is cut off, with its share of idle time.
        const double kept = double(end - begin) / double(to.monotonicNs - before.monotonicNs);
        for (size_t cpu = 0; cpu < m_cpus; ++cpu) {
            const TimeNs idle = std::max<TimeNs>(to.idleNs[cpu] - before.idleNs[cpu], 0);
            const TimeNs busy = std::clamp<TimeNs>(
                TimeNs(double(to.monotonicNs - before.monotonicNs - idle) * kept), 0, end - begin);
            builder.addBusySample(uint16_t(cpu), begin, end, busy);
        }
    }
    return std::max<size_t>(m_samples.size(), 1);
}

} // namespace corescope
