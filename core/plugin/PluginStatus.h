#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passway {

// What the host knows about one plugin it was asked to load (admin page,
// logs, tests).
struct PluginStatus {
    std::string id;
    std::string version;      // as the library declares it; empty when never read
    std::string description;
    std::string file;         // the library path; empty for an invalid id
    std::string state;        // running | refused | failed | stopped
    std::string error;        // why refused or failed
    std::vector<std::uint16_t> ports;  // bound by listenHttp/listenTcp while running
};

} // namespace passway
