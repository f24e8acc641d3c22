#pragma once

#include "ZjConfig.h"

#include <Poco/Logger.h>

#include <atomic>
#include <functional>
#include <string>

struct mosquitto;
struct mosquitto_message;

namespace passway::zjchilink {

// The plugin's client of the site's MQTT broker (libmosquitto): connects to
// plugin.zjchilink.mqtt.url, subscribes to the document's device and app
// topics (username/category/uuid/exectype), and reconnects with exponential
// back-off (mqtt.reconnect_min_s .. mqtt.reconnect_max_s) on its own
// network thread. Messages are handed to `onMessage` on that thread.
class MqttLink {
public:
    using MessageHandler = std::function<void(const std::string& topic, const std::string& payload)>;

    MqttLink(const ZjConfig& config, Poco::Logger& logger, MessageHandler onMessage);
    ~MqttLink();  // stop()
    MqttLink(const MqttLink&) = delete;
    MqttLink& operator=(const MqttLink&) = delete;

    void start();  // throws std::runtime_error when the client cannot be set up
    void stop();
    // QoS 0 and retained, as section 4.1 sets the defaults. False when not sent (not connected).
    bool publish(const std::string& topic, const std::string& payload, int qos = 0, bool retain = true);
    bool connected() const { return connected_; }

    // The subscriptions: device reports (create/update/delete) and app
    // requests (control/set/query), QoS 1 so a sender's QoS 1 is kept.
    static const char* const kTopics[];

private:
    static void onConnect(mosquitto*, void* self, int rc);
    static void onDisconnect(mosquitto*, void* self, int rc);
    static void onMessageThunk(mosquitto*, void* self, const mosquitto_message* message);

    const ZjConfig& config_;
    Poco::Logger& logger_;
    MessageHandler onMessage_;
    mosquitto* client_ = nullptr;
    std::atomic<bool> connected_{false};
    std::atomic<bool> running_{false};
    std::string host_;
    int port_ = 1883;
};

}  // namespace passway::zjchilink
