// SPDX-License-Identifier: MIT
#pragma once

#include "engine/capture/threadcapture.h"

#include <atomic>

namespace corescope {

/// Exact capture from the kernel's context-switch records (perf_event_open with context_switch),
/// which an unprivileged process may open on its own threads where perf_event_paranoid <= 2.
class PerfBackend final : public CaptureBackend
{
public:
    /// Nothing, or why this process may not open context-switch records.
    [[nodiscard]] static Status probe();

    using CaptureBackend::CaptureBackend;

    [[nodiscard]] CaptureMethod method() const override { return CaptureMethod::Perf; }
    [[nodiscard]] int64_t precisionNs() const override { return 1'000; }
    /// Falls back to CPU-clock sampling for a thread whose ring buffer the kernel will not map
    /// (the locked-memory limit), and counts such threads.
    [[nodiscard]] std::unique_ptr<ThreadCapture> startThread(EventLog &log) const override;
    [[nodiscard]] int fallbackThreads() const override { return m_fallbacks.load(); }

private:
    mutable std::atomic<int> m_fallbacks{0};
};

} // namespace corescope
