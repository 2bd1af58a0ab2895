// SPDX-License-Identifier: MIT
#pragma once

#include "engine/capture/threadcapture.h"
#include "engine/eventlog.h"
#include "engine/runcontrol.h"
#include "engine/taskcontext.h"

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

namespace corescope {

/// What a worker thread of a run has, without an engine: its own event log (with a made-up tid,
/// which locks and the GIL record as who held them), a capture that only counts its pauses, hooks
/// that count blocking calls, and the TaskContext over them. Tests drive the engine's locks with
/// these from real threads and read back what was recorded.
class TestWorker
{
public:
    class CountingCapture final : public ThreadCapture
    {
    public:
        [[nodiscard]] int64_t pollIntervalNs() const override { return 1'000'000'000; }
        void poll() override {}
        void pause() override { ++paused; }
        void resume() override { ++resumed; }
        void finish() override {}
        std::atomic<int> paused{0};
        std::atomic<int> resumed{0};
    };

    class CountingHooks final : public ThreadHooks
    {
    public:
        void beforeBlocking(TaskContext &) override { ++blocked; }
        void afterBlocking(TaskContext &) override { ++unblocked; }
        std::atomic<int> blocked{0};
        std::atomic<int> unblocked{0};
    };

    TestWorker(RunControl &control, int tid, const std::string &name = "worker",
               uint64_t capacity = 256)
        : m_memory(EventLog::bytesFor(capacity))
        , m_log(EventLog::format(m_memory.data(), m_memory.size(), 1, tid, name))
        , m_context(m_log, control, m_hooks, m_capture, -1)
    {
    }
    TestWorker(const TestWorker &) = delete;
    TestWorker &operator=(const TestWorker &) = delete;

    [[nodiscard]] TaskContext &context() { return m_context; }
    [[nodiscard]] EventLog &log() { return m_log; }
    [[nodiscard]] const EventLog &log() const { return m_log; }
    [[nodiscard]] int tid() const { return m_log.tid(); }
    [[nodiscard]] const CountingCapture &capture() const { return m_capture; }
    [[nodiscard]] const CountingHooks &hooks() const { return m_hooks; }

    /// The kinds of the events recorded so far, in order (readable while the thread runs).
    [[nodiscard]] std::vector<EventKind> kinds() const
    {
        std::vector<EventKind> kinds;
        for (uint64_t i = 0, n = m_log.size(); i < n; ++i)
            kinds.push_back(m_log.at(i).kind);
        return kinds;
    }
    /// The last event of `kind`, or null.
    [[nodiscard]] const Event *last(EventKind kind) const
    {
        for (uint64_t i = m_log.size(); i-- > 0;) {
            if (m_log.at(i).kind == kind)
                return &m_log.at(i);
        }
        return nullptr;
    }
    [[nodiscard]] size_t count(EventKind kind) const
    {
        size_t n = 0;
        for (uint64_t i = 0, size = m_log.size(); i < size; ++i)
            n += m_log.at(i).kind == kind ? 1 : 0;
        return n;
    }

private:
    std::vector<std::byte> m_memory;
    EventLog m_log;
    CountingCapture m_capture;
    CountingHooks m_hooks;
    TaskContext m_context;
};

} // namespace corescope
