#include "plugin/PluginTcpListener.h"

#include "plugin/CallbackGuard.h"
#include "plugin/ListenerSocket.h"

#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

namespace passway {

namespace {

std::string peerHost(const Poco::Net::StreamSocket& socket) {
    try {
        std::string host = socket.peerAddress().host().toString();
        if (host.rfind("::ffff:", 0) == 0 && host.find('.') != std::string::npos) host = host.substr(7);
        return host;
    } catch (...) {
        return "?";
    }
}

} // namespace

// The sockets of the connections running now. Once the listener stops, a
// connection that registers late (accepted just before the stop) is cut at
// once, so none can slip past stop().
class PluginTcpListener::Registry {
public:
    enum class Phase { Open, Draining, Closed };

    void add(Poco::Net::StreamSocket socket) {
        std::lock_guard lock(mutex_);
        sockets_.insert(socket);
        cut(socket, phase_);
    }
    void remove(const Poco::Net::StreamSocket& socket) {
        std::lock_guard lock(mutex_);
        sockets_.erase(socket);
    }
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return sockets_.size();
    }
    void enter(Phase phase) {
        std::lock_guard lock(mutex_);
        phase_ = phase;
        for (const auto& socket : sockets_) cut(socket, phase);
    }

private:
    static void cut(Poco::Net::StreamSocket socket, Phase phase) {
        try {
            if (phase == Phase::Draining) socket.shutdownReceive();
            if (phase == Phase::Closed) socket.shutdown();
        } catch (...) {
            // Already closed by the peer or the plugin: nothing left to cut.
        }
    }

    mutable std::mutex mutex_;
    std::set<Poco::Net::StreamSocket> sockets_;
    Phase phase_ = Phase::Open;
};

// Runs the plugin's connection between registering and unregistering its
// socket; the plugin's object is destroyed on this thread too.
class PluginTcpListener::TrackedConnection final : public Poco::Net::TCPServerConnection {
public:
    TrackedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::TCPServerConnection* inner,
                      std::shared_ptr<Registry> registry, std::shared_ptr<CallbackGuard> guard)
        : TCPServerConnection(socket), inner_(inner), registry_(std::move(registry)), guard_(std::move(guard)) {}

    void run() override {
        if (!inner_) return;
        registry_->add(socket());
        std::string peer;
        try {
            peer = socket().peerAddress().toString();
        } catch (...) {
            peer = "unknown peer";
        }
        guard_->run([this] { static_cast<Poco::Runnable&>(*inner_).run(); }, peer);
        inner_.reset();
        registry_->remove(socket());
    }

private:
    std::unique_ptr<Poco::Net::TCPServerConnection> inner_;
    std::shared_ptr<Registry> registry_;
    std::shared_ptr<CallbackGuard> guard_;
};

class PluginTcpListener::TrackingFactory final : public Poco::Net::TCPServerConnectionFactory {
public:
    TrackingFactory(Poco::Net::TCPServerConnectionFactory::Ptr inner, std::shared_ptr<Registry> registry,
                    std::shared_ptr<CallbackGuard> guard, int idleTimeoutSeconds, SourceFilter admitSource)
        : inner_(std::move(inner)), registry_(std::move(registry)), guard_(std::move(guard)),
          idleTimeoutSeconds_(idleTimeoutSeconds), admitSource_(std::move(admitSource)) {}

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        if (admitSource_ && !admitSource_(peerHost(socket))) {
            // Outside plugin.<id>.allowed_networks: closed before the plugin reads a byte.
            return new TrackedConnection(socket, nullptr, registry_, guard_);
        }
        if (idleTimeoutSeconds_ > 0) {
            Poco::Net::StreamSocket(socket).setReceiveTimeout(Poco::Timespan(idleTimeoutSeconds_, 0));
        }
        Poco::Net::TCPServerConnection* inner = nullptr;
        guard_->run([&] { inner = inner_->createConnection(socket); }, "connection factory");
        // Without a connection object the tracked one returns at once and the socket closes.
        return new TrackedConnection(socket, inner, registry_, guard_);
    }

private:
    Poco::Net::TCPServerConnectionFactory::Ptr inner_;
    std::shared_ptr<Registry> registry_;
    std::shared_ptr<CallbackGuard> guard_;
    int idleTimeoutSeconds_;
    SourceFilter admitSource_;
};

PluginTcpListener::PluginTcpListener(const std::string& pluginId, const ListenerSpec& spec,
                                     Poco::Net::TCPServerConnectionFactory::Ptr factory, Poco::Logger& logger,
                                     SourceFilter admitSource)
    : registry_(std::make_shared<Registry>()),
      guard_(std::make_shared<CallbackGuard>(logger, "TCP connection")),
      pool_("plugin." + pluginId + ".tcp", 1, std::max(1, spec.maxThreads)) {
    Poco::Net::ServerSocket socket = openListenerSocket(spec);
    port_ = socket.address().port();
    description_ = std::string(spec.tls ? "tcp+tls " : "tcp ") + spec.address + ":" + std::to_string(port_);

    Poco::Net::TCPServerParams::Ptr params = new Poco::Net::TCPServerParams;
    params->setMaxThreads(std::max(1, spec.maxThreads));
    params->setMaxQueued(std::max(1, spec.maxQueued));
    server_ = std::make_unique<Poco::Net::TCPServer>(
        new TrackingFactory(std::move(factory), registry_, guard_, spec.idleTimeoutSeconds, std::move(admitSource)), pool_, socket, params);
    server_->start();
}

PluginTcpListener::~PluginTcpListener() {
    try {
        stop(std::chrono::seconds(5));
    } catch (...) {
        // A destructor must not throw; stop() only fails if Poco itself does.
    }
}

std::size_t PluginTcpListener::connections() const { return registry_->size(); }

void PluginTcpListener::stop(std::chrono::milliseconds grace) {
    if (!server_) return;
    server_->stop();  // no new connections; accepted ones not yet started are dropped
    registry_->enter(Registry::Phase::Draining);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (registry_->size() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    registry_->enter(Registry::Phase::Closed);
    // Every connection thread is back in the pool: no plugin code runs here any more.
    pool_.joinAll();
    server_.reset();
}

} // namespace passway
