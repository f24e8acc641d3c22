#pragma once

#include "net/HttpServer.h"
#include "passway/PluginApi.h"
#include "plugin/PluginListener.h"

#include <memory>
#include <string>

namespace passway {

// A plugin's HTTP(S) port on the host's event-driven server. The plugin's
// handler runs behind a guard: an exception is logged to the plugin's log
// and answered 500. Stopping joins the server's threads, so no plugin code
// runs after stop() returns.
class PluginHttpListener final : public PluginListener {
public:
    // Binds and starts at once; throws std::runtime_error when it cannot listen.
    // `net` carries the host's net.* defaults (and metrics); the spec's
    // fields override what a plugin decides.
    PluginHttpListener(const std::string& pluginId, const ListenerSpec& spec, std::shared_ptr<net::HttpHandler> handler,
                       Poco::Logger& logger, net::HttpServerOptions net);
    ~PluginHttpListener() override;

    std::uint16_t port() const override { return server_->port(); }
    std::string describe() const override { return server_->describe(); }
    void stop(std::chrono::milliseconds grace) override;

private:
    class GuardedHandler;
    std::unique_ptr<net::HttpServer> server_;
};

} // namespace passway
