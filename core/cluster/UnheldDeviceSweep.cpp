#include "cluster/UnheldDeviceSweep.h"

#include "bus/EventBus.h"
#include "passway/Events.h"
#include "store/ClusterRepository.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <set>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("cluster"); }

// Per look; the rest wait for the next one.
constexpr std::size_t kLookLimit = 1000;

} // namespace

UnheldDeviceSweep::UnheldDeviceSweep(ClusterRepository& cluster, EventBus& bus, std::chrono::milliseconds after)
    : cluster_(cluster),
      bus_(bus),
      afterMs_(after.count()),
      everyMs_(std::clamp<std::int64_t>(after.count() / 4, 1, 15000)) {}

void UnheldDeviceSweep::forget() {
    unheldSince_.clear();
    lastLook_ = 0;
}

void UnheldDeviceSweep::run(std::int64_t now) {
    if (lastLook_ != 0 && now - lastLook_ < everyMs_) return;
    lastLook_ = now;
    const auto unheld = cluster_.onlineUnheld(now, kLookLimit);
    const std::set<std::int64_t> current(unheld.begin(), unheld.end());
    // Held again (or offline) since the last look: its watch starts over.
    std::erase_if(unheldSince_, [&](const auto& entry) { return !current.contains(entry.first); });
    std::size_t marked = 0;
    for (const auto id : unheld) {
        const auto since = unheldSince_.try_emplace(id, now).first->second;
        if (now - since < afterMs_) continue;
        const auto device = cluster_.markUnheldOffline(id, now, now - afterMs_);
        unheldSince_.erase(id);
        if (!device) continue;  // a host heard from it meanwhile
        ++marked;
        log().notice("terminal " + device->serial + " (" + device->protocol + ", device " + std::to_string(id) +
                     ") offline: no host has held it for " + std::to_string(afterMs_ / 1000) +
                     " s (cluster.unheld_offline_ms); last seen at " + std::to_string(device->lastSeen));
        auto event = events::deviceOffline(id, device->serial, device->protocol, device->lastSeen);
        bus_.publish(event.topic, event.payload, "cluster");
    }
    log().debug("unheld sweep: " + std::to_string(unheld.size()) + " online terminals held by no host, " +
                std::to_string(marked) + " marked offline");
}

} // namespace passway
