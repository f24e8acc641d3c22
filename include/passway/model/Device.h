#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passway {

enum class DeviceState { Pending, Active, Disabled };

const char* toString(DeviceState state);
// Throws std::invalid_argument for an unknown name.
DeviceState deviceStateFromString(const std::string& name);

// A terminal. `serial` is unique within its protocol; the store assigns `id`.
struct Device {
    std::int64_t id = 0;
    std::string protocol;          // plugin id: httpv2, tcpjson, ...
    std::string serial;
    std::string name;
    DeviceState state = DeviceState::Pending;
    bool online = false;
    std::int64_t lastSeen = 0;     // unix milliseconds, 0 = never
    std::string address;           // last remote address seen
    std::string pinnedAddress;     // the address it is known by: its first, or the last an operator accepted
    std::string pendingAddress;    // a different address it called from, awaiting an operator ("" = none)
    std::string reported = "{}";   // JSON object text: parameters the device reported
    std::string desired = "{}";    // JSON object text: parameters an admin wants it to have
    std::vector<std::string> accessGroups;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

} // namespace passway
