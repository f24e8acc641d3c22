#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace passway {

// A socket listener a plugin registered. Its connections run plugin code on
// the listener's own threads, so stop() must not return while any of that
// code still runs: the host unloads the plugin's library right after.
class PluginListener {
public:
    virtual ~PluginListener() = default;

    virtual std::uint16_t port() const = 0;
    virtual std::string describe() const = 0;  // e.g. "http 0.0.0.0:8080"

    // Stops accepting, gives work in progress up to `grace` to finish, then
    // cuts the remaining connections and waits until none of them runs.
    virtual void stop(std::chrono::milliseconds grace) = 0;
};

} // namespace passway
