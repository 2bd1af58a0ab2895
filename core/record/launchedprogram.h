// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corescope {

/// What to run: a command line, a working folder, where its input and output go, variables
/// added to the environment.
struct ProgramSpec
{
    std::vector<std::string> argv;
    std::string workingDirectory; ///< empty: ours
    std::string inputFile;        ///< what its stdin reads; empty: ours
    std::string outputFile;       ///< where its stdout and stderr go; empty: where ours go
    std::vector<std::pair<std::string, std::string>> environment;
};

/// How a program ended.
struct ProgramExit
{
    int code = 0;   ///< its exit status, when it exited
    int signal = 0; ///< the signal that ended it, or 0
    /// As a shell reports it: the exit status, or 128 + the signal.
    [[nodiscard]] int shellStatus() const { return signal ? 128 + signal : code; }
    /// "exited with status 3", "killed by SIGSEGV (Segmentation fault)".
    [[nodiscard]] std::string describe() const;
};

/// Another program started by the recorder: forked, held before exec so that its recording can
/// be attached first, then let go. The recorder becomes a subreaper, so whatever the program
/// leaves behind (a double-forked daemon, orphaned workers) is still the recorder's to find and
/// stop; the program dies with the recorder.
class LaunchedProgram
{
public:
    /// Forks; the child waits for proceed(). Fails only when the recorder cannot fork.
    [[nodiscard]] static Result<LaunchedProgram> startPaused(const ProgramSpec &spec);

    LaunchedProgram(LaunchedProgram &&other) noexcept;
    LaunchedProgram &operator=(LaunchedProgram &&) = delete;
    LaunchedProgram(const LaunchedProgram &) = delete;
    /// Kills and reaps whatever of the program is still running.
    ~LaunchedProgram();

    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// Readable when the program has ended (a pidfd), for poll() loops; -1 where the kernel has
    /// no pidfds.
    [[nodiscard]] int exitDescriptor() const { return m_pidfd; }

    /// Lets the child exec. An error names the command and why it did not start (then the
    /// child has exited as a shell's would: 127 for no such command, 126 for one that cannot
    /// run, such as a folder or a file without execute permission).
    [[nodiscard]] Status proceed();

    /// The program's end, once it has ended (it is reaped then); never blocks.
    [[nodiscard]] std::optional<ProgramExit> poll();
    /// Waits for the end; a stop that never comes is the caller's to prevent (interrupt()).
    [[nodiscard]] ProgramExit wait();

    /// Sends SIGINT to the program, as Ctrl+C in its terminal would.
    void interrupt() const;

    /// How many processes below the recorder are still running (the program among them, if it
    /// is); ended ones not yet reaped do not count.
    [[nodiscard]] size_t running() const;

    /// Ends what the program left running: processes it started that have not exited get
    /// SIGTERM, then SIGKILL after `grace`; all are reaped. Returns the pids of those that were
    /// running (the program itself among them, if it was).
    std::vector<pid_t> stopLeftovers(std::chrono::milliseconds grace);

private:
    LaunchedProgram(pid_t pid, int go, int execError);

    pid_t m_pid = -1;
    int m_pidfd = -1;
    int m_go = -1;        ///< written once to let the child exec
    int m_execError = -1; ///< the child's report of a failed chdir or exec; EOF when exec worked
    std::optional<ProgramExit> m_exit;
};

} // namespace corescope
