// SPDX-License-Identifier: MIT
#include "engine/models/workerprocess.h"

#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <utility>

extern char **environ;

namespace corescope {

std::string WorkerProcess::executablePath()
{
    if (const char *overridden = std::getenv("CORESCOPE_WORKER"); overridden && *overridden)
        return overridden;
    char self[PATH_MAX] = {};
    const ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
    std::string path = length > 0 ? std::string(self, size_t(length)) : std::string();
    const auto slash = path.rfind('/');
    return (slash == std::string::npos ? std::string(".") : path.substr(0, slash))
           + "/corescope-worker";
}

Result<WorkerProcess> WorkerProcess::spawn(const Launch &launch)
{
    const std::string executable = executablePath();
    if (access(executable.c_str(), X_OK) != 0)
        return Error{"worker executable " + executable + ": " + std::strerror(errno)};

    std::vector<std::string> argv{executable};
    argv.insert(argv.end(), launch.arguments.begin(), launch.arguments.end());
    std::vector<char *> cargv;
    for (auto &argument : argv)
        cargv.push_back(argument.data());
    cargv.push_back(nullptr);

    // The fds to hand over may themselves sit at 3, 4, 5…: dup2 in order would overwrite one
    // before it is copied. Copies above the target range make the order harmless.
    const int firstFree = int(3 + launch.fds.size());
    std::vector<int> sources;
    for (int fd : launch.fds)
        sources.push_back(fcntl(fd, F_DUPFD_CLOEXEC, firstFree));
    const auto closeSources = [&] {
        for (int fd : sources) {
            if (fd >= 0)
                close(fd);
        }
    };
    if (std::find(sources.begin(), sources.end(), -1) != sources.end()) {
        closeSources();
        return Error{std::string("cannot pass file descriptors to the worker: ")
                     + std::strerror(errno)};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (size_t i = 0; i < sources.size(); ++i)
        posix_spawn_file_actions_adddup2(&actions, sources[i], int(3 + i));

    // Own process group: a Ctrl+C in the terminal reaches the parent, which cancels and kills its
    // children itself. Default signal handling and an empty mask, whatever the parent set up.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                                              | POSIX_SPAWN_SETPGROUP);

    pid_t pid = -1;
    const int error =
        posix_spawn(&pid, executable.c_str(), &actions, &attributes, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    closeSources();
    if (error != 0)
        return Error{"cannot start " + executable + ": " + std::strerror(error)};
    return WorkerProcess(pid);
}

WorkerProcess::WorkerProcess(pid_t pid)
    : m_pid(pid)
    , m_exitFd(int(syscall(SYS_pidfd_open, pid, 0)))
{
}

WorkerProcess::WorkerProcess(WorkerProcess &&other) noexcept
    : m_pid(std::exchange(other.m_pid, -1))
    , m_exitFd(std::exchange(other.m_exitFd, -1))
    , m_status(other.m_status)
{
}

WorkerProcess::~WorkerProcess()
{
    if (m_pid > 0 && !m_status) {
        kill();
        wait();
    }
    if (m_exitFd >= 0)
        close(m_exitFd);
}

std::optional<int> WorkerProcess::poll()
{
    if (!m_status && m_pid > 0) {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid)
            m_status = status;
    }
    return m_status;
}

void WorkerProcess::kill()
{
    if (m_pid > 0 && !m_status)
        ::kill(m_pid, SIGKILL);
}

int WorkerProcess::wait()
{
    while (!m_status && m_pid > 0) {
        int status = 0;
        const pid_t result = waitpid(m_pid, &status, 0);
        if (result == m_pid)
            m_status = status;
        else if (result < 0 && errno != EINTR)
            m_status = 0;
    }
    return m_status.value_or(0);
}

std::string describeWaitStatus(int status)
{
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        const char *name = strsignal(signal);
        return "was killed by signal " + std::to_string(signal) + " (" + (name ? name : "?") + ")";
    }
    if (WIFEXITED(status))
        return "exited with code " + std::to_string(WEXITSTATUS(status));
    return "ended with status " + std::to_string(status);
}

} // namespace corescope
