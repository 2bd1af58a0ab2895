// SPDX-License-Identifier: MIT
#include "engine/spawnedprocess.h"

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

std::string SpawnedProcess::workerExecutable()
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

Result<SpawnedProcess> SpawnedProcess::spawn(const Launch &launch)
{
    const bool worker = launch.executable.empty();
    const std::string executable = worker ? workerExecutable() : launch.executable;
    if (worker && access(executable.c_str(), X_OK) != 0)
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
        return Error{"cannot pass file descriptors to " + executable + ": " + std::strerror(errno)};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // The output first: it may sit where a handed-over fd goes.
    if (launch.output >= 0) {
        posix_spawn_file_actions_adddup2(&actions, launch.output, 1);
        posix_spawn_file_actions_adddup2(&actions, launch.output, 2);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    }
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

    // A bare name is looked up in PATH, as a shell and subprocess.run do.
    pid_t pid = -1;
    const auto start = executable.find('/') == std::string::npos ? posix_spawnp : posix_spawn;
    const int error = start(&pid, executable.c_str(), &actions, &attributes, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    closeSources();
    if (error != 0)
        return Error{"cannot start " + executable + ": " + std::strerror(error)};
    return SpawnedProcess(pid);
}

SpawnedProcess::SpawnedProcess(pid_t pid)
    : m_pid(pid)
    , m_exitFd(int(syscall(SYS_pidfd_open, pid, 0)))
{
}

SpawnedProcess::SpawnedProcess(SpawnedProcess &&other) noexcept
    : m_pid(std::exchange(other.m_pid, -1))
    , m_exitFd(std::exchange(other.m_exitFd, -1))
    , m_status(other.m_status)
    , m_cpuNs(other.m_cpuNs)
{
}

SpawnedProcess::~SpawnedProcess()
{
    if (m_pid > 0 && !m_status) {
        kill();
        wait();
    }
    if (m_exitFd >= 0)
        close(m_exitFd);
}

std::optional<int> SpawnedProcess::poll()
{
    if (!m_status && m_pid > 0) {
        int status = 0;
        rusage usage{};
        if (wait4(m_pid, &status, WNOHANG, &usage) == m_pid)
            reaped(status, usage);
    }
    return m_status;
}

void SpawnedProcess::reaped(int status, const rusage &usage)
{
    m_status = status;
    const auto ns = [](const timeval &t) {
        return int64_t(t.tv_sec) * 1'000'000'000 + t.tv_usec * 1000;
    };
    m_cpuNs = ns(usage.ru_utime) + ns(usage.ru_stime);
}

std::optional<int64_t> SpawnedProcess::cpuNs() const
{
    return m_status ? std::optional<int64_t>(m_cpuNs) : std::nullopt;
}

void SpawnedProcess::kill()
{
    if (m_pid > 0 && !m_status)
        ::kill(m_pid, SIGKILL);
}

int SpawnedProcess::wait()
{
    while (!m_status && m_pid > 0) {
        int status = 0;
        rusage usage{};
        const pid_t result = wait4(m_pid, &status, 0, &usage);
        if (result == m_pid)
            reaped(status, usage);
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
