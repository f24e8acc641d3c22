#pragma once

#include "passway/JsonText.h"
#include "passway/PluginApi.h"

#include <Poco/JSON/Object.h>

namespace passway::tcpjson {

// Keeps a device_info the terminal answered as its reported state; its
// address text names the device while an admin has not named it.
inline void saveDeviceInfo(PluginContext& context, std::int64_t deviceId, const Poco::JSON::Object::Ptr& deviceInfo) {
    std::string name;
    if (deviceInfo->has("address") && deviceInfo->get("address").isString()) {
        name = deviceInfo->getValue<std::string>("address");
    }
    context.devices().mergeReported(deviceId, json::text(deviceInfo), name);
}

} // namespace passway::tcpjson
