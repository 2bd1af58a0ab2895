// SPDX-License-Identifier: MIT
#include "engine/models/mainthreadwork.h"

#include "engine/executionmodel.h"
#include "engine/runspec.h"
#include "engine/workloads/cpuburst.h"

namespace corescope {

ParamSpec MainThreadWork::param()
{
    return ParamSpec{.name = kParam,
                     .type = ParamSpec::Type::Integer,
                     .defaultValue = "0",
                     .minimum = 0,
                     .maximum = 10'000,
                     .unit = "ms",
                     .description = "CPU time the main thread spends computing while the workers "
                                    "run, as in the course's slow system calls (0: it only waits "
                                    "for them)"};
}

MainThreadWork::MainThreadWork(RunSetup &setup, ThreadHooks &hooks)
    : m_setup(setup)
    , m_hooks(hooks)
{
    if (setup.spec.params.values().count(kParam))
        m_cpuNs = setup.spec.params.integer(kParam) * 1'000'000;
    if (m_cpuNs <= 0)
        return;
    m_ctx.emplace(setup.engineLog, setup.control, hooks, setup.engineCapture, setup.cancelFd);
    m_hooks.threadStarted(*m_ctx);
}

MainThreadWork::~MainThreadWork()
{
    if (m_ctx)
        m_hooks.threadFinishing(*m_ctx); // releases what run() did not (it never ran)
}

void MainThreadWork::run()
{
    if (!m_ctx)
        return;
    m_setup.engineLog.record(EventKind::MainWork, 0, 0);
    try {
        (void)computeFor(*m_ctx, 0, m_cpuNs);
    } catch (const RunCancelled &) {
        // The span ends here; the workers stop at their own next checkpoint.
    }
    m_setup.engineLog.record(EventKind::MainWork, 0, 1);
    m_hooks.threadFinishing(*m_ctx);
    m_ctx.reset();
}

} // namespace corescope
