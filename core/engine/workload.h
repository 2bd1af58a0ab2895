// SPDX-License-Identifier: MIT
#pragma once

#include "engine/params.h"
#include "result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corescope {

class EventLoop;
class LoopTask;
class TaskContext;

/// What bounds a workload: the processor, waiting, or both in turn.
enum class WorkloadKind {
    CpuBound,
    IoBound,
    Mixed
};

/// The state one run of a workload needs (inputs, a loopback server, …), made once per process.
class PreparedWorkload
{
public:
    virtual ~PreparedWorkload() = default;
    /// Runs task `task` on the calling thread and returns its result. Calls ctx.checkpoint()
    /// every few microseconds of work and wraps every blocking call in ctx.blocking().
    [[nodiscard]] virtual uint64_t runTask(TaskContext &ctx, uint32_t task) = 0;
    /// Runs task `task` as a coroutine on an asyncio-style event loop: I/O awaits instead of
    /// blocking. The default computes on the loop (offloaded to its executor if the run asks).
    [[nodiscard]] virtual LoopTask runOnLoop(EventLoop &loop, uint32_t task);
    /// Whether `result` is the right answer for `task`, computed independently of runTask().
    [[nodiscard]] virtual bool verify(uint32_t task, uint64_t result) const = 0;
    /// Parameters a child process needs beyond the user's (e.g. the loopback server's port).
    [[nodiscard]] virtual std::map<std::string, std::string> childParams() const { return {}; }
    /// What is wrong with the state the tasks share once `tasksDone` of them have finished
    /// (a shared counter that lost increments), or nothing; the run's results then count as
    /// wrong and the trace says why.
    [[nodiscard]] virtual std::optional<std::string> sharedStateProblem(uint32_t tasksDone) const
    {
        (void)tasksDone;
        return std::nullopt;
    }
};

/// A kind of work the engine can run: real computation or real blocking system calls.
class Workload
{
public:
    virtual ~Workload() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// One sentence for lists and tooltips.
    [[nodiscard]] virtual std::string_view summary() const = 0;
    [[nodiscard]] virtual WorkloadKind kind() const = 0;
    [[nodiscard]] virtual std::vector<ParamSpec> params() const = 0;
    /// Tasks when the user names none (e.g. one per number to factorize).
    [[nodiscard]] virtual uint32_t defaultTasks(const ParamSet &params) const = 0;
    /// True when the tasks update state in one process's memory, which processes do not share.
    [[nodiscard]] virtual bool needsSharedMemory() const { return false; }
    /// True when the tasks start other programs, whose lanes only the engine's own process can
    /// add to the run.
    [[nodiscard]] virtual bool startsPrograms() const { return false; }
    /// What is wrong with running `tasks` tasks on `workers` workers, or nothing: a workload
    /// whose tasks wait for each other (a pipeline's stages) needs them all running at once.
    [[nodiscard]] virtual std::optional<std::string>
    checkWorkers(const ParamSet &params, uint32_t tasks, uint32_t workers) const
    {
        (void)params, (void)tasks, (void)workers;
        return std::nullopt;
    }
    /// Builds the run's state. `inChild` is true in a worker process, where a parent's resources
    /// (named in childParams()) are to be joined rather than created.
    [[nodiscard]] virtual Result<std::unique_ptr<PreparedWorkload>>
    prepare(const ParamSet &params, uint32_t tasks, bool inChild) const = 0;
};

/// Every workload the engine knows, by name. Adding one is adding a file and a line.
class WorkloadRegistry
{
public:
    [[nodiscard]] static const WorkloadRegistry &instance();
    [[nodiscard]] const Workload *find(std::string_view name) const;
    [[nodiscard]] const std::vector<std::unique_ptr<Workload>> &all() const { return m_workloads; }

private:
    WorkloadRegistry();
    std::vector<std::unique_ptr<Workload>> m_workloads;
};

[[nodiscard]] std::string_view workloadKindName(WorkloadKind kind);

} // namespace corescope
