// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <sys/resource.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace corescope {

/// A child process the engine started with posix_spawn (never fork: the parent may be a GUI with
/// many threads): a corescope-worker, or another program a task runs. Killed and reaped by the
/// destructor if still running.
class SpawnedProcess
{
public:
    struct Launch
    {
        /// What to run: a path, or a name looked up in PATH; empty: the worker executable.
        std::string executable;
        std::vector<std::string> arguments; ///< after the executable's name
        /// File descriptors handed to the child as 3, 4, 5, ... in this order.
        std::vector<int> fds;
        /// Where its stdout and stderr go (its stdin reads nothing then); -1: where ours go.
        int output = -1;
    };

    [[nodiscard]] static Result<SpawnedProcess> spawn(const Launch &launch);
    /// The worker executable: $CORESCOPE_WORKER, else corescope-worker beside this executable.
    [[nodiscard]] static std::string workerExecutable();

    SpawnedProcess(SpawnedProcess &&other) noexcept;
    SpawnedProcess &operator=(SpawnedProcess &&) = delete;
    SpawnedProcess(const SpawnedProcess &) = delete;
    ~SpawnedProcess();

    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// Becomes readable when the child exits (a pidfd), so a parent can sleep until then;
    /// -1 where the kernel offers none, and then only poll() tells.
    [[nodiscard]] int exitFd() const { return m_exitFd; }
    /// The wait status once the child has exited (reaps it), or nullopt while it runs.
    [[nodiscard]] std::optional<int> poll();
    void kill();
    /// Blocks until the child exits; returns its wait status.
    int wait();
    /// The CPU time the kernel counted for the child, in ns, once it has been reaped.
    [[nodiscard]] std::optional<int64_t> cpuNs() const;

private:
    explicit SpawnedProcess(pid_t pid);
    void reaped(int status, const rusage &usage);

    pid_t m_pid = -1;
    int m_exitFd = -1;
    std::optional<int> m_status;
    int64_t m_cpuNs = 0;
};

/// "exited with code 3", "was killed by signal 11 (Segmentation fault)".
[[nodiscard]] std::string describeWaitStatus(int status);

} // namespace corescope
