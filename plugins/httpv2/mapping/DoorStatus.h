#pragma once

#include "wire/JsonFields.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passway::httpv2 {

// The door states a keepalive (and UploadWorkSetting) carries.
struct DoorStatus {
    std::optional<int> relay;        // RelayStatus: 0 COM-NC, 1 COM-NO
    std::optional<int> keepOpen;     // KeepOpenStatus
    std::optional<int> doorSensor;   // DoorSensorStatus: 0 closed, 1 open
    std::optional<int> lockDoor;     // LockDoorStatus
    std::optional<std::vector<std::string>> alarms;  // AlarmStatus, split; nullopt when not sent

    bool operator==(const DoorStatus&) const = default;
};

DoorStatus readDoorStatus(const JsonFields& fields);

// The states `update` sent over those of `known` (members it did not send
// keep their known value).
DoorStatus overlay(const DoorStatus& known, const DoorStatus& update);

// Writes the states into a reported-settings object, under the document's
// names (AlarmStatus joined with commas again).
void writeDoorStatus(Poco::JSON::Object& reported, const DoorStatus& status);

// "fire,blacklist" → {fire, blacklist}. "" and the work-setting example's
// escaped "\"\"" are no alarm.
std::vector<std::string> parseAlarms(std::string_view alarmStatus);

// Alarms in `now` that `before` did not have: each one is a new alarm.
std::vector<std::string> raisedAlarms(const std::vector<std::string>& before, const std::vector<std::string>& now);

} // namespace passway::httpv2
