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
    // For the admin page's Plugins screen:
    std::uint32_t apiVersion = 0;      // the host API the library declares; 0 when never read
    std::string declarations;          // its settings and command kinds (JSON text); empty: none
    std::vector<std::string> listeners;  // "http 0.0.0.0:9001", "tcp+tls ..." while running
    bool enabled = false;              // named by plugins.enabled
    std::uint64_t requests = 0;        // HTTP requests to its listeners since the host started
    std::uint64_t errors = 0;          // of those, answered 400 or more
};

} // namespace passway
