// SPDX-License-Identifier: MIT
#include "engine/models/workerthreads.h"

#include "engine/executionmodel.h"
#include "engine/models/mainthreadwork.h"
#include "engine/recorder.h"
#include "engine/workerloop.h"

#include <pthread.h>

#include <string>
#include <thread>
#include <vector>

namespace corescope {

Status runWorkerThreads(RunSetup &setup, uint32_t workers, ThreadHooks &hooks,
                        std::string_view prefix)
{
    MainThreadWork mainWork(setup, hooks);
    std::vector<std::thread> threads;
    threads.reserve(workers);
    std::string failure;
    std::mutex failureMutex;
    for (uint32_t i = 0; i < workers; ++i) {
        const std::string name = std::string(prefix) + "-" + std::to_string(i + 1);
        threads.emplace_back([&setup, &hooks, &failure, &failureMutex, name] {
            pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
            auto log = setup.recorder.addThreadLog(name);
            if (!log) {
                std::lock_guard lock(failureMutex);
                failure = log.error();
                return;
            }
            WorkerLoop(*log.value(), setup.control, setup.workload, hooks, setup.capture,
                       setup.cancelFd, &setup.recorder)
                .run();
        });
    }
    mainWork.run();
    setup.waitForWorkers(true);
    for (auto &thread : threads)
        thread.join();
    setup.waitForWorkers(false);
    if (!failure.empty())
        return Error{failure};
    return {};
}

} // namespace corescope
