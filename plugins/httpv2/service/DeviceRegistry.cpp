#include "service/DeviceRegistry.h"

#include "mapping/WorkSettings.h"
#include "wire/JsonFields.h"
#include "wire/TolerantJson.h"

#include <Poco/Logger.h>

namespace passway::httpv2 {

namespace {

const char* stateName(DeviceState state) {
    switch (state) {
    case DeviceState::Pending: return "pending";
    case DeviceState::Active: return "active";
    case DeviceState::Disabled: return "disabled";
    }
    return "pending";
}

Poco::JSON::Object::Ptr objectOr(const std::string& text) {
    try {
        if (!text.empty()) return parseJsonObject(text, "device JSON");
    } catch (const std::exception&) {
        // A broken stored object reads as empty: the terminal's next upload replaces it.
    }
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

} // namespace

DeviceRegistry::DeviceRegistry(PluginContext& context, const Httpv2Config& config, EventPublisher& events)
    : context_(context), config_(config), events_(events) {}

std::string DeviceRegistry::deliveredKey(std::int64_t deviceId) {
    return "httpv2.parameters_delivered." + std::to_string(deviceId);
}

void DeviceRegistry::apply(DeviceEntry& entry, const Device& device) {
    const auto reported = objectOr(device.reported);
    const auto desired = objectOr(device.desired);
    bool parametersPending = false;
    if (desired->size() > 0 && !desiredSatisfied(reported, desired)) {
        const auto delivered = context_.store().kv().get(deliveredKey(device.id));
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
    for (const auto& device : context_.store().devices().list()) {
        if (device.protocol != context_.pluginId()) continue;
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
    auto& devices = context_.store().devices();
    const bool autoActivate = context_.autoActivateDevices();
    std::optional<Device> device = devices.findBySerial(context_.pluginId(), serial);
    bool created = false;
    bool activated = false;
    if (!device) {
        Device fresh;
        fresh.protocol = context_.pluginId();
        fresh.serial = serial;
        fresh.state = autoActivate ? DeviceState::Active : DeviceState::Pending;
        try {
            device = devices.create(fresh);
            created = true;
        } catch (const StoreError& e) {
            if (!e.conflict()) throw;
            device = devices.findBySerial(context_.pluginId(), serial);  // created meanwhile by another host
            if (!device) throw;
        }
    } else if (device->state == DeviceState::Pending && autoActivate) {
        devices.setState(device->id, DeviceState::Active);
        device->state = DeviceState::Active;
        activated = true;
    }
    auto entry = insert(*device);
    if (created || activated) {
        context_.logger().information("terminal " + serial + " " + (created ? "registered" : "activated") + " as " +
                                      stateName(device->state) + " (device " + std::to_string(device->id) + ")");
        events_.deviceStateChanged(device->id, serial, stateName(device->state));
    }
    return entry;
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
    const auto device = context_.store().devices().find(deviceId);
    if (!device || device->protocol != context_.pluginId()) {
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
        persist = cameOnline || address != entry.address ||
                  nowMs - entry.lastPersisted >= static_cast<std::int64_t>(config_.lastSeenPersistSeconds) * 1000;
        entry.online = true;
        entry.lastSeen = nowMs;
        entry.address = address;
        if (persist) entry.lastPersisted = nowMs;
    }
    if (persist) {
        try {
            if (!context_.store().devices().markSeen(entry.id, nowMs, address)) {
                forget(entry.id);  // removed through the admin API: the next request registers it anew
                return false;
            }
        } catch (const StoreError& e) {
            // Contact is bookkeeping: the request itself goes on.
            context_.logger().warning("terminal " + entry.serial + ": cannot record contact: " + e.what());
        }
    }
    if (cameOnline) events_.deviceOnline(entry.id, entry.serial, address);
    return cameOnline;
}

void DeviceRegistry::sweep(std::int64_t nowMs) {
    for (const auto& entry : all()) {
        std::int64_t lastSeen = 0;
        std::string address;
        bool persistSeen = false;
        {
            std::lock_guard lock(entry->mutex);
            if (!entry->online) continue;
            const std::int64_t silence = static_cast<std::int64_t>(config_.offlineAfterKeepalives) *
                                         entry->keepaliveSeconds * 1000;
            if (nowMs - entry->lastSeen <= silence) continue;
            entry->online = false;
            lastSeen = entry->lastSeen;
            address = entry->address;
            persistSeen = entry->lastPersisted < entry->lastSeen;
            entry->lastPersisted = entry->lastSeen;
        }
        try {
            if (persistSeen && lastSeen > 0) context_.store().devices().markSeen(entry->id, lastSeen, address);
            context_.store().devices().setOnline(entry->id, false);
        } catch (const StoreError& e) {
            context_.logger().warning("terminal " + entry->serial + ": cannot record going offline: " + e.what());
        }
        context_.logger().information("terminal " + entry->serial + " offline (silent since " +
                                      std::to_string((nowMs - lastSeen) / 1000) + " s)");
        events_.deviceOffline(entry->id, entry->serial, lastSeen);
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
        try {
            context_.store().devices().markSeen(entry->id, lastSeen, address);
            if (!online) context_.store().devices().setOnline(entry->id, false);
        } catch (const StoreError& e) {
            context_.logger().warning("terminal " + entry->serial + ": cannot record contact: " + e.what());
        }
    }
}

bool DeviceRegistry::update(DeviceEntry& entry, const std::function<void(Device&)>& change) {
    auto device = context_.store().devices().find(entry.id);
    if (!device) {
        forget(entry.id);
        return false;
    }
    change(*device);
    if (!context_.store().devices().update(*device)) return false;
    apply(entry, *device);
    return true;
}

} // namespace passway::httpv2
