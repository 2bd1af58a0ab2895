// SPDX-License-Identifier: MIT
#include "cli/interruptwatcher.h"

#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace corescope {
namespace {

sigset_t interruptSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

} // namespace

InterruptWatcher::InterruptWatcher(std::function<void()> onInterrupt)
    : m_onInterrupt(std::move(onInterrupt))
{
    const sigset_t signals = interruptSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    m_thread = std::thread([this, signals] {
        const timespec tick{0, 100'000'000};
        while (!m_stop.load()) {
            if (sigtimedwait(&signals, nullptr, &tick) > 0)
                m_interrupted = true;
            // Again at every tick once interrupted: a run that started just after the signal
            // (whose engine had nothing to cancel yet) is stopped too, within a tick.
            if (m_interrupted.load())
                m_onInterrupt();
        }
    });
}

InterruptWatcher::~InterruptWatcher()
{
    m_stop = true;
    m_thread.join();
    const sigset_t signals = interruptSignals();
    pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
}

} // namespace corescope
