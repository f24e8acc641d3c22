// The attlog plugin (seed 000): ZKTeco-style attendance bridges that post
// JSON with a token and the terminal's SN. start() reads plugin.attlog.*,
// listens on plugin.attlog.port (HTTP or HTTPS) and sweeps silent devices
// offline. README.md describes the paths, the keys, every field mapping,
// the timeStamp rule and the confirmation choice.

#include "AttlogConfig.h"
#include "AttlogDeclarations.h"
#include "passway/PluginDeclarations.h"
#include "http/RequestRouter.h"
#include "passway/Clock.h"
#include "passway/PluginApi.h"
#include "service/Services.h"

#include <Poco/Logger.h>

#include <chrono>
#include <memory>

namespace passway::attlog {

class AttlogPlugin final : public Plugin {
public:
    void start(PluginContext& context) override {
        AttlogConfig config;
        try {
            config = AttlogConfig::read(context.config());
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(std::string("attlog: ") + e.what());
        }
        if (config.tokens.empty()) {
            context.logger().warning("no plugin.attlog.token.<bridge> is configured: every bridge will be refused");
        }
        services_ = std::make_shared<Services>(context, std::move(config));
        const auto& c = services_->config;
        services_->commands.load();

        ListenerSpec spec;
        spec.address = c.address;
        spec.port = c.port;
        spec.tls = c.tls;
        spec.certificateFile = c.tlsCertificate;
        spec.privateKeyFile = c.tlsPrivateKey;
        spec.caFile = c.tlsCa;
        spec.maxThreads = c.maxThreads;
        spec.maxQueued = c.maxQueued;
        spec.idleTimeoutSeconds = c.idleTimeoutSeconds;
        const std::uint16_t port = context.listenHttp(spec, std::make_shared<RequestRouter>(services_));

        auto services = services_;
        context.every(std::chrono::seconds(10), [services] { services->contacts.sweep(nowMillis()); });
        context.logger().information(std::string("AttLog bridges: ") + (spec.tls ? "https" : "http") + "://" +
                                     spec.address + ":" + std::to_string(port) + " (" +
                                     std::to_string(c.tokens.size()) + " bridge token(s); paths " + c.paths.newLog +
                                     ", " + c.paths.syncLog + ", " + c.paths.users + ", " + c.paths.errorLog + ", " +
                                     c.paths.command + ")");
    }

    void stop() override {
        if (services_) services_->contacts.stop();
        services_.reset();
    }

private:
    std::shared_ptr<Services> services_;
};

}  // namespace passway::attlog

PASSWAY_PLUGIN(passway::attlog::AttlogPlugin, "attlog", "1.0.0",
               "ZKTeco-style attendance bridges (seed 000): attendance logs, user updates, command list")
PASSWAY_PLUGIN_DECLARATIONS(passway::attlog::kDeclarations)
