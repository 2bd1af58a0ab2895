// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace corescope {

/// One corescope-worker child process, started with posix_spawn (never fork: the parent may be a
/// GUI with many threads). Killed and reaped by the destructor if still running.
class WorkerProcess
{
public:
    /// File descriptors handed to the child as 3, 4, 5, ... in this order.
    struct Launch
    {
        std::vector<std::string> arguments; ///< after the executable's name
        std::vector<int> fds;
    };

    [[nodiscard]] static Result<WorkerProcess> spawn(const Launch &launch);
    /// The worker executable: $CORESCOPE_WORKER, else corescope-worker beside this executable.
    [[nodiscard]] static std::string executablePath();

    WorkerProcess(WorkerProcess &&other) noexcept;
    WorkerProcess &operator=(WorkerProcess &&) = delete;
    WorkerProcess(const WorkerProcess &) = delete;
    ~WorkerProcess();

    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// Becomes readable when the child exits (a pidfd), so a parent can sleep until then;
    /// -1 where the kernel offers none, and then only poll() tells.
    [[nodiscard]] int exitFd() const { return m_exitFd; }
    /// The wait status once the child has exited (reaps it), or nullopt while it runs.
    [[nodiscard]] std::optional<int> poll();
    void kill();
    /// Blocks until the child exits; returns its wait status.
    int wait();

private:
    explicit WorkerProcess(pid_t pid);
    pid_t m_pid = -1;
    int m_exitFd = -1;
    std::optional<int> m_status;
};

/// "exited with code 3", "was killed by signal 11 (Segmentation fault)".
[[nodiscard]] std::string describeWaitStatus(int status);

} // namespace corescope
