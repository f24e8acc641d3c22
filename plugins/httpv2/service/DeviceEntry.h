#pragma once

#include "mapping/DoorStatus.h"
#include "passway/model/Device.h"

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace passway::httpv2 {

// What the plugin keeps in memory of one terminal, so a keepalive costs no
// read of the device row: its id, state and the facts derived from its
// stored settings, and its contact (online, lastSeen, address), which is
// written to the store only when it changes or has grown old
// (plugin.httpv2.last_seen_persist_s). Fields below the mutex are guarded by it.
struct DeviceEntry {
    DeviceEntry(std::int64_t deviceId, std::string deviceSerial) : id(deviceId), serial(std::move(deviceSerial)) {}

    const std::int64_t id;
    const std::string serial;

    mutable std::mutex mutex;
    DeviceState state = DeviceState::Pending;
    std::vector<std::string> accessGroups;
    // Contact.
    bool online = false;
    std::int64_t lastSeen = 0;       // unix ms, in memory
    std::int64_t lastPersisted = 0;  // when lastSeen was last written to the store
    // This process heard from it: its first contact here is written at once
    // even when the store says online already (its previous host died), so
    // that this host takes its device lease then, not at the next write.
    bool heardHere = false;
    std::string address;
    // From the stored settings.
    int keepaliveSeconds = 30;
    std::optional<int> tzMinutes;
    bool hasSettings = false;        // the host holds its work settings
    bool parametersPending = false;  // desired parameters not delivered yet
    bool clockPushPending = false;   // its clock was found off: SystemTime goes with the next DownloadWorkSetting
    bool clockRecheck = false;       // the time was pushed: UploadWorkParameter, to read the clock again
    DoorStatus door;
    Poco::JSON::Array::Ptr timeGroups;  // its TimeGroups, for online authorization (immutable once set)
};

} // namespace passway::httpv2
