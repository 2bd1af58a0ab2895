// SPDX-License-Identifier: MIT
#include "record/recordedslices.h"

#include <algorithm>
#include <map>

namespace corescope {

std::vector<RecordedSlice> recordedSlices(const KernelRecords &records, int64_t end)
{
    // Every switch and every exit, in one time order. Each CPU's records are in order, and a
    // thread's switch-out on one CPU precedes its switch-in on the next, so one stable sort by
    // time orders every thread's records; an exit sorts after a switch at the same instant.
    std::vector<KernelSwitch> all;
    all.reserve(records.switchCount() + records.tasks.size());
    for (const auto &cpu : records.switchesPerCpu)
        all.insert(all.end(), cpu.begin(), cpu.end());
    std::stable_sort(all.begin(), all.end(),
                     [](const KernelSwitch &a, const KernelSwitch &b) { return a.time < b.time; });
    std::vector<const KernelTaskEvent *> exits;
    for (const KernelTaskEvent &task : records.tasks) {
        if (task.kind == KernelTaskEvent::Kind::Exit)
            exits.push_back(&task);
    }
    std::stable_sort(exits.begin(), exits.end(),
                     [](const auto *a, const auto *b) { return a->time < b->time; });

    std::map<int32_t, RecordedSlice> open; // by tid: on a CPU since begin
    for (const KernelComm &comm : records.comms) {
        if (comm.exec)
            open[comm.tid] = {comm.pid, comm.tid, comm.cpu, comm.time, comm.time, {}};
    }
    std::vector<RecordedSlice> out;
    const auto close = [&](int32_t tid, int64_t time, RecordedSlice::End how) {
        const auto it = open.find(tid);
        if (it == open.end())
            return; // a switch-out whose switch-in came before the recording: nothing known
        RecordedSlice slice = it->second;
        slice.end = std::max(slice.begin, time);
        slice.how = how;
        out.push_back(slice);
        open.erase(it);
    };
    size_t nextExit = 0;
    for (const KernelSwitch &s : all) {
        for (; nextExit < exits.size() && exits[nextExit]->time < s.time; ++nextExit)
            close(exits[nextExit]->tid, exits[nextExit]->time, RecordedSlice::End::Exited);
        if (s.kind == KernelSwitch::Kind::In)
            open[s.tid] = {s.pid, s.tid, s.cpu, s.time, s.time, {}};
        else
            close(s.tid, s.time,
                  s.kind == KernelSwitch::Kind::OutPreempted ? RecordedSlice::End::Preempted
                                                             : RecordedSlice::End::Blocked);
    }
    for (; nextExit < exits.size(); ++nextExit)
        close(exits[nextExit]->tid, exits[nextExit]->time, RecordedSlice::End::Exited);
    for (const auto &[tid, slice] : open)
        out.push_back({slice.pid, tid, slice.cpu, slice.begin, std::max(slice.begin, end),
                       RecordedSlice::End::Running});
    std::sort(out.begin(), out.end(), [](const RecordedSlice &a, const RecordedSlice &b) {
        return a.tid != b.tid ? a.tid < b.tid : a.begin < b.begin;
    });
    return out;
}

} // namespace corescope
