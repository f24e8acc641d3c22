#pragma once

#include "passway/PluginApi.h"
#include "plugin/PluginListener.h"

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <functional>
#include <memory>
#include <string>

namespace passway {

class CallbackGuard;

// A raw TCP server for one plugin, on its own thread pool. Long-lived device
// connections never end by themselves, so every connection is tracked and
// stop() ends them: first the receiving side (the plugin's blocking read sees
// end of stream and can finish what it was sending), after the grace period
// both sides. idleTimeoutSeconds becomes the receive timeout of each connection.
class PluginTcpListener final : public PluginListener {
public:
    // Whether a client address may connect (plugin.<id>.allowed_networks); null: everyone.
    using SourceFilter = std::function<bool(const std::string&)>;

    // Binds and starts at once; throws std::runtime_error when it cannot listen.
    PluginTcpListener(const std::string& pluginId, const ListenerSpec& spec,
                      Poco::Net::TCPServerConnectionFactory::Ptr factory, Poco::Logger& logger,
                      SourceFilter admitSource = {});
    ~PluginTcpListener() override;

    std::uint16_t port() const override { return port_; }
    std::string describe() const override { return description_; }
    void stop(std::chrono::milliseconds grace) override;

    std::size_t connections() const;

private:
    class Registry;
    class TrackingFactory;
    class TrackedConnection;

    std::shared_ptr<Registry> registry_;
    std::shared_ptr<CallbackGuard> guard_;
    std::uint16_t port_ = 0;
    std::string description_;
    Poco::ThreadPool pool_;                        // declared before server_: the server uses it until destroyed
    std::unique_ptr<Poco::Net::TCPServer> server_;
};

} // namespace passway
