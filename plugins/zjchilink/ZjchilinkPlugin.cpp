// The zjchilink plugin (seed 004): the smart-lock cloud API served on
// premises — the app's accounts, devices, authorizations, spaces, keys and
// messages over HTTP on plugin.zjchilink.port, device state over MQTT and
// UDP discovery. README.md lists the endpoints, codes, topics and keys.

#include "ZjConfig.h"
#include "http/Router.h"
#include "mqtt/DeviceTopics.h"
#include "mqtt/MqttLink.h"
#include "passway/PluginApi.h"
#include "service/Services.h"
#include "udp/Discovery.h"

#include <Poco/Logger.h>

#include <memory>

namespace passway::zjchilink {

class ZjchilinkPlugin final : public Plugin {
public:
    void start(PluginContext& context) override {
        ZjConfig config;
        try {
            config = ZjConfig::read(context.config());
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(std::string("zjchilink: ") + e.what());
        }
        services_ = std::make_shared<Services>(context, std::move(config));
        const auto& c = services_->config;
        if (!context.sms().available()) {
            context.logger().warning("no SMS gateway (sms.url): app users cannot get registration codes");
        }
        if (!c.mqttUrl.empty()) {
            topics_ = std::make_unique<DeviceTopics>(*services_, [this](const std::string& topic, const std::string& payload) {
                return mqtt_ && mqtt_->publish(topic, payload);
            });
            mqtt_ = std::make_unique<MqttLink>(c, context.logger(), [this](const std::string& topic, const std::string& payload) {
                topics_->handle(topic, payload);
            });
            mqtt_->start();
        }
        ListenerSpec spec;
        spec.address = c.address;
        spec.port = c.port;
        spec.maxThreads = c.maxThreads;
        const std::uint16_t port = context.listenHttp(spec, std::make_shared<Router>(services_));
        if (c.udpEnabled) {
            discovery_ = std::make_unique<Discovery>(*services_, port);
            discovery_->start();
        }
        context.logger().information("ZJCHILINK API: http://" + c.address + ":" + std::to_string(port) + " (MQTT " +
                                     (c.mqttUrl.empty() ? std::string("off") : c.mqttUrl) + ", UDP discovery " +
                                     (c.udpEnabled ? "on port " + std::to_string(c.udpPort) : std::string("off")) + ")");
    }

    void stop() override {
        discovery_.reset();
        if (mqtt_) mqtt_->stop();
        mqtt_.reset();
        topics_.reset();
        services_.reset();
    }

private:
    std::shared_ptr<Services> services_;
    std::unique_ptr<DeviceTopics> topics_;
    std::unique_ptr<MqttLink> mqtt_;
    std::unique_ptr<Discovery> discovery_;
};

}  // namespace passway::zjchilink

PASSWAY_PLUGIN(passway::zjchilink::ZjchilinkPlugin, "zjchilink", "1.0.0",
               "ZJCHILINK smart-lock cloud API on premises (seed 004): app accounts, locks, keys, MQTT, UDP discovery")
