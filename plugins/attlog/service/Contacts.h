#pragma once

#include "AttlogConfig.h"
#include "passway/PluginApi.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace passway::attlog {

// Online / offline of bridge-served devices. Bridges poll (commands, users)
// and hold no connection, so a device is online from its first request and
// offline after offline_after_s of silence; last contact is written at most
// every last_seen_persist_s besides that.
class Contacts {
public:
    Contacts(PluginContext& context, const AttlogConfig& config) : context_(context), config_(config) {}

    void heard(std::int64_t deviceId, const std::string& serial, const std::string& address, std::int64_t nowMs);
    // Marks the silent ones offline.
    void sweep(std::int64_t nowMs);
    // At stop: every online device goes offline with its last contact.
    void stop();

private:
    struct Contact {
        std::string serial;
        std::string address;
        std::int64_t lastHeardMs = 0;
        std::int64_t persistedMs = 0;
        bool online = false;
    };

    PluginContext& context_;
    const AttlogConfig& config_;
    std::mutex mutex_;
    std::map<std::int64_t, Contact> contacts_;
};

}  // namespace passway::attlog
