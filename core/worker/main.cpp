// SPDX-License-Identifier: MIT
// corescope-worker: runs tasks of one workload for a parent CoreScope, recording into the event
// log and taking tasks from the RunControl that the parent shares with it (see WorkerInvocation).

#include "engine/capture/threadcapture.h"
#include "engine/eventlog.h"
#include "engine/mappedmemory.h"
#include "engine/recorder.h"
#include "engine/runcontrol.h"
#include "engine/taskcontext.h"
#include "engine/workerinvocation.h"
#include "engine/workerloop.h"
#include "engine/workload.h"

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

using namespace corescope;

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 3;

int fail(int code, const std::string &message)
{
    std::fprintf(stderr, "corescope-worker: %s\n", message.c_str());
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    const auto parsed = WorkerInvocation::parse(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed)
        return fail(kExitUsage, parsed.error()
                                    + "\n(corescope-worker is started by CoreScope's processes "
                                      "model, not by hand)");
    const WorkerInvocation &invocation = parsed.value();

    // Die with the parent, even if it is killed; and notice if it is already gone.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != invocation.parent)
        return fail(kExitFailure, "the parent process is gone");

    Clock::adopt(invocation.calibration);
    auto controlMemory =
        MappedMemory::attach(WorkerInvocation::kControlFd, invocation.controlBytes);
    auto logMemory = MappedMemory::attach(WorkerInvocation::kLogFd, invocation.logBytes);
    if (!controlMemory || !logMemory)
        return fail(kExitFailure, controlMemory ? logMemory.error() : controlMemory.error());
    auto log = EventLog::open(logMemory.value().data(), logMemory.value().size());
    if (!log || controlMemory.value().size() < sizeof(RunControl))
        return fail(kExitFailure, "the shared memory handed over is not a CoreScope run");
    log->setOwner(getpid(), currentTid());
    auto &control = *static_cast<RunControl *>(controlMemory.value().data());

    const Workload *workload = WorkloadRegistry::instance().find(invocation.workload);
    if (!workload)
        return fail(kExitFailure, "unknown workload '" + invocation.workload + "'");
    auto params = ParamSet::validate(workload->params(), invocation.params);
    if (!params)
        return fail(kExitFailure, params.error());
    auto prepared = workload->prepare(params.value(), control.taskCount, true);
    if (!prepared)
        return fail(kExitFailure, prepared.error());
    auto capture = CaptureBackend::create(invocation.capture, invocation.calibration);
    if (!capture)
        return fail(kExitFailure, capture.error());
    log->record(EventKind::ChildReady, 0, invocation.index);

    ThreadHooks ownProcess; // its own interpreter: nothing to share, no lock to take
    WorkerLoop(*log, control, *prepared.value(), ownProcess, *capture.value(),
               WorkerInvocation::kCancelFd, nullptr)
        .run();
    return 0;
}
