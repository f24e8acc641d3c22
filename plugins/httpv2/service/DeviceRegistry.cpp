#include "service/DeviceRegistry.h"

#include "mapping/WorkSettings.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "wire/JsonFields.h"

#include <Poco/Logger.h>

namespace passway::httpv2 {

DeviceRegistry::DeviceRegistry(PluginContext& context, const Httpv2Config& config)
    : context_(context), config_(config) {}

std::string DeviceRegistry::deliveredKey(std::int64_t deviceId) {
    return "parameters_delivered." + std::to_string(deviceId);
}

void DeviceRegistry::apply(DeviceEntry& entry, const Device& device) {
    // A broken stored object reads as empty: the terminal's next upload replaces it.
    const auto reported = json::objectOr(device.reported);
    const auto desired = json::objectOr(device.desired);
    bool parametersPending = false;
    if (desired->size() > 0 && !desiredSatisfied(reported, desired)) {
        const auto delivered = context_.kv().get(deliveredKey(device.id));
        parametersPending = !delivered || *delivered != settingsDigest(desired);
    }
    std::lock_guard lock(entry.mutex);
    entry.state = device.state;
    entry.accessGroups = device.accessGroups;
    entry.keepaliveSeconds = keepaliveSeconds(reported, config_.defaultKeepaliveSeconds);
    entry.tzMinutes = timeZoneMinutes(reported);
    entry.hasSettings = hasWorkSettings(reported);
    entry.parametersPending = parametersPending;
    entry.door = readDoorStatus(JsonFields(reported));
    entry.timeGroups = JsonFields(reported).array("TimeGroups");
}

std::shared_ptr<DeviceEntry> DeviceRegistry::insert(const Device& device) {
    auto entry = std::make_shared<DeviceEntry>(device.id, device.serial);
    apply(*entry, device);
    {
        std::lock_guard lock(entry->mutex);
        entry->online = device.online;
        entry->lastSeen = device.lastSeen;
        entry->lastPersisted = device.lastSeen;
        entry->address = device.address;
    }
    std::unique_lock lock(mutex_);
    bySerial_[device.serial] = entry;
    byId_[device.id] = entry;
    return entry;
}

void DeviceRegistry::loadAll() {
    std::size_t count = 0;
    for (const auto& device : context_.devices().list()) {
        insert(device);
        ++count;
    }
    context_.logger().information(std::to_string(count) + " httpv2 terminals known");
}

std::shared_ptr<DeviceEntry> DeviceRegistry::obtain(const std::string& serial) {
    {
        std::shared_lock lock(mutex_);
        const auto found = bySerial_.find(serial);
        if (found != bySerial_.end()) return found->second;
    }
    std::lock_guard create(createMutex_);
    {
        std::shared_lock lock(mutex_);
        const auto found = bySerial_.find(serial);
        if (found != bySerial_.end()) return found->second;
    }
    return insert(context_.devices().obtain(serial));
}

std::shared_ptr<DeviceEntry> DeviceRegistry::find(std::int64_t deviceId) const {
    std::shared_lock lock(mutex_);
    const auto found = byId_.find(deviceId);
    return found == byId_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<DeviceEntry>> DeviceRegistry::all() const {
    std::shared_lock lock(mutex_);
    std::vector<std::shared_ptr<DeviceEntry>> entries;
    entries.reserve(byId_.size());
    for (const auto& [id, entry] : byId_) entries.push_back(entry);
    return entries;
}

void DeviceRegistry::forget(std::int64_t deviceId) {
    std::unique_lock lock(mutex_);
    const auto found = byId_.find(deviceId);
    if (found == byId_.end()) return;
    bySerial_.erase(found->second->serial);
    byId_.erase(found);
}

void DeviceRegistry::refresh(std::int64_t deviceId) {
    const auto device = context_.devices().find(deviceId);
    if (!device) {
        forget(deviceId);
        return;
    }
    if (const auto entry = find(deviceId)) {
        apply(*entry, *device);
    } else {
        insert(*device);
    }
}

bool DeviceRegistry::touch(DeviceEntry& entry, const std::string& address, std::int64_t nowMs) {
    bool cameOnline = false;
    bool persist = false;
    {
        std::lock_guard lock(entry.mutex);
        cameOnline = !entry.online;
        persist = cameOnline || !entry.heardHere || address != entry.address ||
                  nowMs - entry.lastPersisted >= static_cast<std::int64_t>(config_.lastSeenPersistSeconds) * 1000;
        entry.heardHere = true;
        entry.online = true;
        entry.lastSeen = nowMs;
        entry.address = address;
        if (persist) entry.lastPersisted = nowMs;
    }
    if (persist) {
        try {
            const bool known = cameOnline ? context_.devices().online(entry.id, entry.serial, address, nowMs)
                                          : context_.devices().seen(entry.id, address, nowMs);
            if (!known) {
                forget(entry.id);  // removed through the admin API: the next request registers it anew
                return false;
            }
        } catch (const HostError& e) {
            // Contact is bookkeeping: the request itself goes on.
            context_.logger().warning("terminal " + entry.serial + ": cannot record contact: " + e.what());
        }
    }
    return cameOnline;
}

void DeviceRegistry::sweep(std::int64_t nowMs) {
    for (const auto& entry : all()) {
        std::int64_t lastSeen = 0;
        std::string address;
        {
            std::lock_guard lock(entry->mutex);
            if (!entry->online) continue;
            const std::int64_t silence = static_cast<std::int64_t>(config_.offlineAfterKeepalives) *
                                         entry->keepaliveSeconds * 1000;
            if (nowMs - entry->lastSeen <= silence) continue;
            entry->online = false;
            lastSeen = entry->lastSeen;
            address = entry->address;
            entry->lastPersisted = entry->lastSeen;
        }
        context_.logger().information("terminal " + entry->serial + " offline (silent since " +
                                      std::to_string((nowMs - lastSeen) / 1000) + " s)");
        context_.devices().offline(entry->id, entry->serial, address, lastSeen);
    }
}

void DeviceRegistry::persistContacts() {
    for (const auto& entry : all()) {
        std::int64_t lastSeen = 0;
        std::string address;
        bool online = false;
        {
            std::lock_guard lock(entry->mutex);
            if (entry->lastPersisted >= entry->lastSeen) continue;
            lastSeen = entry->lastSeen;
            address = entry->address;
            online = entry->online;
            entry->lastPersisted = lastSeen;
        }
        if (!online) {
            context_.devices().offline(entry->id, entry->serial, address, lastSeen, false);  // announced when it went
            continue;
        }
        try {
            context_.devices().seen(entry->id, address, lastSeen);
        } catch (const HostError& e) {
            context_.logger().warning("terminal " + entry->serial + ": cannot record contact: " + e.what());
        }
    }
}

bool DeviceRegistry::mergeReported(DeviceEntry& entry, const Poco::JSON::Object::Ptr& reported,
                                   const std::string& name) {
    const auto device = context_.devices().mergeReported(entry.id, json::text(reported), name);
    if (!device) {
        forget(entry.id);
        return false;
    }
    apply(entry, *device);
    return true;
}

} // namespace passway::httpv2
