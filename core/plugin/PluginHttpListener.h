#pragma once

#include "passway/PluginApi.h"
#include "plugin/PluginListener.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <memory>
#include <string>

namespace passway {

class CallbackGuard;

// An HTTP(S) server for one plugin, on its own thread pool so that stopping
// it can wait for exactly this plugin's requests. Requests in flight are
// counted (a wrapper around the plugin's handler factory), which lets stop()
// wait for real work without waiting on idle keep-alive connections.
class PluginHttpListener final : public PluginListener {
public:
    // Binds and starts at once; throws std::runtime_error when it cannot listen.
    PluginHttpListener(const std::string& pluginId, const ListenerSpec& spec,
                       Poco::Net::HTTPRequestHandlerFactory::Ptr factory, Poco::Logger& logger);
    ~PluginHttpListener() override;

    std::uint16_t port() const override { return port_; }
    std::string describe() const override { return description_; }
    void stop(std::chrono::milliseconds grace) override;

    int requestsInFlight() const { return inFlight_->load(); }

private:
    class CountingFactory;
    class CountingHandler;

    std::shared_ptr<std::atomic<int>> inFlight_ = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<CallbackGuard> guard_;
    std::uint16_t port_ = 0;
    std::string description_;
    Poco::ThreadPool pool_;                         // declared before server_: the server uses it until destroyed
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

} // namespace passway
