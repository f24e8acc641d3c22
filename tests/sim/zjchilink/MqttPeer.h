#pragma once

// An MQTT client for the zjchilink tests (libmosquitto): a lock, gateway or
// app on the site's broker. It keeps every message it receives.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

struct mosquitto;

namespace passway::sim::zjchilink {

struct MqttMessage {
    std::string topic;
    std::string payload;
};

class MqttPeer {
public:
    MqttPeer(const std::string& clientId, std::uint16_t brokerPort);  // connects (throws on failure)
    ~MqttPeer();
    MqttPeer(const MqttPeer&) = delete;
    MqttPeer& operator=(const MqttPeer&) = delete;

    // Subscribes and waits for the broker's acknowledgement.
    bool subscribe(const std::string& pattern, int qos = 1, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    bool publish(const std::string& topic, const std::string& payload, int qos = 1, bool retain = false);
    std::vector<MqttMessage> received() const;

private:
    mosquitto* client_ = nullptr;
    mutable std::mutex mutex_;
    std::vector<MqttMessage> received_;
    int subscribed_ = 0;
};

}  // namespace passway::sim::zjchilink
