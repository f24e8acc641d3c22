// The HTTPv2 face-terminal plugin (seed 002, "HTTPv2 人脸识别设备后台对接协议"
// v6.0): its entry point. start() reads plugin.httpv2.*, loads the known
// terminals, listens on plugin.httpv2.port and starts the sweep that marks
// silent terminals offline and fails overdue commands. README.md describes
// the endpoints, the configuration and the choices made where the document
// contradicts itself.

#include "Httpv2Config.h"
#include "Httpv2Declarations.h"
#include "passway/PluginDeclarations.h"
#include "http/RequestRouter.h"
#include "passway/PluginApi.h"
#include "service/Services.h"
#include "wire/JsonFields.h"
#include "wire/TolerantJson.h"

#include <Poco/Logger.h>

#include <chrono>
#include <memory>

namespace passway::httpv2 {

namespace {

std::int64_t unixMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

class Httpv2Plugin final : public Plugin {
public:
    void start(PluginContext& context) override {
        Httpv2Config config;
        try {
            config = Httpv2Config::read(context.config());
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(std::string("httpv2: ") + e.what());
        }
        services_ = std::make_shared<Services>(context, std::move(config));
        auto& s = *services_;
        s.devices.loadAll();
        s.commands.load([&s](std::int64_t deviceId) { return s.devices.find(deviceId) != nullptr; });

        // Admin changes reach the cached terminals.
        auto services = services_;
        const auto refresh = [services](const Event& event) {
            std::optional<std::int64_t> id;
            try {
                id = JsonFields(parseJsonObject(event.payload, "event")).integer("deviceId");
            } catch (const std::exception&) {
                return;  // not an event about one device
            }
            if (id) services->devices.refresh(*id);
        };
        context.subscribe("device.state.changed", refresh);
        context.subscribe("device.parameters.changed", refresh);
        context.subscribe("device.access_groups.changed", refresh);
        context.subscribe("device.removed", refresh);  // by an admin, or the oldest pending beyond devices.max_pending

        ListenerSpec spec;
        spec.address = s.config.address;
        spec.port = s.config.port;
        spec.tls = s.config.tls;
        spec.certificateFile = s.config.tlsCertificate;
        spec.privateKeyFile = s.config.tlsPrivateKey;
        spec.caFile = s.config.tlsCa;
        spec.maxThreads = s.config.maxThreads;
        spec.maxQueued = s.config.maxQueued;
        spec.idleTimeoutSeconds = s.config.idleTimeoutSeconds;
        const std::uint16_t port = context.listenHttp(spec, std::make_shared<RequestRouter>(services_));

        context.every(std::chrono::seconds(s.config.sweepSeconds), [services] {
            const std::int64_t now = unixMillis();
            services->devices.sweep(now);
            services->commands.expire(now);
            services->batches.prune(now);
        });
        context.logger().information(std::string("HTTPv2 terminals: ") + (spec.tls ? "https" : "http") + "://" +
                                     spec.address + ":" + std::to_string(port) + ", " +
                                     std::to_string(spec.maxThreads) + " handler threads, idle connections kept " +
                                     std::to_string(spec.idleTimeoutSeconds) + " s");
    }

    void stop() override {
        // Listeners, timers and subscriptions are gone; what is left is to
        // write the contacts kept in memory, so the next start knows them.
        if (services_) services_->devices.persistContacts();
        services_.reset();
    }

private:
    std::shared_ptr<Services> services_;
};

} // namespace passway::httpv2

PASSWAY_PLUGIN(passway::httpv2::Httpv2Plugin, "httpv2", "1.0.0",
               "HTTPv2 face terminals: keepalive, work settings, people sync, records, online authorization, remote commands")
PASSWAY_PLUGIN_DECLARATIONS(passway::httpv2::kDeclarations)
