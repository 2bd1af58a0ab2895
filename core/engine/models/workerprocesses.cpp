// SPDX-License-Identifier: MIT
#include "engine/models/workerprocesses.h"

#include "engine/executionmodel.h"
#include "engine/recorder.h"
#include "engine/runcontrol.h"
#include "engine/runspec.h"
#include "engine/spawnedprocess.h"
#include "engine/workerinvocation.h"
#include "engine/workload.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

namespace corescope {
namespace {

// How often to look when a child has no exit fd (a kernel without pidfd_open).
constexpr int kReapIntervalMs = 2;

/// Sleeps until a running child exits or, unless the children are already killed, the run is
/// cancelled: no polling, so the parent stays off the cores while its children work, and each
/// exit is recorded when it happens.
void waitForAnExit(const std::vector<SpawnedProcess> &children, const std::vector<bool> &reaped,
                   int cancelFd, bool killed)
{
    std::vector<pollfd> fds;
    bool blind = false; // a child whose exit only poll() can see
    for (size_t i = 0; i < children.size(); ++i) {
        if (reaped[i])
            continue;
        if (children[i].exitFd() < 0)
            blind = true;
        else
            fds.push_back({children[i].exitFd(), POLLIN, 0});
    }
    if (!killed)
        fds.push_back({cancelFd, POLLIN, 0});
    (void)::poll(fds.data(), nfds_t(fds.size()), blind ? kReapIntervalMs : -1);
}

} // namespace

Status runWorkerProcesses(RunSetup &setup, uint32_t workers)
{
    WorkerInvocation invocation;
    invocation.parent = getpid();
    invocation.workload = std::string(setup.spec.workload->name());
    // The workload's parameters only: the model's (a pool's chunksize) stay with the parent.
    for (const ParamSpec &param : setup.spec.workload->params())
        invocation.params[param.name] = setup.spec.params.values().at(param.name);
    for (const auto &[key, value] : setup.workload.childParams())
        invocation.params[key] = value;
    invocation.capture = setup.capture.method();
    invocation.calibration = setup.capture.calibration();
    invocation.controlBytes = setup.controlBytes;

    std::vector<SpawnedProcess> children;
    children.reserve(workers);
    for (uint32_t i = 0; i < workers && !setup.control.cancelled.load(); ++i) {
        auto log = setup.recorder.addSharedLog("process-" + std::to_string(i + 1));
        if (!log)
            return Error{log.error()};
        invocation.index = i;
        invocation.logBytes = log.value().bytes;
        const uint64_t spawnTicks = Clock::now();
        auto child = SpawnedProcess::spawn(
            {{}, invocation.toArguments(), {setup.controlFd, log.value().fd, setup.cancelFd}});
        if (!child) {
            setup.control.cancel();
            return Error{child.error()};
        }
        setup.engineLog.append(Event{spawnTicks, uint64_t(child.value().pid()), i,
                                     EventLog::currentCore(), EventKind::ChildSpawn, 0});
        children.push_back(std::move(child).value());
    }

    // Reap children as they exit; on cancel, kill every one still running.
    setup.waitForWorkers(true);
    std::vector<bool> reaped(children.size(), false);
    bool killed = false;
    for (size_t alive = children.size(); alive > 0;) {
        if (!killed && setup.control.cancelled.load()) {
            for (auto &child : children)
                child.kill();
            killed = true;
        }
        for (size_t i = 0; i < children.size(); ++i) {
            if (reaped[i])
                continue;
            if (const auto status = children[i].poll()) {
                reaped[i] = true;
                --alive;
                setup.engineLog.record(EventKind::ChildExit, uint64_t(children[i].pid()),
                                       uint32_t(*status));
                const bool normal = WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
                if (!normal && !setup.control.cancelled.load()) {
                    setup.report("worker process " + std::to_string(i + 1) + " (pid "
                                 + std::to_string(children[i].pid()) + ") "
                                 + describeWaitStatus(*status));
                    // Its tasks will never finish: a pool's idle workers must not wait for them.
                    setup.control.releaseLingeringWorkers();
                }
            }
        }
        if (alive > 0)
            waitForAnExit(children, reaped, setup.cancelFd, killed);
    }
    setup.waitForWorkers(false);
    return {};
}

} // namespace corescope
