// SPDX-License-Identifier: MIT
#pragma once

#include "engine/workloads/uniquefd.h"
#include "result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>

namespace corescope {

/// The net workload's far end: a TCP server on 127.0.0.1 (an ephemeral port) that answers each
/// fixed-size request after a fixed delay. One thread and one poll() loop serve every connection,
/// so its cost does not grow with the number of tasks. The destructor stops and joins it.
class LoopbackServer
{
public:
    static constexpr size_t kMessageBytes = sizeof(uint64_t);
    /// Connections served at once; more wait in the listen backlog.
    static constexpr size_t kMaxConnections = 1024;

    /// Binds, listens and starts the serving thread; the error names the call that failed.
    [[nodiscard]] static Result<std::unique_ptr<LoopbackServer>> start(int64_t delayNs);

    ~LoopbackServer();
    LoopbackServer(const LoopbackServer &) = delete;
    LoopbackServer &operator=(const LoopbackServer &) = delete;

    /// The port it listens on, in host byte order.
    [[nodiscard]] uint16_t port() const { return m_port; }

    /// The reply to a request: what a client expects back, in the machine's byte order.
    [[nodiscard]] static uint64_t answer(uint64_t request)
    {
        return (request ^ 0x5DEECE66D) * 0x9E3779B97F4A7C15 + 11;
    }

private:
    LoopbackServer(UniqueFd listener, UniqueFd wake, uint16_t port, int64_t delayNs);
    void serve();

    UniqueFd m_listener;
    UniqueFd m_wake; ///< an eventfd; readable means "stop"
    uint16_t m_port;
    int64_t m_delayNs;
    std::thread m_thread;
};

} // namespace corescope
