#pragma once

#include "Httpv2Config.h"
#include "plugin/PluginApi.h"
#include "service/DeviceEntry.h"
#include "service/EventPublisher.h"

#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace passway::httpv2 {

// The terminals of this plugin, by serial and by id, cached in memory.
// Unknown serials become devices (pending, or active when the host
// auto-activates); admin changes reach the cache through refresh(), which
// the plugin calls on device.state.changed / parameters / access groups.
class DeviceRegistry {
public:
    DeviceRegistry(PluginContext& context, const Httpv2Config& config, EventPublisher& events);

    // Loads every httpv2 device of the store (at start).
    void loadAll();
    // The terminal with this serial; created in the store when new
    // (publishing device.state.changed). Throws StoreError.
    std::shared_ptr<DeviceEntry> obtain(const std::string& serial);
    std::shared_ptr<DeviceEntry> find(std::int64_t deviceId) const;
    std::vector<std::shared_ptr<DeviceEntry>> all() const;
    // Reads the device again after a change made elsewhere; forgets it when
    // it was removed or belongs to another protocol.
    void refresh(std::int64_t deviceId);

    // Records contact now. Returns true when the terminal came online (and
    // publishes device.online).
    bool touch(DeviceEntry& entry, const std::string& address, std::int64_t nowMs);
    // Marks terminals offline after offline_after_keepalives intervals of
    // silence, publishing device.offline.
    void sweep(std::int64_t nowMs);
    // Writes every lastSeen not written yet (at stop).
    void persistContacts();

    // Reads the device from the store, lets `change` edit it, saves it and
    // refreshes the entry. False when the device is gone.
    bool update(DeviceEntry& entry, const std::function<void(Device&)>& change);

    // The key under which the digest of the last delivered desired settings is kept.
    static std::string deliveredKey(std::int64_t deviceId);

private:
    std::shared_ptr<DeviceEntry> insert(const Device& device);
    void apply(DeviceEntry& entry, const Device& device);
    void forget(std::int64_t deviceId);

    PluginContext& context_;
    const Httpv2Config& config_;
    EventPublisher& events_;

    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<DeviceEntry>> bySerial_;
    std::unordered_map<std::int64_t, std::shared_ptr<DeviceEntry>> byId_;
    std::mutex createMutex_;  // one creation at a time, so a serial is created once
};

} // namespace passway::httpv2
