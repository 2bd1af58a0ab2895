// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace corescope {

/// Turns Ctrl+C (SIGINT) and SIGTERM into calls of `onInterrupt` on a thread of its own, for as
/// long as it lives: one at the signal, then one every 100 ms until the watcher ends, so
/// `onInterrupt` must be safe to call again (Engine::cancel() and SweepRunner::cancel() are). The
/// signals are blocked in every thread started meanwhile, so no worker is interrupted mid-call;
/// the watcher alone receives them with sigtimedwait().
class InterruptWatcher
{
public:
    explicit InterruptWatcher(std::function<void()> onInterrupt);
    ~InterruptWatcher();
    InterruptWatcher(const InterruptWatcher &) = delete;
    InterruptWatcher &operator=(const InterruptWatcher &) = delete;

    [[nodiscard]] bool interrupted() const { return m_interrupted.load(); }

private:
    std::function<void()> m_onInterrupt;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_interrupted{false};
    std::thread m_thread;
};

} // namespace corescope
