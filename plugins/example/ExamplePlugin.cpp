// The smallest useful plugin, built against the SDK alone (include/passway):
// a "terminal" that exists only in configuration. It shows the shape every
// protocol plugin has: read plugin.<id>.*, obtain the device through the
// host's DeviceService (registration, activation policy and events are the
// host's), report contact and state, and act on commands and sync tasks.
//
// Configuration (plugin.example.*):
//   serial        the simulated terminal's serial (default "example-1")
//   interval_ms   how often it "calls in" (default 1000)
//
// Each call-in marks the terminal seen, finishes its queued commands as done
// and confirms its pending sync tasks, as a terminal that obeys instantly
// would. Enable with --set plugins.enabled=example.

#include "passway/Events.h"
#include "passway/HostError.h"
#include "passway/PluginApi.h"

#include <Poco/Logger.h>

#include <chrono>
#include <memory>
#include <string>

namespace passway::example {

class ExamplePlugin final : public Plugin {
public:
    void start(PluginContext& context) override {
        context_ = &context;
        serial_ = context.config().getString("serial", "example-1");
        const auto interval = std::chrono::milliseconds(context.config().getInt("interval_ms", 1000));
        const Device device = context.devices().obtain(serial_);
        deviceId_ = device.id;
        context.devices().online(device.id, device.serial, "config", nowMs());
        context.devices().mergeReported(device.id, R"({"model":"example","firmware":"1.0"})", "Example terminal");
        // Commands queued for it are picked up at once rather than at the next call-in.
        context.subscribe(events::topic::kCommandQueued, [this](const Event& event) {
            if (events::deviceIdOf(event.payload) == deviceId_) callIn();
        });
        context.every(interval, [this] { callIn(); });
        context.logger().information("example terminal " + serial_ + " is device " + std::to_string(deviceId_));
    }

    void stop() override {
        // Timers and subscriptions are gone already; the terminal goes offline.
        if (context_) context_->devices().offline(deviceId_, serial_, "config", nowMs());
    }

private:
    static std::int64_t nowMs() {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }

    void callIn() {
        try {
            auto& host = *context_;
            host.devices().seen(deviceId_, "config", nowMs());
            for (const auto& command : host.commands().queued(deviceId_, 16)) {
                host.commands().sent(command.id);
                host.commands().finish(command.id, CommandState::Done, R"({"example":"done"})");
            }
            for (const bool removals : {true, false}) {
                for (const auto& task : host.sync().next(deviceId_, removals, 64)) host.sync().confirm(deviceId_, task);
            }
        } catch (const HostError& e) {
            // Unavailable: the next call-in tries again, as a terminal would.
            context_->logger().warning(std::string("call-in: ") + e.what());
        }
    }

    PluginContext* context_ = nullptr;
    std::string serial_;
    std::int64_t deviceId_ = 0;
};

} // namespace passway::example

PASSWAY_PLUGIN(passway::example::ExamplePlugin, "example", "1.0.0",
               "Example: a configured terminal that obeys commands and sync at once (SDK demonstration)")
