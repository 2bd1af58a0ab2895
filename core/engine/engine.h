// SPDX-License-Identifier: MIT
#pragma once

#include "engine/runspec.h"
#include "result.h"
#include "trace/trace.h"

#include <memory>
#include <mutex>
#include <optional>

namespace corescope {

class Recorder;
struct RunControl;

/// Runs workloads under execution models and returns what really happened as a Trace. One run
/// at a time; cancel() and snapshot() may be called from any thread while it goes on.
class Engine
{
public:
    Engine();
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    /// Runs `spec` to the end, or until cancelled (the partial trace is kept and marked so).
    /// An Error means nothing could run (e.g. the capture method was refused).
    [[nodiscard]] Result<Trace> run(const ValidatedRunSpec &spec);
    /// Stops the run in progress: threads stop at their next checkpoint, children are killed.
    void cancel();
    /// What the run in progress has recorded so far, for drawing it live; nullopt when idle.
    [[nodiscard]] std::optional<Trace> snapshot() const;
    /// Tasks finished and tasks in all, for the run in progress; nullopt when idle.
    struct Progress
    {
        uint32_t done = 0;
        uint32_t total = 0;
    };
    [[nodiscard]] std::optional<Progress> progress() const;

private:
    struct Live;
    mutable std::mutex m_mutex;
    std::shared_ptr<Live> m_live;
};

/// The machine's facts that every trace carries: cores, CPU model, kernel.
void describeMachine(TraceMetadata &metadata);

} // namespace corescope
