// SPDX-License-Identifier: MIT
#include "record/procsampler.h"

#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace corescope {
namespace {

/// One thread as /proc shows it at a sample.
struct ThreadReading
{
    int32_t pid;
    int32_t tid;
    uint64_t startTicks;
    uint64_t runNs;
    uint64_t waitNs;
    uint16_t cpu;
    std::string name;
};

std::vector<int32_t> numberedEntries(const std::string &folder)
{
    std::vector<int32_t> out;
    if (DIR *dir = opendir(folder.c_str())) {
        while (const dirent *entry = readdir(dir)) {
            char *end = nullptr;
            const long n = std::strtol(entry->d_name, &end, 10);
            if (n > 0 && *end == '\0')
                out.push_back(int32_t(n));
        }
        closedir(dir);
    }
    return out;
}

/// The thread's reading, or false when it ended while we looked.
bool readThread(int32_t pid, int32_t tid, ThreadReading &out)
{
    const std::string base = "/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/";
    std::ifstream schedstat(base + "schedstat");
    if (!(schedstat >> out.runNs >> out.waitNs))
        return false;
    std::ifstream statFile(base + "stat");
    std::string stat;
    std::getline(statFile, stat);
    // "tid (name) state ppid …": the name may hold spaces and parentheses; when it began is the
    // 22nd field (the 20th after the name), the CPU it last ran on the 39th (the 37th).
    const size_t open = stat.find('(');
    const size_t close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open)
        return false;
    std::istringstream fields(stat.substr(close + 1));
    std::string field;
    for (int i = 0; i < 37 && fields >> field; ++i) {
        if (i == 19)
            out.startTicks = std::strtoull(field.c_str(), nullptr, 10);
    }
    if (!fields)
        return false;
    out.cpu = uint16_t(std::strtoul(field.c_str(), nullptr, 10));
    out.name = stat.substr(open + 1, close - open - 1);
    out.pid = pid;
    out.tid = tid;
    return true;
}

/// `pid` and every process below it, from each thread's list of children.
void collectTree(int32_t pid, std::vector<int32_t> &processes)
{
    if (std::find(processes.begin(), processes.end(), pid) != processes.end())
        return;
    processes.push_back(pid);
    for (const int32_t tid : numberedEntries("/proc/" + std::to_string(pid) + "/task")) {
        std::ifstream children("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid)
                               + "/children");
        int32_t child = 0;
        while (children >> child)
            collectTree(child, processes);
    }
}

} // namespace

ProcSampler::ProcSampler(pid_t root, int64_t start)
    : m_root(root)
    , m_last(start)
{
}

void ProcSampler::sample(int64_t now, KernelRecords &out)
{
    std::vector<int32_t> processes;
    collectTree(int32_t(m_root), processes);
    std::vector<ThreadReading> readings;
    for (const int32_t pid : processes) {
        for (const int32_t tid : numberedEntries("/proc/" + std::to_string(pid) + "/task")) {
            ThreadReading reading;
            if (readThread(pid, tid, reading))
                readings.push_back(std::move(reading));
        }
    }

    for (auto &[tid, known] : m_threads)
        known.seenNow = false;
    // Each CPU's threads, laid end to end back from now, in tid order.
    std::map<uint16_t, int64_t> cursor;
    std::sort(readings.begin(), readings.end(),
              [](const auto &a, const auto &b) { return a.tid < b.tid; });
    for (const ThreadReading &r : readings) {
        auto [it, isNew] = m_threads.try_emplace(r.tid);
        Known &known = it->second;
        if (!isNew && (known.startTicks != r.startTicks || known.pid != r.pid)) {
            // The thread we knew by this tid ended since the last sample, and the kernel gave
            // its tid to a new one.
            out.tasks.push_back({m_last, KernelTaskEvent::Kind::Exit, known.pid, 0, r.tid, 0, 0});
            known = Known{};
            isNew = true;
        }
        known.seenNow = true;
        if (isNew) {
            ++m_everSeen;
            known.pid = r.pid;
            known.startTicks = r.startTicks;
            out.tasks.push_back({m_last, KernelTaskEvent::Kind::Fork, r.pid, 0, r.tid, 0, r.cpu});
            out.comms.push_back({m_last, r.pid, r.tid, r.cpu, r.tid == m_root, r.name});
        }
        const uint64_t ran = r.runNs - std::min(r.runNs, known.runNs);
        const bool waited = r.waitNs > known.waitNs;
        known.runNs = r.runNs;
        known.waitNs = r.waitNs;
        if (ran == 0)
            continue;
        int64_t &end = cursor.try_emplace(r.cpu, now).first->second;
        const int64_t length = std::min<int64_t>(int64_t(ran), end - m_last);
        if (length <= 0)
            continue;
        if (out.switchesPerCpu.size() <= r.cpu)
            out.switchesPerCpu.resize(r.cpu + 1u);
        auto &cpu = out.switchesPerCpu[r.cpu];
        // Records of one CPU stay in time order: this CPU's slices of this sample are laid
        // backwards, so they are put in before those laid earlier.
        const auto at =
            std::upper_bound(cpu.begin(), cpu.end(), end - length,
                             [](int64_t t, const KernelSwitch &s) { return t < s.time; });
        const KernelSwitch records[2] = {
            {end - length, r.pid, r.tid, r.cpu, KernelSwitch::Kind::In},
            {end, r.pid, r.tid, r.cpu,
             waited ? KernelSwitch::Kind::OutPreempted : KernelSwitch::Kind::OutBlocked}};
        cpu.insert(at, std::begin(records), std::end(records));
        end -= length;
    }
    for (auto it = m_threads.begin(); it != m_threads.end();) {
        if (!it->second.seenNow) {
            out.tasks.push_back(
                {now, KernelTaskEvent::Kind::Exit, it->second.pid, 0, it->first, 0, 0});
            it = m_threads.erase(it);
        } else {
            ++it;
        }
    }
    m_last = now;
}

} // namespace corescope
