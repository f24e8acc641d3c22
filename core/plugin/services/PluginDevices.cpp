#include "plugin/services/PluginDevices.h"

#include "plugin/DeviceLeases.h"
#include "plugin/services/HostCall.h"
#include "passway/Clock.h"
#include "store/Store.h"
#include "util/SecretPolicy.h"

#include <Poco/Logger.h>

namespace passway::plugin {

namespace {

constexpr std::size_t kMaxName = 128;

} // namespace

Device PluginDevices::obtain(const std::string& serial) {
    if (serial.empty()) throw HostError(HostError::Kind::Invalid, "a device needs a serial");
    std::lock_guard lock(createMutex_);
    auto& devices = scope_.store.devices();
    bool created = false;
    bool activated = false;
    auto device = hostCall([&] { return devices.findBySerial(scope_.pluginId, serial); });
    if (device) {
        if (device->state == DeviceState::Pending && autoActivate_) {
            device->state = DeviceState::Active;
            // The change and its event are one fact (the event journal).
            hostCall([&] {
                scope_.store.atomically([&] {
                    devices.setState(device->id, DeviceState::Active);
                    scope_.publish(events::deviceStateChanged(*device));
                });
            });
            activated = true;
        }
    } else {
        Device fresh;
        fresh.protocol = scope_.pluginId;
        fresh.serial = serial;
        fresh.state = autoActivate_ ? DeviceState::Active : DeviceState::Pending;
        try {
            scope_.store.atomically([&] {
                device = devices.create(fresh);
                scope_.publish(events::deviceStateChanged(*device));
            });
            created = true;
            if (device->state == DeviceState::Pending) boundPending(device->id);
        } catch (const StoreError& e) {
            if (!e.conflict()) throw HostError(HostError::Kind::Unavailable, e.what());
            // Registered meanwhile by another host on the same store.
            device = hostCall([&] { return devices.findBySerial(scope_.pluginId, serial); });
            if (!device) throw HostError(HostError::Kind::Unavailable, e.what());
        }
    }
    if (created || activated) {
        scope_.logger.information("terminal " + serial + " " + (created ? "registered" : "activated") + " as " +
                                  toString(device->state) + " (device " + std::to_string(device->id) + ")");
    }
    return *device;
}

void PluginDevices::boundPending(std::int64_t keep) {
    const std::size_t bound = identity_.policy().maxPending;
    if (bound == 0) return;
    try {
        auto& devices = scope_.store.devices();
        const std::size_t pending = devices.countInState(DeviceState::Pending);
        if (pending <= bound) return;
        // Unknown serials cost a row each: a flood of invented ones must not
        // grow the store without end, and the newest may be the real terminal.
        for (const auto id : devices.oldestInState(DeviceState::Pending, pending - bound)) {
            if (id == keep) continue;
            const auto dropped = devices.find(id);
            if (!dropped || !devices.remove(id)) continue;
            scope_.publish(events::deviceRemoved(*dropped, "max_pending"));
            scope_.logger.warning("pending terminal " + dropped->serial + " (" + dropped->protocol + ", device " +
                                  std::to_string(id) + ") dropped: more than devices.max_pending = " +
                                  std::to_string(bound) + " pending devices");
        }
    } catch (const std::exception& e) {
        scope_.logger.warning(std::string("cannot bound the pending devices: ") + e.what());
    }
}

std::optional<Device> PluginDevices::find(std::int64_t deviceId) {
    auto device = hostCall([&] { return scope_.store.devices().find(deviceId); });
    if (!device || device->protocol != scope_.pluginId) return std::nullopt;
    return device;
}

std::vector<Device> PluginDevices::list() {
    std::vector<Device> ours;
    for (auto& device : hostCall([&] { return scope_.store.devices().list(); })) {
        if (device.protocol == scope_.pluginId) ours.push_back(std::move(device));
    }
    return ours;
}

bool PluginDevices::ours(std::int64_t deviceId) { return find(deviceId).has_value(); }

bool PluginDevices::online(std::int64_t deviceId, const std::string& serial, const std::string& address,
                           std::int64_t atMs) {
    if (!seen(deviceId, address, atMs)) return false;
    scope_.publish(events::deviceOnline(deviceId, serial, scope_.pluginId, address));
    return true;
}

bool PluginDevices::seen(std::int64_t deviceId, const std::string& address, std::int64_t atMs) {
    if (!ours(deviceId)) return false;
    const bool known = hostCall([&] { return scope_.store.devices().markSeen(deviceId, atMs, address); });
    if (known && scope_.leases) scope_.leases->connected(deviceId);
    return known;
}

void PluginDevices::offline(std::int64_t deviceId, const std::string& serial, const std::string& address,
                            std::int64_t lastSeenMs, bool announce) {
    try {
        if (!ours(deviceId)) return;
        if (scope_.leases && scope_.leases->heldElsewhere(deviceId)) {
            // It moved to another host of the cluster, which hears from it:
            // silence here says nothing, and this host's last contact is old.
            scope_.logger.information("terminal " + serial + " is silent here but connected to another host; not offline");
            return;
        }
        if (lastSeenMs > 0) scope_.store.devices().markSeen(deviceId, lastSeenMs, address);
        scope_.store.devices().setOnline(deviceId, false);
        if (scope_.leases) scope_.leases->disconnected(deviceId);
    } catch (const std::exception& e) {
        scope_.logger.warning("terminal " + serial + ": cannot record going offline: " + e.what());
    }
    if (announce) scope_.publish(events::deviceOffline(deviceId, serial, scope_.pluginId, lastSeenMs));
}

std::optional<Device> PluginDevices::mergeReported(std::int64_t deviceId, const std::string& reportedJson,
                                                   const std::string& nameIfUnnamed) {
    auto device = find(deviceId);
    if (!device) return std::nullopt;
    const auto patch = json::objectOr(reportedJson);
    auto reported = json::objectOr(device->reported);
    for (const auto& name : patch->getNames()) {
        // Scrubbed on the way in: what is not stored cannot leak through the
        // admin API, the events or a backup.
        if (isSecretName(name)) {
            reported->set(name, std::string(kSecretMask));
        } else {
            reported->set(name, scrubSecrets(patch->get(name)));
        }
    }
    const std::string text = json::text(reported);
    const bool naming = device->name.empty() && !nameIfUnnamed.empty();
    if (text == device->reported && !naming) return device;
    device->reported = text;
    if (naming) device->name = nameIfUnnamed.substr(0, kMaxName);
    if (!hostCall([&] { return scope_.store.devices().update(*device); })) return std::nullopt;
    return device;
}

void PluginDevices::alarm(std::int64_t deviceId, const std::string& serial, const DeviceAlarm& alarm) {
    auto event = events::deviceAlarm(deviceId, serial, scope_.pluginId, alarm.alarm, alarm.source, alarm.event,
                                     alarm.cleared);
    if (!ours(deviceId)) {
        scope_.publish(std::move(event));
        return;
    }
    // Kept for the device page's alarm history; the alarm and its event are one fact.
    const DeviceAlarmEntry entry{0, deviceId, alarm.alarm, alarm.source, alarm.event, alarm.cleared, nowMillis()};
    hostCall([&] {
        scope_.store.atomically([&] {
            scope_.store.deviceAlarms().add(entry);
            scope_.publish(std::move(event));
        });
    });
}

} // namespace passway::plugin
