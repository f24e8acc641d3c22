// The henan plugin (seed 003, 河南省农民工工资支付监管系统设备接入规范):
// wage-supervision attendance terminals that POST signed form parameters
// to plugin.henan.port (HTTP or HTTPS), and uplinks that make Passway such
// a terminal towards a supervision platform. README.md describes the
// interfaces, the signature, the keys and every mapping.

#include "HenanConfig.h"
#include "http/RequestRouter.h"
#include "passway/Clock.h"
#include "passway/PluginApi.h"
#include "service/Services.h"
#include "uplink/Uplink.h"

#include <Poco/Logger.h>

#include <chrono>
#include <memory>
#include <vector>

namespace passway::henan {

class HenanPlugin final : public Plugin {
public:
    void start(PluginContext& context) override {
        HenanConfig config;
        try {
            config = HenanConfig::read(context.config());
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(std::string("henan: ") + e.what());
        }
        if (config.apps.empty()) {
            context.logger().warning("no plugin.henan.app.<appid>.secret is configured: every terminal will be refused");
        }
        services_ = std::make_shared<Services>(context, std::move(config));
        const auto& c = services_->config;

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
        for (const auto& u : c.uplinks) {
            uplinks_.push_back(std::make_unique<Uplink>(context, u, c.utcOffsetMinutes));
            uplinks_.back()->start();
        }
        context.logger().information(std::string("henan terminals: ") + (spec.tls ? "https" : "http") + "://" +
                                     spec.address + ":" + std::to_string(port) + " (" + std::to_string(c.apps.size()) +
                                     " appid(s), " + std::to_string(c.uplinks.size()) + " uplink(s)" +
                                     (c.devMode ? ", dev_mode: /device/createOperation open" : "") + ")");
    }

    void stop() override {
        for (auto& u : uplinks_) u->stop();
        uplinks_.clear();
        services_.reset();
    }

private:
    std::shared_ptr<Services> services_;
    std::vector<std::unique_ptr<Uplink>> uplinks_;
};

}  // namespace passway::henan

PASSWAY_PLUGIN(passway::henan::HenanPlugin, "henan", "1.0.0",
               "Wage-supervision attendance terminals (seed 003) and uplinks to a supervision platform")
