// SPDX-License-Identifier: MIT
#pragma once

#include "engine/models/simulatedgil.h"
#include "engine/taskcontext.h"

namespace corescope {

/// What a thread under the GIL does at its checkpoints and blocking calls: holds the lock while
/// it computes, lets it go around blocking calls and on request (the gil and thread-pool models).
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

} // namespace corescope
