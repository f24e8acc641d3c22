#include "service/BridgeAuth.h"

#include "wire/Answer.h"

#include <Poco/Logger.h>

namespace passway::attlog {

std::string BridgeAuth::bridgeOf(const std::string& token) const {
    const auto found = config_.tokens.find(token);
    return found == config_.tokens.end() ? std::string() : found->second;
}

void BridgeAuth::admit(const std::string& bridge, std::int64_t deviceId, const std::string& serial) {
    const std::string key = "bridge." + std::to_string(deviceId);
    std::lock_guard lock(mutex_);
    const auto owner = context_.kv().get(key);
    if (!owner || owner->empty()) {
        context_.kv().set(key, bridge);
        context_.logger().information("SN " + serial + " (device " + std::to_string(deviceId) +
                                      ") is served by bridge " + bridge);
        return;
    }
    if (*owner == bridge) return;
    if (alarmed_.emplace(deviceId, bridge).second) {
        context_.logger().warning("SN " + serial + " belongs to bridge " + *owner +
                                  " but came with the token of bridge " + bridge + ": refused");
        DeviceAlarm alarm;
        alarm.alarm = "token";
        alarm.source = "attlog";
        alarm.event = "sn_moved_bridge:" + *owner + "->" + bridge;
        context_.devices().alarm(deviceId, serial, alarm);
    }
    throw ProtocolError(403, "SN " + serial + " belongs to another bridge's token");
}

std::string BridgeAuth::masked(const std::string& token) {
    if (token.empty()) return "(none)";
    return token.substr(0, std::min<std::size_t>(3, token.size() / 4)) + "*** (" + std::to_string(token.size()) +
           " characters)";
}

}  // namespace passway::attlog
