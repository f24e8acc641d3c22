#pragma once

#include "model/Page.h"

#include <cstdint>
#include <string>

namespace passway {

// An alarm a terminal reported (device.alarm, device.alarm.cleared), as kept
// for the device page (migration 010).
struct DeviceAlarmEntry {
    std::int64_t id = 0;
    std::int64_t deviceId = 0;
    std::string alarm;     // fire | blacklist | doorSensor | ... (passway/services/DeviceService.h)
    std::string source;    // where the plugin saw it
    std::string event;     // protocol detail, may be empty
    bool cleared = false;  // the alarm ended
    std::int64_t at = 0;   // unix ms, when the host heard of it
};

// The alarm history of each device; removed with the device.
class DeviceAlarmRepository {
public:
    virtual ~DeviceAlarmRepository() = default;

    // Stores one alarm, filling id. Joins the calling thread's open unit of work.
    virtual DeviceAlarmEntry add(const DeviceAlarmEntry& alarm) = 0;
    // A device's alarms, newest first, with how many it has in all.
    virtual Page<DeviceAlarmEntry> list(std::int64_t deviceId, std::int64_t offset, std::int64_t limit) = 0;
};

} // namespace passway
