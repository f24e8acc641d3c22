#pragma once

#include "HenanConfig.h"
#include "passway/PluginApi.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace passway::henan {

// Online / offline of the terminals: the first request after a silence
// announces the device online, later ones persist the last contact now and
// then, and a terminal silent for offline_after_s goes offline (sweep()).
class Contacts {
public:
    Contacts(PluginContext& context, const HenanConfig& config) : context_(context), config_(config) {}

    void heard(std::int64_t deviceId, const std::string& serial, const std::string& address, std::int64_t nowMs);
    void sweep(std::int64_t nowMs);

private:
    struct Contact {
        std::string serial;
        std::string address;
        std::int64_t lastMs = 0;
        std::int64_t persistedMs = 0;
    };
    PluginContext& context_;
    const HenanConfig& config_;
    std::mutex mutex_;
    std::map<std::int64_t, Contact> online_;
};

}  // namespace passway::henan
