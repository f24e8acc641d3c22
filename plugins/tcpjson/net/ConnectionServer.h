#pragma once

#include "net/Connection.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketReactor.h>
#include <Poco/Thread.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace passway::tcpjson {

// The plugin's listener: one ServerSocket and one SocketReactor thread for
// every connection (epoll behind Poco's PollSet), so ten thousand idle
// terminals cost ten thousand sockets and buffers, not threads. Connections
// are kept here until their socket is finished.
class ConnectionServer {
public:
    // Whether a client address may connect at all (the host's allowed_networks).
    using SourceFilter = std::function<bool(const std::string&)>;

    ConnectionServer(ConnectionEvents& events, ConnectionLimits limits, std::size_t maxConnections,
                     SourceFilter admitSource = {});
    ~ConnectionServer();

    // Binds and starts the reactor thread; returns the port. Throws Poco::Exception.
    std::uint16_t start(const std::string& address, std::uint16_t port, int backlog);
    // Closes the listener and every connection, and joins the reactor thread.
    void stop();

    // For the owner's timer: settles connections still telling raw from WebSocket.
    void tick(std::int64_t nowMs, std::int64_t webSocketGraceMs);
    std::size_t size() const;

private:
    class Forwarder;
    void onAcceptable(const Poco::AutoPtr<Poco::Net::ReadableNotification>&);
    void forget(std::uint64_t id);

    ConnectionEvents& events_;
    std::unique_ptr<ConnectionEvents> forwarder_;
    const ConnectionLimits limits_;
    const std::size_t maxConnections_;
    const SourceFilter admitSource_;
    Poco::Net::ServerSocket server_;
    Poco::Net::SocketReactor reactor_;
    Poco::Thread thread_;
    bool running_ = false;
    Poco::NObserver<ConnectionServer, Poco::Net::ReadableNotification> acceptable_;

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;
    std::uint64_t nextId_ = 1;
};

} // namespace passway::tcpjson
