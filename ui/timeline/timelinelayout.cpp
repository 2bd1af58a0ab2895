// SPDX-License-Identifier: MIT
#include "timeline/timelinelayout.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace corescope {

void TimelineLayout::setRuns(const std::vector<std::shared_ptr<const Trace>> &runs)
{
    m_threadOrder.assign(runs.size(), {});
    m_slotOf.assign(runs.size(), {});
    m_coresOf.assign(runs.size(), 0);
    m_countersOf.assign(runs.size(), 0);
    m_isTask.assign(runs.size(), {});
    m_maxSlot = 0;
    for (size_t r = 0; r < runs.size(); ++r) {
        const auto &threads = runs[r]->threads();
        std::vector<uint32_t> &order = m_threadOrder[r];
        order.resize(threads.size());
        std::iota(order.begin(), order.end(), 0u);
        std::vector<bool> &isTask = m_isTask[r];
        isTask.resize(threads.size());
        for (size_t t = 0; t < threads.size(); ++t)
            isTask[t] = threads[t].role == ThreadRole::Task;
        // Thread ids (and child pids) grow in start order on Linux, so sorting by them puts
        // worker 1 before worker 2 whatever order their logs were collected in. Tasks (tid 0)
        // come after their process's threads, in the order the run lists them.
        std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
            const ThreadInfo &x = threads[a];
            const ThreadInfo &y = threads[b];
            const bool xEngine = x.role == ThreadRole::Engine;
            const bool yEngine = y.role == ThreadRole::Engine;
            return std::tuple(!xEngine, x.pid, bool(isTask[a]), x.tid)
                   < std::tuple(!yEngine, y.pid, bool(isTask[b]), y.tid);
        });
        std::vector<uint32_t> &slots = m_slotOf[r];
        slots.assign(threads.size(), 0);
        uint32_t next = 1;
        for (uint32_t thread : order) {
            const bool ownColour = threads[thread].role != ThreadRole::Engine && !isTask[thread];
            slots[thread] = ownColour ? next++ : 0;
            m_maxSlot = std::max(m_maxSlot, slots[thread]);
        }
        m_coresOf[r] = runs[r]->coreCount();
        m_countersOf[r] = runs[r]->counters().size();
    }
    m_lanes.clear();
    m_threadLane.clear();
    m_contentHeight = 0;
}

void TimelineLayout::build(LaneMode mode, const Heights &heights, int available, double minStretch,
                           double maxStretch)
{
    m_lanes.clear();
    m_threadLane.assign(m_threadOrder.size(), {});
    const bool cores = mode != LaneMode::Threads;
    const bool threads = mode != LaneMode::Cores;
    int headerTotal = 0;
    int laneTotal = 0;
    for (size_t r = 0; r < m_threadOrder.size(); ++r) {
        m_lanes.push_back({TimelineLane::Kind::RunHeader, int(r), 0, 0, heights.header});
        headerTotal += heights.header;
        if (cores) {
            for (size_t c = 0; c < m_coresOf[r]; ++c) {
                m_lanes.push_back({TimelineLane::Kind::Core, int(r), uint32_t(c), 0, heights.core});
                laneTotal += heights.core;
            }
        }
        m_threadLane[r].assign(m_threadOrder[r].size(), -1);
        if (threads) {
            for (uint32_t thread : m_threadOrder[r]) {
                const bool task = m_isTask[r][thread];
                const int height = task ? heights.task : heights.thread;
                m_threadLane[r][thread] = int32_t(m_lanes.size());
                m_lanes.push_back({task ? TimelineLane::Kind::Task : TimelineLane::Kind::Thread,
                                   int(r), thread, 0, height});
                laneTotal += height;
            }
        }
        for (size_t c = 0; c < m_countersOf[r]; ++c) {
            m_lanes.push_back(
                {TimelineLane::Kind::Counter, int(r), uint32_t(c), 0, heights.counter});
            laneTotal += heights.counter;
        }
    }
    double stretch = 1.0;
    if (laneTotal > 0)
        stretch =
            std::clamp(double(available - headerTotal) / double(laneTotal), minStretch, maxStretch);
    // Rounding each lane on its own would let the bottom drift; round the running total instead.
    double y = 0;
    int top = 0;
    for (TimelineLane &lane : m_lanes) {
        lane.top = top;
        y += lane.kind == TimelineLane::Kind::RunHeader ? double(lane.height)
                                                        : double(lane.height) * stretch;
        const int bottom = int(std::lround(y));
        lane.height = std::max(1, bottom - top);
        top = lane.top + lane.height;
    }
    m_contentHeight = top;
}

std::optional<size_t> TimelineLayout::laneAt(int y) const
{
    const auto found =
        std::upper_bound(m_lanes.begin(), m_lanes.end(), y,
                         [](int value, const TimelineLane &lane) { return value < lane.top; });
    if (found == m_lanes.begin())
        return std::nullopt;
    const auto index = size_t(found - m_lanes.begin() - 1);
    if (y >= m_lanes[index].bottom())
        return std::nullopt;
    return index;
}

std::optional<size_t> TimelineLayout::laneOfThread(int run, uint32_t thread) const
{
    if (run < 0 || size_t(run) >= m_threadLane.size() || thread >= m_threadLane[size_t(run)].size())
        return std::nullopt;
    const int32_t lane = m_threadLane[size_t(run)][thread];
    return lane < 0 ? std::nullopt : std::optional<size_t>(size_t(lane));
}

std::span<const uint32_t> TimelineLayout::threadOrder(int run) const
{
    if (run < 0 || size_t(run) >= m_threadOrder.size())
        return {};
    return m_threadOrder[size_t(run)];
}

uint32_t TimelineLayout::colourSlot(int run, uint32_t thread) const
{
    if (run < 0 || size_t(run) >= m_slotOf.size() || thread >= m_slotOf[size_t(run)].size())
        return 0;
    return m_slotOf[size_t(run)][thread];
}

} // namespace corescope
