// SPDX-License-Identifier: MIT
#include "engine/workloads/networkload.h"

#include "engine/loop/eventloop.h"
#include "engine/taskcontext.h"
#include "engine/workloads/loopbackserver.h"
#include "engine/workloads/uniquefd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace corescope {
namespace {

// What runTask() returns when a connection or a round trip failed; verify() never expects it.
constexpr uint64_t kFailed = 0;

// Every request of every task is different, so a reply meant for someone else is noticed.
uint64_t requestKey(uint32_t task, uint64_t request)
{
    return (uint64_t(task) << 32 | request) + 0x243F6A8885A308D3;
}

uint64_t mix(uint64_t checksum, uint64_t reply)
{
    return (checksum ^ reply) * 0x100000001B3 + 7;
}

class PreparedNet final : public PreparedWorkload
{
public:
    PreparedNet(std::unique_ptr<LoopbackServer> server, uint16_t port, uint64_t requests,
                int64_t delayMs)
        : m_server(std::move(server))
        , m_port(port)
        , m_requests(requests)
        , m_delayMs(delayMs)
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        const UniqueFd connection = connectToServer(ctx);
        if (!connection)
            return kFailed;
        uint64_t checksum = 0;
        for (uint64_t request = 0; request < m_requests; ++request) {
            ctx.checkpoint();
            uint64_t key = requestKey(task, request);
            uint64_t reply = 0;
            if (!transfer(ctx, connection.get(), &key, sizeof key, true)
                || !transfer(ctx, connection.get(), &reply, sizeof reply, false))
                return kFailed;
            checksum = mix(checksum, reply);
        }
        return checksum;
    }

    /// The same round trips on a non-blocking socket, awaiting it between system calls.
    LoopTask runOnLoop(EventLoop &loop, uint32_t task) override
    {
        UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        const int on = 1;
        if (!fd || ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0)
            co_return kFailed;
        const sockaddr_in address = serverAddress();
        if (::connect(fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address)
            != 0) {
            if (errno != EINPROGRESS)
                co_return kFailed;
            co_await loop.writable(fd.get());
            int error = 0;
            socklen_t length = sizeof error;
            if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
                co_return kFailed;
        }
        uint64_t checksum = 0;
        for (uint64_t request = 0; request < m_requests; ++request) {
            loop.context().checkpoint();
            uint64_t key = requestKey(task, request);
            uint64_t reply = 0;
            for (const bool sending : {true, false}) {
                auto *cursor = reinterpret_cast<char *>(sending ? &key : &reply);
                for (size_t bytes = sizeof key; bytes > 0;) {
                    const ssize_t done = sending ? ::send(fd.get(), cursor, bytes, MSG_NOSIGNAL)
                                                 : ::recv(fd.get(), cursor, bytes, 0);
                    if (done > 0) {
                        cursor += done;
                        bytes -= size_t(done);
                    } else if (done < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                        if (sending) // (not one ?: of awaits: GCC 12 runs both arms)
                            co_await loop.writable(fd.get());
                        else
                            co_await loop.readable(fd.get());
                    } else if (done == 0 || errno != EINTR) {
                        co_return kFailed;
                    }
                }
            }
            checksum = mix(checksum, reply);
        }
        co_return checksum;
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        uint64_t expected = 0;
        for (uint64_t request = 0; request < m_requests; ++request)
            expected = mix(expected, LoopbackServer::answer(requestKey(task, request)));
        return result != kFailed && result == expected;
    }

    std::map<std::string, std::string> childParams() const override
    {
        return {{"port", std::to_string(m_port)}};
    }

private:
    [[nodiscard]] UniqueFd connectToServer(TaskContext &ctx) const
    {
        UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!fd)
            return {};
        // Time-outs on both directions, so that a server that died never hangs a worker.
        // On Linux the send time-out bounds connect() too.
        const timeval receiveTimeout = toTimeval(m_delayMs + NetWorkload::kReplyGraceMs);
        const timeval sendTimeout = toTimeval(NetWorkload::kReplyGraceMs);
        const int on = 1;
        if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &receiveTimeout, sizeof receiveTimeout)
                != 0
            || ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, sizeof sendTimeout)
                   != 0
            || ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0)
            return {};
        const sockaddr_in address = serverAddress();
        const int connected = ctx.blocking(IoKind::Network, [&] {
            return ::connect(fd.get(), reinterpret_cast<const sockaddr *>(&address),
                             sizeof address);
        });
        if (connected != 0)
            return {};
        return fd;
    }

    [[nodiscard]] sockaddr_in serverAddress() const
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(m_port);
        return address;
    }

    // Sends or receives exactly `bytes`; false on error, time-out or a closed connection.
    static bool transfer(TaskContext &ctx, int fd, void *data, size_t bytes, bool sending)
    {
        auto *cursor = static_cast<char *>(data);
        while (bytes > 0) {
            // errno is read inside the call: what runs after it (the GIL hand-off) may change it.
            int error = 0;
            const ssize_t done = ctx.blocking(IoKind::Network, [&] {
                const ssize_t n = sending ? ::send(fd, cursor, bytes, MSG_NOSIGNAL)
                                          : ::recv(fd, cursor, bytes, 0);
                error = errno;
                return n;
            });
            if (done < 0 && error == EINTR)
                continue;
            if (done <= 0)
                return false;
            cursor += done;
            bytes -= size_t(done);
        }
        return true;
    }

    static timeval toTimeval(int64_t ms)
    {
        return {time_t(ms / 1000), suseconds_t(ms % 1000 * 1000)};
    }

    std::unique_ptr<LoopbackServer> m_server; ///< null where another process runs the server
    uint16_t m_port;
    uint64_t m_requests;
    int64_t m_delayMs;
};

} // namespace

std::string_view NetWorkload::summary() const
{
    return "Each task sends small requests to a local server that answers each one after a short "
           "delay.";
}

std::vector<ParamSpec> NetWorkload::params() const
{
    return {
        ParamSpec{.name = "requests",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultRequests),
                  .minimum = 1,
                  .maximum = double(kMaxRequests),
                  .unit = "requests",
                  .description = "Round trips each task makes, one after another on its own "
                                 "connection."},
        ParamSpec{.name = "delay_ms",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultDelayMs),
                  .minimum = 0,
                  .maximum = double(kMaxDelayMs),
                  .unit = "ms",
                  .description = "How long the server takes to answer each request, like a slow "
                                 "remote service."},
        ParamSpec{.name = "port",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = "0",
                  .minimum = 0,
                  .maximum = 65'535,
                  .unit = "",
                  .description = "Advanced: 0 starts a server for the run; otherwise the port of "
                                 "one already listening on 127.0.0.1."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
NetWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool inChild) const
{
    const int64_t requests = params.integer("requests");
    const int64_t delayMs = params.integer("delay_ms");
    const int64_t port = params.integer("port");
    if (requests < 1 || requests > kMaxRequests)
        return Error{"net: parameter 'requests': " + std::to_string(requests)
                     + " is out of range (1 to " + std::to_string(kMaxRequests) + ")"};
    if (delayMs < 0 || delayMs > kMaxDelayMs)
        return Error{"net: parameter 'delay_ms': " + std::to_string(delayMs)
                     + " is out of range (0 to " + std::to_string(kMaxDelayMs) + ")"};
    if (port < 0 || port > 65'535)
        return Error{"net: parameter 'port': " + std::to_string(port)
                     + " is out of range (0 to 65535)"};
    if (port != 0)
        return std::unique_ptr<PreparedWorkload>(
            std::make_unique<PreparedNet>(nullptr, uint16_t(port), uint64_t(requests), delayMs));
    // Every process of a run talks to the parent's one server; a worker without its port means
    // the childParams() hand-over went missing, which is better said than papered over.
    if (inChild)
        return Error{"net: a worker process needs the port of its parent's server (parameter "
                     "'port')"};
    auto server = LoopbackServer::start(delayMs * 1'000'000);
    if (!server)
        return Error{"net: " + server.error()};
    const uint16_t serverPort = server.value()->port();
    return std::unique_ptr<PreparedWorkload>(std::make_unique<PreparedNet>(
        std::move(server).value(), serverPort, uint64_t(requests), delayMs));
}

} // namespace corescope
