// SPDX-License-Identifier: MIT
#include "record/launchedprogram.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>

extern char **environ;

namespace corescope {
namespace {

/// What the child reports on its error pipe before it exits with 127 or 126.
struct StartFailure
{
    enum Stage : int32_t {
        ChangeFolder,
        OpenInput,
        OpenOutput,
        Exec
    };
    /// Why the kernel refused a file it found ("Permission denied" alone does not say).
    enum Found : int32_t {
        Unknown,
        Folder,
        NotExecutable
    };
    int32_t stage;
    int32_t error;
    int32_t found;
};

/// As a shell: 127 when there is no such command, 126 when it was found but cannot run.
int startFailureStatus(int error)
{
    return error == ENOENT || error == ENOTDIR ? 127 : 126;
}

int openPidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return int(syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    return -1;
#endif
}

void closeIfOpen(int &fd)
{
    if (fd >= 0)
        close(fd);
    fd = -1;
}

ProgramExit exitFrom(int status)
{
    ProgramExit exit;
    if (WIFEXITED(status))
        exit.code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        exit.signal = WTERMSIG(status);
    return exit;
}

/// The environment the child gets: ours, with `extra` added or replacing.
std::vector<std::string>
environmentWith(const std::vector<std::pair<std::string, std::string>> &extra)
{
    std::map<std::string, std::string> variables;
    for (char **entry = environ; entry && *entry; ++entry) {
        const std::string text(*entry);
        const size_t equals = text.find('=');
        if (equals != std::string::npos)
            variables[text.substr(0, equals)] = text.substr(equals + 1);
    }
    for (const auto &[name, value] : extra)
        variables[name] = value;
    std::vector<std::string> out;
    out.reserve(variables.size());
    for (const auto &[name, value] : variables)
        out.push_back(name + "=" + value);
    return out;
}

std::vector<char *> pointersTo(std::vector<std::string> &strings)
{
    std::vector<char *> out;
    out.reserve(strings.size() + 1);
    for (std::string &s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

/// Points stdout and stderr at `path`; in the child, so async-signal-safe.
bool redirectOutput(const char *path)
{
    const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return false;
    const bool redirected = dup2(fd, 1) >= 0 && dup2(fd, 2) >= 0;
    const int error = errno;
    if (fd > 2)
        close(fd);
    errno = error;
    return redirected;
}

/// Points stdin at `path`; in the child, so async-signal-safe.
bool redirectInput(const char *path)
{
    const int fd = open(path, O_RDONLY);
    if (fd < 0)
        return false;
    const bool redirected = dup2(fd, 0) >= 0;
    const int error = errno;
    if (fd > 0)
        close(fd);
    errno = error;
    return redirected;
}

/// Where the child's stdin and its output go; null: where ours go.
struct Redirections
{
    const char *input;
    const char *output;
};

/// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void becomeProgram(int go, int errorPipe, pid_t recorder, const char *folder,
                                Redirections redirect, char *const argv[], char *const envp[])
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != recorder)
        _exit(127);
    // The recorder may block or ignore signals (its Ctrl+C watcher); the program must not
    // inherit that.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int s = 1; s < NSIG; ++s)
        signal(s, SIG_DFL);
    char byte = 0;
    ssize_t got;
    do
        got = read(go, &byte, 1);
    while (got < 0 && errno == EINTR);
    if (got != 1)
        _exit(127);
    StartFailure failure{};
    int status = 127;
    if (folder && chdir(folder) != 0) {
        failure = {StartFailure::ChangeFolder, errno, StartFailure::Unknown};
    } else if (redirect.input && !redirectInput(redirect.input)) {
        failure = {StartFailure::OpenInput, errno, StartFailure::Unknown};
    } else if (redirect.output && !redirectOutput(redirect.output)) {
        failure = {StartFailure::OpenOutput, errno, StartFailure::Unknown};
    } else {
        execvpe(argv[0], argv, envp);
        failure = {StartFailure::Exec, errno, StartFailure::Unknown};
        status = startFailureStatus(failure.error);
        struct stat file
        {};
        if (failure.error == EACCES && std::strchr(argv[0], '/') && stat(argv[0], &file) == 0)
            failure.found = S_ISDIR(file.st_mode)    ? StartFailure::Folder
                            : !(file.st_mode & 0111) ? StartFailure::NotExecutable
                                                     : StartFailure::Unknown;
    }
    [[maybe_unused]] const ssize_t written = write(errorPipe, &failure, sizeof failure);
    _exit(status);
}

/// A process as /proc shows it: its parent, and whether it has ended but is not yet reaped.
struct ProcessEntry
{
    pid_t parent = 0;
    bool zombie = false;
};

/// Every process, from /proc.
std::map<pid_t, ProcessEntry> allProcesses()
{
    std::map<pid_t, ProcessEntry> processes;
    DIR *proc = opendir("/proc");
    if (!proc)
        return processes;
    while (const dirent *entry = readdir(proc)) {
        char *end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
            continue;
        std::ifstream stat(std::string("/proc/") + entry->d_name + "/stat");
        std::string text;
        std::getline(stat, text);
        // "pid (name) state ppid …"; the name may hold spaces and parentheses.
        const size_t close = text.rfind(')');
        if (close == std::string::npos || close + 4 >= text.size())
            continue;
        processes[pid_t(pid)] = {pid_t(std::atol(text.c_str() + close + 4)),
                                 text[close + 2] == 'Z'};
    }
    closedir(proc);
    return processes;
}

/// Every process below `root`.
std::vector<pid_t> descendantsOf(pid_t root, const std::map<pid_t, ProcessEntry> &processes)
{
    std::vector<pid_t> out;
    for (const auto &[pid, process] : processes) {
        pid_t up = process.parent;
        for (int depth = 0; up > 1 && up != root && depth < 4096; ++depth) {
            const auto it = processes.find(up);
            up = it == processes.end() ? 0 : it->second.parent;
        }
        if (up == root)
            out.push_back(pid);
    }
    return out;
}

} // namespace

std::string ProgramExit::describe() const
{
    if (signal) {
        const char *name = sigabbrev_np(signal);
        return std::string("killed by SIG") + (name ? name : std::to_string(signal).c_str()) + " ("
               + strsignal(signal) + ")";
    }
    return "exited with status " + std::to_string(code);
}

Result<LaunchedProgram> LaunchedProgram::startPaused(const ProgramSpec &spec)
{
    if (spec.argv.empty() || spec.argv.front().empty())
        return Error{"no command to run"};
    // Orphans of the program (a double-forked daemon, workers whose parent died) come to us
    // rather than to init, so that they can be found and stopped.
    prctl(PR_SET_CHILD_SUBREAPER, 1);

    std::vector<std::string> argv = spec.argv;
    std::vector<std::string> environment = environmentWith(spec.environment);
    const std::vector<char *> argvPointers = pointersTo(argv);
    const std::vector<char *> envPointers = pointersTo(environment);
    const char *folder = spec.workingDirectory.empty() ? nullptr : spec.workingDirectory.c_str();
    const Redirections redirect{spec.inputFile.empty() ? nullptr : spec.inputFile.c_str(),
                                spec.outputFile.empty() ? nullptr : spec.outputFile.c_str()};

    int go[2];
    int errors[2];
    if (pipe2(go, O_CLOEXEC) != 0)
        return Error{std::string("cannot start ") + argv[0] + ": pipe: " + std::strerror(errno)};
    if (pipe2(errors, O_CLOEXEC) != 0) {
        const int error = errno;
        close(go[0]);
        close(go[1]);
        return Error{std::string("cannot start ") + argv[0] + ": pipe: " + std::strerror(error)};
    }
    const pid_t recorder = getpid();
    const pid_t pid = fork();
    if (pid == 0) {
        close(go[1]);
        close(errors[0]);
        becomeProgram(go[0], errors[1], recorder, folder, redirect, argvPointers.data(),
                      envPointers.data());
    }
    const int forkError = errno;
    close(go[0]);
    close(errors[1]);
    if (pid < 0) {
        close(go[1]);
        close(errors[0]);
        return Error{std::string("cannot start ") + argv[0]
                     + ": fork: " + std::strerror(forkError)};
    }
    return LaunchedProgram(pid, go[1], errors[0]);
}

LaunchedProgram::LaunchedProgram(pid_t pid, int go, int execError)
    : m_pid(pid)
    , m_pidfd(openPidfd(pid))
    , m_go(go)
    , m_execError(execError)
{
}

LaunchedProgram::LaunchedProgram(LaunchedProgram &&other) noexcept
    : m_pid(std::exchange(other.m_pid, -1))
    , m_pidfd(std::exchange(other.m_pidfd, -1))
    , m_go(std::exchange(other.m_go, -1))
    , m_execError(std::exchange(other.m_execError, -1))
    , m_exit(std::exchange(other.m_exit, std::nullopt))
{
}

LaunchedProgram::~LaunchedProgram()
{
    // A program never let go reads EOF and exits; one still running is killed with its tree.
    closeIfOpen(m_go);
    closeIfOpen(m_execError);
    if (m_pid > 0)
        stopLeftovers(std::chrono::milliseconds(0));
    closeIfOpen(m_pidfd);
}

Status LaunchedProgram::proceed()
{
    if (m_go < 0)
        return Error{"the program was already started"};
    const char byte = 1;
    const bool sent = write(m_go, &byte, 1) == 1;
    closeIfOpen(m_go);
    StartFailure failure{};
    ssize_t got;
    do
        got = read(m_execError, &failure, sizeof failure);
    while (got < 0 && errno == EINTR);
    closeIfOpen(m_execError);
    if (got == 0 && sent)
        return {};
    m_exit = wait();
    if (got != ssize_t(sizeof failure))
        return Error{"the program ended before it could start (" + m_exit->describe() + ")"};
    const char *what = failure.stage == StartFailure::ChangeFolder
                           ? "cannot change to the working folder: "
                       : failure.stage == StartFailure::OpenInput  ? "cannot open the input file: "
                       : failure.stage == StartFailure::OpenOutput ? "cannot open the output file: "
                                                                   : "cannot run it: ";
    const char *found = failure.found == StartFailure::Folder ? " (it is a folder)"
                        : failure.found == StartFailure::NotExecutable
                            ? " (it is not executable: chmod +x, or run it with its interpreter)"
                            : "";
    return Error{what + std::string(std::strerror(failure.error)) + found};
}

std::optional<ProgramExit> LaunchedProgram::poll()
{
    if (m_exit || m_pid <= 0)
        return m_exit;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid)
        m_exit = exitFrom(status);
    return m_exit;
}

ProgramExit LaunchedProgram::wait()
{
    if (m_exit || m_pid <= 0)
        return m_exit.value_or(ProgramExit{});
    int status = 0;
    pid_t got;
    do
        got = waitpid(m_pid, &status, 0);
    while (got < 0 && errno == EINTR);
    m_exit = got == m_pid ? exitFrom(status) : ProgramExit{127, 0};
    return *m_exit;
}

void LaunchedProgram::interrupt() const
{
    if (m_pid > 0 && !m_exit)
        kill(m_pid, SIGINT);
}

size_t LaunchedProgram::running() const
{
    const std::map<pid_t, ProcessEntry> processes = allProcesses();
    const std::vector<pid_t> below = descendantsOf(getpid(), processes);
    return size_t(std::count_if(below.begin(), below.end(),
                                [&](pid_t pid) { return !processes.at(pid).zombie; }));
}

std::vector<pid_t> LaunchedProgram::stopLeftovers(std::chrono::milliseconds grace)
{
    const pid_t self = getpid();
    const auto reap = [&](pid_t pid) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid && pid == m_pid)
            m_exit = exitFrom(status);
    };
    // Ended processes not yet reaped (a daemon's first fork, which its parent never waited
    // for) were not left running: they are reaped, not counted.
    std::map<pid_t, ProcessEntry> processes = allProcesses();
    std::vector<pid_t> left;
    for (const pid_t pid : descendantsOf(self, processes)) {
        const ProcessEntry &process = processes.at(pid);
        if (!process.zombie)
            left.push_back(pid);
        else if (process.parent == self)
            reap(pid);
    }
    const std::vector<pid_t> found = left;
    const auto signalAll = [&](int signal) {
        for (const pid_t pid : left)
            kill(pid, signal);
    };
    // Reaps our own children among them (orphans were reparented to us) and looks again.
    const auto settle = [&] {
        for (const pid_t pid : left)
            reap(pid);
        left = descendantsOf(self, allProcesses());
        return left.empty();
    };
    if (left.empty())
        return found;
    const auto step = std::chrono::milliseconds(5);
    if (grace.count() > 0) {
        signalAll(SIGTERM);
        for (auto waited = std::chrono::milliseconds(0); waited < grace && !settle();
             waited += step)
            std::this_thread::sleep_for(step);
    }
    // SIGKILL cannot be refused; a process in uninterruptible sleep still dies on its return.
    for (int round = 0; round < 400 && !left.empty(); ++round) {
        signalAll(SIGKILL);
        if (!settle())
            std::this_thread::sleep_for(step);
    }
    return found;
}

} // namespace corescope
