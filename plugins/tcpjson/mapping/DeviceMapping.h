#pragma once

#include "TcpjsonConfig.h"

#include <string>

namespace passway::tcpjson {

// The document's role and type codes are examples ("role": 0, "open_door_type":
// 1, ...), so a site may meet terminals that number them otherwise. The
// plugin's keys (role.*, open_door_types, in_out_types) give the defaults;
// a device's desired parameters may override them under "mapping", which
// is never sent to the terminal:
//
//   {"mapping": {"role": {"normal": 0, "admin": 1, "blacklist": null},
//                "open_door_types": {"1": "face", "2": "card"},
//                "in_out_types": {"1": "in", "2": "out"}}}
//
// A role set to null (or "none") has no code on that device: a person with
// that role cannot be pushed there (a sync error, not a silent ordinary user).
class DeviceMapping {
public:
    // `base` with the overrides of `desiredJson` (a device's desired
    // parameters); malformed overrides are ignored, with `warning` naming them.
    static TcpjsonConfig overlay(const TcpjsonConfig& base, const std::string& desiredJson, std::string* warning = nullptr);
    // The desired parameters without "mapping": what set_device_info sends.
    static std::string withoutMapping(const std::string& desiredJson);
};

} // namespace passway::tcpjson
