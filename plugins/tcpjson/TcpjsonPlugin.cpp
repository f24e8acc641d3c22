// The tcpjson plugin (seed 001, "通讯协议文档 V1.0"): terminals that hold a
// long TCP connection to the server, which drives them with JSON requests
// matched by session_id. start() reads plugin.tcpjson.*, listens on
// plugin.tcpjson.port with one event-driven reactor for every connection,
// and subscribes to the changes that must reach connected terminals.
// README.md describes the mapping, the configuration and the extensions to
// the document.

#include "TcpjsonConfig.h"
#include "TcpjsonDeclarations.h"
#include "passway/PluginDeclarations.h"
#include "passway/PluginApi.h"
#include "service/TcpjsonService.h"

#include <Poco/Logger.h>

#include <memory>

namespace passway::tcpjson {

class TcpjsonPlugin final : public Plugin {
public:
    void start(PluginContext& context) override {
        TcpjsonConfig config;
        try {
            config = TcpjsonConfig::read(context.config());
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(std::string("tcpjson: ") + e.what());
        }
        const std::string address = config.address;
        service_ = std::make_shared<TcpjsonService>(context, std::move(config));
        const std::uint16_t port = service_->start();

        auto service = service_;
        context.subscribe("sync.wanted", [service](const Event& event) { service->onSyncWanted(event); });
        for (const char* topic : {"device.state.changed", "device.parameters.changed", "device.access_groups.changed",
                                  "command.queued"}) {
            context.subscribe(topic, [service](const Event& event) { service->onDeviceChanged(event); });
        }
        context.every(std::chrono::milliseconds(100), [service] { service->tick(); });
        context.logger().information("tcpjson terminals: tcp://" + address + ":" + std::to_string(port) +
                                     " (raw JSON stream or WebSocket)");
    }

    void stop() override {
        // Timers and subscriptions are gone; close the connections and mark the terminals offline.
        if (service_) service_->stop();
        service_.reset();
    }

private:
    std::shared_ptr<TcpjsonService> service_;
};

} // namespace passway::tcpjson

PASSWAY_PLUGIN(passway::tcpjson::TcpjsonPlugin, "tcpjson", "1.0.0",
               "Long-connection JSON terminals (seed 001): device info, persons, access records, commands")
PASSWAY_PLUGIN_DECLARATIONS(passway::tcpjson::kDeclarations)
