#pragma once

#include "plugin/PluginApi.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace passway::tcpjson {

// The store's side of this plugin's terminals and the events about them:
// registration by uuid (pending unless the host auto-activates), the
// reported device_info, contact and online state.
class DeviceBook {
public:
    explicit DeviceBook(PluginContext& context) : context_(context) {}

    // The device of this uuid, created when new (publishing
    // device.state.changed). Throws StoreError.
    Device obtain(const std::string& uuid);
    std::optional<Device> find(std::int64_t deviceId);
    // Saves device_info as the reported parameters (and the address text as
    // the name while the device has none).
    void saveReported(std::int64_t deviceId, const Poco::JSON::Object::Ptr& deviceInfo);
    void online(const Device& device, const std::string& address, std::int64_t nowMs);
    void seen(std::int64_t deviceId, const std::string& address, std::int64_t nowMs);
    void offline(std::int64_t deviceId, const std::string& uuid, std::int64_t lastSeenMs);

    void publish(const std::string& topic, const Poco::JSON::Object::Ptr& payload);
    Poco::JSON::Object::Ptr devicePayload(std::int64_t deviceId, const std::string& uuid) const;
    void commandFinished(const Command& command, CommandState state, const std::string& resultJson);

private:
    PluginContext& context_;
    std::mutex createMutex_;  // one registration of a uuid at a time
};

} // namespace passway::tcpjson
