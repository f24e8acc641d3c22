#include "service/EventPublisher.h"

#include "wire/TolerantJson.h"

#include <sstream>

namespace passway::httpv2 {

Poco::JSON::Object::Ptr EventPublisher::device(std::int64_t deviceId, const std::string& serial) const {
    Poco::JSON::Object::Ptr payload = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    payload->set("deviceId", static_cast<Poco::Int64>(deviceId));
    payload->set("serial", serial);
    payload->set("protocol", context_.pluginId());
    return payload;
}

void EventPublisher::publish(const std::string& topic, const Poco::JSON::Object::Ptr& payload) {
    std::ostringstream out;
    payload->stringify(out);
    context_.publish(topic, out.str());
}

void EventPublisher::deviceStateChanged(std::int64_t deviceId, const std::string& serial, const char* state) {
    auto payload = device(deviceId, serial);
    payload->set("state", std::string(state));
    publish("device.state.changed", payload);
}

void EventPublisher::deviceOnline(std::int64_t deviceId, const std::string& serial, const std::string& address) {
    auto payload = device(deviceId, serial);
    payload->set("address", address);
    publish("device.online", payload);
}

void EventPublisher::deviceOffline(std::int64_t deviceId, const std::string& serial, std::int64_t lastSeen) {
    auto payload = device(deviceId, serial);
    payload->set("lastSeen", static_cast<Poco::Int64>(lastSeen));
    publish("device.offline", payload);
}

void EventPublisher::deviceAlarm(std::int64_t deviceId, const std::string& serial, const std::string& alarm,
                                 const char* source, const std::string& event, bool cleared) {
    auto payload = device(deviceId, serial);
    payload->set("alarm", alarm);
    payload->set("source", std::string(source));
    if (!event.empty()) payload->set("event", event);
    publish(cleared ? "device.alarm.cleared" : "device.alarm", payload);
}

void EventPublisher::deviceSnapshot(std::int64_t deviceId, const std::string& serial, const std::string& photoBlob,
                                    std::int64_t commandId) {
    auto payload = device(deviceId, serial);
    payload->set("photoBlob", photoBlob);
    payload->set("commandId", static_cast<Poco::Int64>(commandId));
    publish("device.snapshot", payload);
}

void EventPublisher::deviceAuthorization(std::int64_t deviceId, const std::string& serial,
                                         std::optional<std::uint32_t> userId, int success, const std::string& reason) {
    auto payload = device(deviceId, serial);
    payload->set("userId", userId ? Poco::Dynamic::Var(static_cast<Poco::UInt64>(*userId)) : Poco::Dynamic::Var());
    payload->set("success", success);
    payload->set("reason", reason);
    publish("device.authorization", payload);
}

void EventPublisher::commandFinished(std::int64_t commandId, std::int64_t deviceId, const std::string& kind,
                                     const char* state, const std::string& resultJson) {
    Poco::JSON::Object::Ptr payload = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    payload->set("commandId", static_cast<Poco::Int64>(commandId));
    payload->set("deviceId", static_cast<Poco::Int64>(deviceId));
    payload->set("kind", kind);
    payload->set("state", std::string(state));
    try {
        payload->set("result", parseJson(resultJson));
    } catch (const std::exception&) {
        payload->set("result", resultJson);
    }
    publish("command.finished", payload);
}

void EventPublisher::personChanged(std::uint32_t userId, std::int64_t version, const char* action) {
    Poco::JSON::Object::Ptr payload = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    payload->set("userId", static_cast<Poco::UInt64>(userId));
    payload->set("version", static_cast<Poco::Int64>(version));
    payload->set("action", std::string(action));
    payload->set("source", context_.pluginId());
    publish("person.changed", payload);
}

} // namespace passway::httpv2
