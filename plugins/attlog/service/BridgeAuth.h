#pragma once

#include "AttlogConfig.h"
#include "passway/PluginApi.h"

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace passway::attlog {

// Who is speaking: the bridge a token belongs to, and whether that bridge
// may speak for an SN. A token is tied to the SNs it introduced (kept in
// the plugin's key-value space as bridge.<deviceId>): an SN that arrives
// with another bridge's token is refused and raises a device alarm, since
// either a bridge was moved or a token leaked.
class BridgeAuth {
public:
    BridgeAuth(PluginContext& context, const AttlogConfig& config) : context_(context), config_(config) {}

    // The bridge name of `token`; empty when no bridge has it.
    std::string bridgeOf(const std::string& token) const;

    // Binds the device to `bridge` at first sight. Throws ProtocolError 403
    // (after the alarm) when another bridge introduced it.
    void admit(const std::string& bridge, std::int64_t deviceId, const std::string& serial);

    // A token as logs may show it: its first three characters and its length.
    static std::string masked(const std::string& token);

private:
    PluginContext& context_;
    const AttlogConfig& config_;
    std::mutex mutex_;
    std::set<std::pair<std::int64_t, std::string>> alarmed_;  // (device, bridge) alarms already raised
};

}  // namespace passway::attlog
