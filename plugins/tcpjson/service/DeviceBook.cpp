#include "service/DeviceBook.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <sstream>

namespace passway::tcpjson {

namespace {

std::string stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

} // namespace

Device DeviceBook::obtain(const std::string& uuid) {
    std::lock_guard lock(createMutex_);
    auto& devices = context_.store().devices();
    if (auto device = devices.findBySerial(context_.pluginId(), uuid)) {
        if (device->state == DeviceState::Pending && context_.autoActivateDevices()) {
            devices.setState(device->id, DeviceState::Active);
            device->state = DeviceState::Active;
            auto payload = devicePayload(device->id, uuid);
            payload->set("state", std::string(toString(device->state)));
            publish("device.state.changed", payload);
        }
        return *device;
    }
    Device fresh;
    fresh.protocol = context_.pluginId();
    fresh.serial = uuid;
    fresh.state = context_.autoActivateDevices() ? DeviceState::Active : DeviceState::Pending;
    Device created;
    try {
        created = devices.create(fresh);
    } catch (const StoreError& e) {
        if (!e.conflict()) throw;
        auto again = devices.findBySerial(context_.pluginId(), uuid);  // created meanwhile by another host
        if (!again) throw;
        return *again;
    }
    context_.logger().information("terminal " + uuid + " registered as " + toString(created.state) + " (device " +
                                  std::to_string(created.id) + ")");
    auto payload = devicePayload(created.id, uuid);
    payload->set("state", std::string(toString(created.state)));
    publish("device.state.changed", payload);
    return created;
}

std::optional<Device> DeviceBook::find(std::int64_t deviceId) { return context_.store().devices().find(deviceId); }

void DeviceBook::saveReported(std::int64_t deviceId, const Poco::JSON::Object::Ptr& deviceInfo) {
    auto device = context_.store().devices().find(deviceId);
    if (!device) return;
    Poco::JSON::Object::Ptr reported;
    try {
        reported = Poco::JSON::Parser().parse(device->reported).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
    }
    if (!reported) reported = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& name : deviceInfo->getNames()) reported->set(name, deviceInfo->get(name));
    const std::string text = stringify(reported);
    const bool named = device->name.empty() && deviceInfo->has("address") && deviceInfo->get("address").isString();
    if (text == device->reported && !named) return;
    device->reported = text;
    if (named) device->name = deviceInfo->getValue<std::string>("address").substr(0, 128);
    context_.store().devices().update(*device);
}

void DeviceBook::online(const Device& device, const std::string& address, std::int64_t nowMs) {
    context_.store().devices().markSeen(device.id, nowMs, address);
    auto payload = devicePayload(device.id, device.serial);
    payload->set("address", address);
    publish("device.online", payload);
}

void DeviceBook::seen(std::int64_t deviceId, const std::string& address, std::int64_t nowMs) {
    context_.store().devices().markSeen(deviceId, nowMs, address);
}

void DeviceBook::offline(std::int64_t deviceId, const std::string& uuid, std::int64_t lastSeenMs) {
    try {
        context_.store().devices().setOnline(deviceId, false);
    } catch (const StoreError& e) {
        context_.logger().warning("terminal " + uuid + ": cannot record going offline: " + e.what());
    }
    auto payload = devicePayload(deviceId, uuid);
    payload->set("lastSeen", static_cast<Poco::Int64>(lastSeenMs));
    publish("device.offline", payload);
}

Poco::JSON::Object::Ptr DeviceBook::devicePayload(std::int64_t deviceId, const std::string& uuid) const {
    Poco::JSON::Object::Ptr payload = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    payload->set("deviceId", static_cast<Poco::Int64>(deviceId));
    payload->set("serial", uuid);
    payload->set("protocol", context_.pluginId());
    return payload;
}

void DeviceBook::publish(const std::string& topic, const Poco::JSON::Object::Ptr& payload) {
    context_.publish(topic, stringify(payload));
}

void DeviceBook::commandFinished(const Command& command, CommandState state, const std::string& resultJson) {
    Poco::JSON::Object::Ptr payload = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    payload->set("commandId", static_cast<Poco::Int64>(command.id));
    payload->set("deviceId", static_cast<Poco::Int64>(command.deviceId));
    payload->set("kind", command.kind);
    payload->set("state", std::string(toString(state)));
    try {
        payload->set("result", Poco::JSON::Parser().parse(resultJson));
    } catch (const std::exception&) {
        payload->set("result", resultJson);
    }
    publish("command.finished", payload);
}

} // namespace passway::tcpjson
