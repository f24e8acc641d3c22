#include "net/ConnectionServer.h"

#include <Poco/Logger.h>
#include <Poco/Net/NetException.h>

namespace passway::tcpjson {

namespace {

std::string hostOf(const Poco::Net::StreamSocket& socket) {
    try {
        std::string host = socket.peerAddress().host().toString();
        if (host.rfind("::ffff:", 0) == 0 && host.find('.') != std::string::npos) host = host.substr(7);
        return host;
    } catch (const Poco::Exception&) {
        return "?";
    }
}

} // namespace

// Passes events on and drops a finished connection from the table.
class ConnectionServer::Forwarder final : public ConnectionEvents {
public:
    Forwarder(ConnectionServer& server, ConnectionEvents& events) : server_(server), events_(events) {}
    void opened(const std::shared_ptr<Connection>& c) override { events_.opened(c); }
    void received(const std::shared_ptr<Connection>& c, std::string object) override {
        events_.received(c, std::move(object));
    }
    std::string framingError(const std::shared_ptr<Connection>& c, const std::string& reason) override {
        return events_.framingError(c, reason);
    }
    void closed(const std::shared_ptr<Connection>& c, const std::string& reason) override {
        events_.closed(c, reason);
        server_.forget(c->id());
    }

private:
    ConnectionServer& server_;
    ConnectionEvents& events_;
};

ConnectionServer::ConnectionServer(ConnectionEvents& events, ConnectionLimits limits, std::size_t maxConnections,
                                   SourceFilter admitSource)
    : events_(events),
      forwarder_(std::make_unique<Forwarder>(*this, events)),
      limits_(std::move(limits)),
      maxConnections_(maxConnections),
      admitSource_(std::move(admitSource)),
      reactor_(Poco::Timespan(0, 100000)),
      thread_("tcpjson-reactor"),
      acceptable_(*this, &ConnectionServer::onAcceptable) {}

ConnectionServer::~ConnectionServer() { stop(); }

std::uint16_t ConnectionServer::start(const std::string& address, std::uint16_t port, int backlog) {
    server_.bind(Poco::Net::SocketAddress(address, port), true);
    server_.listen(backlog);
    server_.setBlocking(false);
    reactor_.addEventHandler(server_, acceptable_);
    thread_.start(reactor_);
    running_ = true;
    return server_.address().port();
}

void ConnectionServer::stop() {
    if (!running_) return;
    running_ = false;
    reactor_.removeEventHandler(server_, acceptable_);
    server_.close();
    std::vector<std::shared_ptr<Connection>> open;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, connection] : connections_) open.push_back(connection);
    }
    for (const auto& connection : open) connection->close("the server stops");
    reactor_.stop();
    reactor_.wakeUp();
    thread_.join();
    std::lock_guard lock(mutex_);
    for (const auto& [id, connection] : connections_) connection->detach();
    connections_.clear();
}

void ConnectionServer::onAcceptable(const Poco::AutoPtr<Poco::Net::ReadableNotification>&) {
    // Level-triggered: take what is waiting, a bounded number per wake-up so
    // reads of open connections are not starved by a connection storm.
    for (int i = 0; i < 256; ++i) {
        Poco::Net::StreamSocket socket;
        try {
            socket = server_.acceptConnection();
        } catch (const Poco::TimeoutException&) {
            return;
        } catch (const Poco::Exception& e) {
            if (e.code() == EAGAIN || e.code() == EWOULDBLOCK) return;
            Poco::Logger::get("plugin.tcpjson").warning("accept failed: " + e.displayText());
            return;
        }
        if (admitSource_ && !admitSource_(hostOf(socket))) {
            socket.close();  // outside allowed_networks: not a byte read (the host counted and logged it)
            continue;
        }
        std::shared_ptr<Connection> connection;
        {
            std::lock_guard lock(mutex_);
            if (connections_.size() >= maxConnections_) {
                Poco::Logger::get("plugin.tcpjson")
                    .warning("connection from " + socket.peerAddress().toString() + " refused: " +
                             std::to_string(maxConnections_) + " connections open (plugin.tcpjson.max_connections)");
                socket.close();
                continue;
            }
            connection = std::make_shared<Connection>(nextId_++, socket, reactor_, *forwarder_, limits_);
            connections_[connection->id()] = connection;
        }
        connection->attach();
    }
}

void ConnectionServer::tick(std::int64_t nowMs, std::int64_t webSocketGraceMs) {
    std::vector<std::shared_ptr<Connection>> settling;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, connection] : connections_) {
            if (nowMs - connection->acceptedAt() < webSocketGraceMs + 60000) settling.push_back(connection);
        }
    }
    for (const auto& connection : settling) connection->settleMode(nowMs, webSocketGraceMs);
}

std::size_t ConnectionServer::size() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void ConnectionServer::forget(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
}

} // namespace passway::tcpjson
