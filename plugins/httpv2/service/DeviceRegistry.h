#pragma once

#include "Httpv2Config.h"
#include "passway/PluginApi.h"
#include "service/DeviceEntry.h"

#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace passway::httpv2 {

// The terminals of this plugin, by serial and by id, cached in memory.
// The host's DeviceService registers unknown serials and publishes the
// events; this cache spares a keepalive any read. Admin changes reach it
// through refresh(), which the plugin calls on device.state.changed /
// parameters / access groups.
class DeviceRegistry {
public:
    DeviceRegistry(PluginContext& context, const Httpv2Config& config);

    // Loads every httpv2 device of the store (at start).
    void loadAll();
    // The terminal with this serial; registered by the host when new.
    // Throws HostError.
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

    // Merges `reported` into the device's reported state (the host scrubs
    // secrets), names it `name` while unnamed, and refreshes the entry.
    // False when the device is gone.
    bool mergeReported(DeviceEntry& entry, const Poco::JSON::Object::Ptr& reported, const std::string& name = {});

    // The plugin's key (kv()) under which the digest of the last delivered desired settings is kept.
    static std::string deliveredKey(std::int64_t deviceId);

private:
    std::shared_ptr<DeviceEntry> insert(const Device& device);
    void apply(DeviceEntry& entry, const Device& device);
    void forget(std::int64_t deviceId);

    PluginContext& context_;
    const Httpv2Config& config_;

    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<DeviceEntry>> bySerial_;
    std::unordered_map<std::int64_t, std::shared_ptr<DeviceEntry>> byId_;
    std::mutex createMutex_;  // one creation at a time, so a serial is created once
};

} // namespace passway::httpv2
