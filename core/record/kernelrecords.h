// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace corescope {

/// A context switch of a recorded program's thread, as the kernel reported it on one CPU.
/// Times are CLOCK_MONOTONIC nanoseconds.
struct KernelSwitch
{
    enum class Kind : uint8_t {
        In,           ///< the thread got the CPU
        OutPreempted, ///< it lost the CPU while it still wanted to run
        OutBlocked,   ///< it gave the CPU up: it sleeps, waits or exits
    };
    int64_t time = 0;
    int32_t pid = 0;
    int32_t tid = 0;
    uint16_t cpu = 0;
    Kind kind = Kind::In;
};

/// A thread or process of the program began (fork, clone) or ended.
struct KernelTaskEvent
{
    enum class Kind : uint8_t {
        Fork,
        Exit
    };
    int64_t time = 0;
    Kind kind = Kind::Fork;
    int32_t pid = 0;
    int32_t ppid = 0;
    int32_t tid = 0;
    int32_t ptid = 0;
    uint16_t cpu = 0; ///< where it happened: an exec'd or exiting thread is on this CPU then
};

/// A thread took a name: at its start, by prctl/pthread_setname_np, or by exec (the program).
struct KernelComm
{
    int64_t time = 0;
    int32_t pid = 0;
    int32_t tid = 0;
    uint16_t cpu = 0;
    bool exec = false;
    std::string name;
};

/// Everything the kernel said about a recorded process tree, as it said it: switches per CPU in
/// that CPU's order, thread births, deaths and names in arrival order, and what it lost.
struct KernelRecords
{
    std::vector<std::vector<KernelSwitch>> switchesPerCpu;
    std::vector<KernelTaskEvent> tasks;
    std::vector<KernelComm> comms;
    uint64_t lostRecords = 0;

    [[nodiscard]] size_t switchCount() const
    {
        size_t total = 0;
        for (const auto &cpu : switchesPerCpu)
            total += cpu.size();
        return total;
    }
};

} // namespace corescope
