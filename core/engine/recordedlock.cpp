// SPDX-License-Identifier: MIT
#include "engine/recordedlock.h"

#include "engine/taskcontext.h"

namespace corescope {

void RecordedLock::lock(TaskContext &ctx)
{
    const auto acquired = [&] {
        ctx.log().record(EventKind::LockAcquire, m_id,
                         uint32_t(m_lastHolder.load(std::memory_order_relaxed)));
    };
    if (m_mutex.try_lock())
        acquired();
    else
        ctx.waitForLock(
            m_id, [this] { m_mutex.lock(); }, acquired);
}

void RecordedLock::unlock(TaskContext &ctx)
{
    m_lastHolder.store(ctx.log().tid(), std::memory_order_relaxed);
    ctx.log().record(EventKind::LockRelease, m_id);
    m_mutex.unlock();
}

} // namespace corescope
