#include "service/Contacts.h"

#include <vector>

namespace passway::attlog {

void Contacts::heard(std::int64_t deviceId, const std::string& serial, const std::string& address, std::int64_t nowMs) {
    bool announce = false;
    bool persist = false;
    {
        std::lock_guard lock(mutex_);
        Contact& c = contacts_[deviceId];
        c.serial = serial;
        announce = !c.online || c.address != address;
        persist = nowMs - c.persistedMs >= static_cast<std::int64_t>(config_.lastSeenPersistSeconds) * 1000;
        c.address = address;
        c.lastHeardMs = nowMs;
        c.online = true;
        if (announce || persist) c.persistedMs = nowMs;
    }
    // The store is written outside the lock: other devices do not wait on it.
    if (announce) {
        context_.devices().online(deviceId, serial, address, nowMs);
    } else if (persist) {
        context_.devices().seen(deviceId, address, nowMs);
    }
}

void Contacts::sweep(std::int64_t nowMs) {
    std::vector<std::pair<std::int64_t, Contact>> silent;
    {
        std::lock_guard lock(mutex_);
        const std::int64_t limit = static_cast<std::int64_t>(config_.offlineAfterSeconds) * 1000;
        for (auto& [id, c] : contacts_) {
            if (c.online && nowMs - c.lastHeardMs > limit) {
                c.online = false;
                silent.emplace_back(id, c);
            }
        }
    }
    for (const auto& [id, c] : silent) context_.devices().offline(id, c.serial, c.address, c.lastHeardMs);
}

void Contacts::stop() {
    std::map<std::int64_t, Contact> all;
    {
        std::lock_guard lock(mutex_);
        all.swap(contacts_);
    }
    for (const auto& [id, c] : all) {
        if (c.online) context_.devices().offline(id, c.serial, c.address, c.lastHeardMs);
    }
}

}  // namespace passway::attlog
