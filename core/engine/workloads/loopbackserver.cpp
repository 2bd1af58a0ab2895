// SPDX-License-Identifier: MIT
#include "engine/workloads/loopbackserver.h"

#include "engine/clock.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace corescope {
namespace {

// After accept() fails for want of descriptors the listener stays readable; pausing it keeps the
// loop from spinning until a connection closes.
constexpr int64_t kAcceptPauseNs = 50'000'000;

struct Connection
{
    UniqueFd fd;
    unsigned char request[LoopbackServer::kMessageBytes] = {};
    size_t received = 0;
    unsigned char reply[LoopbackServer::kMessageBytes] = {};
    size_t sent = 0;
    int64_t dueNs = -1; ///< when the pending reply may go out; -1 while reading a request
};

Error failure(const char *what)
{
    return Error{std::string("loopback server: ") + what + " failed: " + std::strerror(errno)};
}

bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

// Reads what has arrived; a complete request schedules its reply. False: drop the connection.
bool receive(Connection &connection, int64_t nowNs, int64_t delayNs)
{
    const ssize_t got = ::recv(connection.fd.get(), connection.request + connection.received,
                               sizeof connection.request - connection.received, MSG_DONTWAIT);
    if (got == 0)
        return false;
    if (got < 0)
        return wouldBlock(errno);
    connection.received += size_t(got);
    if (connection.received == sizeof connection.request) {
        uint64_t request = 0;
        std::memcpy(&request, connection.request, sizeof request);
        const uint64_t reply = LoopbackServer::answer(request);
        std::memcpy(connection.reply, &reply, sizeof reply);
        connection.received = 0;
        connection.sent = 0;
        connection.dueNs = nowNs + delayNs;
    }
    return true;
}

// Sends what is left of a due reply. False: drop the connection.
bool sendReply(Connection &connection)
{
    const ssize_t sent =
        ::send(connection.fd.get(), connection.reply + connection.sent,
               sizeof connection.reply - connection.sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0)
        return wouldBlock(errno);
    connection.sent += size_t(sent);
    if (connection.sent == sizeof connection.reply)
        connection.dueNs = -1;
    return true;
}

} // namespace

Result<std::unique_ptr<LoopbackServer>> LoopbackServer::start(int64_t delayNs)
{
    UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!listener)
        return failure("socket()");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0; // the kernel picks a free port
    if (::bind(listener.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
        return failure("bind() to 127.0.0.1");
    if (::listen(listener.get(), SOMAXCONN) != 0)
        return failure("listen()");
    socklen_t length = sizeof address;
    if (::getsockname(listener.get(), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return failure("getsockname()");
    UniqueFd wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!wake)
        return failure("eventfd()");

    std::unique_ptr<LoopbackServer> server(new LoopbackServer(std::move(listener), std::move(wake),
                                                              ntohs(address.sin_port),
                                                              std::max<int64_t>(0, delayNs)));
    try {
        server->m_thread = std::thread([raw = server.get()] { raw->serve(); });
    } catch (const std::system_error &error) {
        return Error{std::string("loopback server: cannot start its thread: ") + error.what()};
    }
    ::pthread_setname_np(server->m_thread.native_handle(), "corescope-net");
    return server;
}

LoopbackServer::LoopbackServer(UniqueFd listener, UniqueFd wake, uint16_t port, int64_t delayNs)
    : m_listener(std::move(listener))
    , m_wake(std::move(wake))
    , m_port(port)
    , m_delayNs(delayNs)
{
}

LoopbackServer::~LoopbackServer()
{
    if (m_thread.joinable()) {
        const uint64_t one = 1;
        // An eventfd write of 8 bytes cannot be partial and fails only on counter overflow.
        while (::write(m_wake.get(), &one, sizeof one) < 0 && errno == EINTR) {}
        m_thread.join();
    }
}

void LoopbackServer::serve()
{
    std::vector<Connection> connections;
    std::vector<pollfd> polled;
    int64_t acceptPausedUntil = 0;
    for (;;) {
        const int64_t now = monotonicNs();
        int64_t wakeAt = -1;
        const auto wakeNoLaterThan = [&](int64_t at) {
            wakeAt = wakeAt < 0 ? at : std::min(wakeAt, at);
        };
        const bool accepting = connections.size() < kMaxConnections && now >= acceptPausedUntil;
        if (now < acceptPausedUntil)
            wakeNoLaterThan(acceptPausedUntil);
        polled.clear();
        polled.push_back({m_wake.get(), POLLIN, 0});
        polled.push_back({m_listener.get(), short(accepting ? POLLIN : 0), 0});
        for (const Connection &connection : connections) {
            short events = 0;
            if (connection.dueNs < 0)
                events = POLLIN;
            else if (connection.dueNs <= now)
                events = POLLOUT;
            else
                wakeNoLaterThan(connection.dueNs);
            polled.push_back({connection.fd.get(), events, 0});
        }
        timespec timeout{};
        if (wakeAt >= 0) {
            const int64_t left = std::max<int64_t>(0, wakeAt - now);
            timeout = {time_t(left / 1'000'000'000), long(left % 1'000'000'000)};
        }
        const int ready =
            ::ppoll(polled.data(), polled.size(), wakeAt >= 0 ? &timeout : nullptr, nullptr);
        if (ready < 0 && errno != EINTR)
            return; // cannot wait any more; clients see their receive timeouts, nothing hangs
        if (polled[0].revents != 0)
            return;

        const int64_t after = monotonicNs();
        for (size_t i = 0; i < connections.size(); ++i) {
            Connection &connection = connections[i];
            const short revents = polled[i + 2].revents;
            bool keep = true;
            if (connection.dueNs < 0) {
                if (revents & (POLLIN | POLLHUP | POLLERR))
                    keep = receive(connection, after, m_delayNs);
            } else if (connection.dueNs <= after) {
                keep = sendReply(connection);
            } else if (revents & (POLLHUP | POLLERR)) {
                keep = false;
            }
            if (!keep)
                connection.fd.reset();
        }
        std::erase_if(connections, [](const Connection &connection) { return !connection.fd; });

        if (polled[1].revents & POLLIN) {
            while (connections.size() < kMaxConnections) {
                UniqueFd fd(
                    ::accept4(m_listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
                if (!fd) {
                    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
                        && errno != ECONNABORTED)
                        acceptPausedUntil = after + kAcceptPauseNs;
                    break;
                }
                const int on = 1;
                ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
                connections.push_back(Connection{});
                connections.back().fd = std::move(fd);
            }
        }
    }
}

} // namespace corescope
