#include "sim/zjchilink/MqttPeer.h"

#include <mosquitto.h>

#include <stdexcept>
#include <thread>

namespace passway::sim::zjchilink {

MqttPeer::MqttPeer(const std::string& clientId, std::uint16_t brokerPort) {
    mosquitto_lib_init();
    client_ = mosquitto_new(clientId.c_str(), true, this);
    if (!client_) throw std::runtime_error("mosquitto_new failed");
    mosquitto_message_callback_set(client_, [](mosquitto*, void* self, const mosquitto_message* m) {
        auto& peer = *static_cast<MqttPeer*>(self);
        std::lock_guard lock(peer.mutex_);
        peer.received_.push_back({m->topic, std::string(static_cast<const char*>(m->payload), m->payloadlen)});
    });
    mosquitto_subscribe_callback_set(client_, [](mosquitto*, void* self, int, int, const int*) {
        auto& peer = *static_cast<MqttPeer*>(self);
        std::lock_guard lock(peer.mutex_);
        ++peer.subscribed_;
    });
    if (mosquitto_connect(client_, "127.0.0.1", brokerPort, 30) != MOSQ_ERR_SUCCESS) {
        mosquitto_destroy(client_);
        throw std::runtime_error("cannot connect to the broker on " + std::to_string(brokerPort));
    }
    mosquitto_loop_start(client_);
}

MqttPeer::~MqttPeer() {
    mosquitto_disconnect(client_);
    mosquitto_loop_stop(client_, true);
    mosquitto_destroy(client_);
}

bool MqttPeer::subscribe(const std::string& pattern, int qos, std::chrono::milliseconds timeout) {
    int before = 0;
    {
        std::lock_guard lock(mutex_);
        before = subscribed_;
    }
    if (mosquitto_subscribe(client_, nullptr, pattern.c_str(), qos) != MOSQ_ERR_SUCCESS) return false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard lock(mutex_);
            if (subscribed_ > before) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

bool MqttPeer::publish(const std::string& topic, const std::string& payload, int qos, bool retain) {
    return mosquitto_publish(client_, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos,
                             retain) == MOSQ_ERR_SUCCESS;
}

std::vector<MqttMessage> MqttPeer::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

}  // namespace passway::sim::zjchilink
