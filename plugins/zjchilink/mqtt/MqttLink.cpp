#include "mqtt/MqttLink.h"

#include <mosquitto.h>

#include <mutex>
#include <stdexcept>

namespace passway::zjchilink {

namespace {

void libraryInit() {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

const char* const MqttLink::kTopics[] = {"+/+/+/create", "+/+/+/update", "+/+/+/delete",
                                         "+/+/+/control", "+/+/+/set", "+/+/+/query", nullptr};

MqttLink::MqttLink(const ZjConfig& config, Poco::Logger& logger, MessageHandler onMessage)
    : config_(config), logger_(logger), onMessage_(std::move(onMessage)) {
    ZjConfig::splitMqttUrl(config.mqttUrl, host_, port_);
}

MqttLink::~MqttLink() { stop(); }

void MqttLink::start() {
    libraryInit();
    client_ = mosquitto_new(config_.mqttClientId.c_str(), true, this);
    if (!client_) throw std::runtime_error("mqtt: cannot create a client");
    if (!config_.mqttUsername.empty()) {
        mosquitto_username_pw_set(client_, config_.mqttUsername.c_str(),
                                  config_.mqttPassword.empty() ? nullptr : config_.mqttPassword.c_str());
    }
    mosquitto_connect_callback_set(client_, &MqttLink::onConnect);
    mosquitto_disconnect_callback_set(client_, &MqttLink::onDisconnect);
    mosquitto_message_callback_set(client_, &MqttLink::onMessageThunk);
    mosquitto_reconnect_delay_set(client_, static_cast<unsigned>(config_.mqttReconnectMinSeconds),
                                  static_cast<unsigned>(config_.mqttReconnectMaxSeconds), true);
    running_ = true;
    // Asynchronous: a broker that is down now is retried by the loop with back-off.
    const int rc = mosquitto_connect_async(client_, host_.c_str(), port_, config_.mqttKeepaliveSeconds);
    if (rc != MOSQ_ERR_SUCCESS) {
        logger_.warning("mqtt: first connection to " + host_ + ":" + std::to_string(port_) + " failed (" +
                        mosquitto_strerror(rc) + "); retrying");
    }
    if (mosquitto_loop_start(client_) != MOSQ_ERR_SUCCESS) {
        mosquitto_destroy(client_);
        client_ = nullptr;
        throw std::runtime_error("mqtt: cannot start the network thread");
    }
    logger_.information("mqtt: connecting to " + host_ + ":" + std::to_string(port_) + " as " + config_.mqttClientId +
                        (config_.mqttUsername.empty() ? "" : " (user " + config_.mqttUsername + ", password ***)"));
}

void MqttLink::stop() {
    if (!client_) return;
    running_ = false;
    mosquitto_disconnect(client_);
    mosquitto_loop_stop(client_, true);
    mosquitto_destroy(client_);
    client_ = nullptr;
    connected_ = false;
}

bool MqttLink::publish(const std::string& topic, const std::string& payload, int qos, bool retain) {
    if (!client_ || !connected_) {
        logger_.warning("mqtt: not connected; " + topic + " not published");
        return false;
    }
    const int rc = mosquitto_publish(client_, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(),
                                     qos, retain);
    if (rc != MOSQ_ERR_SUCCESS) logger_.warning("mqtt: publishing " + topic + " failed: " + mosquitto_strerror(rc));
    return rc == MOSQ_ERR_SUCCESS;
}

void MqttLink::onConnect(mosquitto* client, void* self, int rc) {
    auto& link = *static_cast<MqttLink*>(self);
    if (rc != 0) {
        link.logger_.warning(std::string("mqtt: the broker refused the connection: ") + mosquitto_connack_string(rc));
        return;
    }
    for (const char* const* topic = kTopics; *topic; ++topic) mosquitto_subscribe(client, nullptr, *topic, 1);
    link.connected_ = true;
    link.logger_.information("mqtt: connected to " + link.host_ + ":" + std::to_string(link.port_) + ", subscribed");
}

void MqttLink::onDisconnect(mosquitto*, void* self, int rc) {
    auto& link = *static_cast<MqttLink*>(self);
    link.connected_ = false;
    if (link.running_ && rc != 0) link.logger_.warning("mqtt: connection lost; reconnecting with back-off");
}

void MqttLink::onMessageThunk(mosquitto*, void* self, const mosquitto_message* message) {
    auto& link = *static_cast<MqttLink*>(self);
    if (!message || !message->topic) return;
    constexpr int kMaxPayload = 64 * 1024;
    if (message->payloadlen > kMaxPayload) {
        link.logger_.warning(std::string("mqtt: message on ") + message->topic + " over 64 KiB dropped");
        return;
    }
    const std::string payload(static_cast<const char*>(message->payload), static_cast<std::size_t>(message->payloadlen));
    try {
        link.onMessage_(message->topic, payload);
    } catch (const std::exception& e) {
        link.logger_.error(std::string("mqtt: message on ") + message->topic + " failed: " + e.what());
    }
}

}  // namespace passway::zjchilink
