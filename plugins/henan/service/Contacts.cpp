#include "service/Contacts.h"

#include <vector>

namespace passway::henan {

namespace {
constexpr std::int64_t kPersistEveryMs = 60'000;
}

void Contacts::heard(std::int64_t deviceId, const std::string& serial, const std::string& address, std::int64_t nowMs) {
    bool announce = false;
    bool persist = false;
    {
        std::lock_guard lock(mutex_);
        auto [at, fresh] = online_.try_emplace(deviceId);
        auto& c = at->second;
        announce = fresh;
        persist = !fresh && nowMs - c.persistedMs >= kPersistEveryMs;
        c.serial = serial;
        c.address = address;
        c.lastMs = nowMs;
        if (announce || persist) c.persistedMs = nowMs;
    }
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
        for (auto it = online_.begin(); it != online_.end();) {
            if (nowMs - it->second.lastMs > static_cast<std::int64_t>(config_.offlineAfterSeconds) * 1000) {
                silent.emplace_back(it->first, it->second);
                it = online_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto& [id, c] : silent) context_.devices().offline(id, c.serial, c.address, c.lastMs);
}

}  // namespace passway::henan
