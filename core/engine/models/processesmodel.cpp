// SPDX-License-Identifier: MIT
#include "engine/models/processesmodel.h"

#include "engine/models/workerprocess.h"
#include "engine/recorder.h"
#include "engine/runcontrol.h"
#include "engine/runspec.h"
#include "engine/workerinvocation.h"
#include "engine/workload.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

namespace corescope {
namespace {

constexpr auto kReapInterval = std::chrono::milliseconds(2);

} // namespace

Status ProcessesModel::execute(RunSetup &setup) const
{
    WorkerInvocation invocation;
    invocation.parent = getpid();
    invocation.workload = std::string(setup.spec.workload->name());
    invocation.params = setup.spec.params.values();
    for (const auto &[key, value] : setup.workload.childParams())
        invocation.params[key] = value;
    invocation.capture = setup.capture.method();
    invocation.calibration = setup.capture.calibration();
    invocation.controlBytes = setup.controlBytes;

    std::vector<WorkerProcess> children;
    children.reserve(setup.spec.workers);
    for (uint32_t i = 0; i < setup.spec.workers && !setup.control.cancelled.load(); ++i) {
        auto log = setup.recorder.addSharedLog("process-" + std::to_string(i + 1));
        if (!log)
            return Error{log.error()};
        invocation.index = i;
        invocation.logBytes = log.value().bytes;
        const uint64_t spawnTicks = Clock::now();
        auto child = WorkerProcess::spawn(
            {invocation.toArguments(), {setup.controlFd, log.value().fd, setup.cancelFd}});
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
    for (size_t alive = children.size(); alive > 0;) {
        if (setup.control.cancelled.load()) {
            for (auto &child : children)
                child.kill();
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
                if (!normal && !setup.control.cancelled.load())
                    setup.report("worker process " + std::to_string(i + 1) + " (pid "
                                 + std::to_string(children[i].pid()) + ") "
                                 + describeWaitStatus(*status));
            }
        }
        if (alive > 0)
            std::this_thread::sleep_for(kReapInterval);
    }
    setup.waitForWorkers(false);
    return {};
}

} // namespace corescope
