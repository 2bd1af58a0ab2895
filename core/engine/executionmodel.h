// SPDX-License-Identifier: MIT
#pragma once

#include "engine/params.h"
#include "result.h"

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace corescope {

class CaptureBackend;
class EventLog;
class PreparedWorkload;
class ThreadCapture;
class Recorder;
struct RunControl;
struct ValidatedRunSpec;

/// Everything the engine has set up for a model to run one workload.
struct RunSetup
{
    const ValidatedRunSpec &spec;
    Recorder &recorder;
    RunControl &control; ///< in shared memory: children map it through controlFd
    int controlFd = -1;
    size_t controlBytes = 0;
    int cancelFd = -1; ///< an eventfd that becomes readable when the run is cancelled
    const CaptureBackend &capture;
    PreparedWorkload &workload;
    EventLog &engineLog; ///< the log of the thread that runs the model
    ThreadCapture &engineCapture;

    /// The model's own thread stops working to wait for its workers, or resumes.
    void waitForWorkers(bool waiting);

    /// Records something that went wrong but did not stop the run (a crashed child, say).
    void report(std::string problem)
    {
        std::lock_guard lock(problemsMutex);
        problems.push_back(std::move(problem));
    }
    std::mutex problemsMutex;
    std::vector<std::string> problems;
};

/// A way of running a workload's tasks: serially, on threads, under a GIL, in processes…
class ExecutionModel
{
public:
    virtual ~ExecutionModel() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    [[nodiscard]] virtual std::string_view summary() const = 0;
    /// Parameters of the model itself (e.g. the GIL's switch interval).
    [[nodiscard]] virtual std::vector<ParamSpec> params() const { return {}; }
    /// Workers the model uses when the user names none.
    [[nodiscard]] virtual uint32_t defaultWorkers(uint32_t tasks) const { return tasks; }
    /// The most workers the model can use.
    [[nodiscard]] virtual uint32_t maxWorkers() const { return 256; }
    /// Whether its tasks run in one process and so share its memory.
    [[nodiscard]] virtual bool sharesMemory() const { return true; }
    /// Whether speed-ups are measured against it (serial: one worker, no overhead).
    [[nodiscard]] virtual bool isBaseline() const { return false; }
    /// Runs every task (or stops early when cancelled); returns once all workers are gone.
    [[nodiscard]] virtual Status execute(RunSetup &setup) const = 0;
};

/// Every execution model the engine knows, by name.
class ModelRegistry
{
public:
    [[nodiscard]] static const ModelRegistry &instance();
    [[nodiscard]] const ExecutionModel *find(std::string_view name) const;
    [[nodiscard]] const std::vector<std::unique_ptr<ExecutionModel>> &all() const
    {
        return m_models;
    }

private:
    ModelRegistry();
    std::vector<std::unique_ptr<ExecutionModel>> m_models;
};

/// Whether the registry's model called `name` is the baseline; false for a name it does not know
/// (traces and sweep points carry model names, and a file may name a model this build lacks).
[[nodiscard]] bool isBaselineModel(std::string_view name);

} // namespace corescope
