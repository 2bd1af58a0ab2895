// SPDX-License-Identifier: MIT
#include "engine/models/gilmodel.h"

#include "engine/models/mainthreadwork.h"
#include "engine/models/simulatedgil.h"
#include "engine/models/workerthreads.h"
#include "engine/runspec.h"
#include "engine/taskcontext.h"

namespace corescope {
namespace {

constexpr const char *kSwitchInterval = "switch_interval_ms";

/// Holds the GIL while the thread computes; lets it go around blocking calls and on request.
class GilHooks final : public ThreadHooks
{
public:
    explicit GilHooks(SimulatedGil &gil)
        : m_gil(gil)
    {
    }

    void threadStarted(TaskContext &ctx) override { m_gil.acquire(ctx); }
    void threadFinishing(TaskContext &ctx) override { m_gil.releaseIfHeld(ctx); }
    void attend(TaskContext &ctx) override
    {
        if (m_gil.dropRequested()) {
            m_gil.release(ctx, true);
            m_gil.acquire(ctx);
        }
    }
    void beforeBlocking(TaskContext &ctx) override { m_gil.release(ctx, false); }
    void afterBlocking(TaskContext &ctx) override { m_gil.acquire(ctx); }

private:
    SimulatedGil &m_gil;
};

} // namespace

std::vector<ParamSpec> GilModel::params() const
{
    return {{kSwitchInterval, ParamSpec::Type::Real, "5", 0.05, 1000, "ms",
             "How long a waiting thread lets the holder run before asking it to drop the lock "
             "(CPython's sys.setswitchinterval)"},
            MainThreadWork::param()};
}

Status GilModel::execute(RunSetup &setup) const
{
    const auto interval =
        std::chrono::nanoseconds(int64_t(setup.spec.params.real(kSwitchInterval) * 1e6));
    SimulatedGil gil(setup.control, interval);
    GilHooks hooks(gil);
    return runWorkerThreads(setup, setup.spec.workers, hooks, "gil-thread");
}

} // namespace corescope
