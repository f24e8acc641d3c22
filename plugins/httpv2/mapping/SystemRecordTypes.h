#pragma once

#include <string_view>

namespace passway::httpv2 {

// UploadSystemRecord: the batch's RecordType says the kind (1 door sensor,
// 2 system); each record's RecordType is an event of that kind (the
// document's two tables).
enum class SystemRecordKind { DoorSensor = 1, System = 2 };

struct SystemEvent {
    std::string_view name;         // stable id: "door_sensor.opened", "system.fire_alarm", ...
    std::string_view alarm;        // the keepalive's AlarmStatus word this raises or clears ("" when none)
    bool alarmCleared = false;     // the event ends `alarm` rather than raising it
    std::string_view description;  // the document's words, in English
};

// Unknown events map to {"door_sensor.unknown" | "system.unknown", "", false, ...}.
SystemEvent systemEvent(SystemRecordKind kind, int eventType);

} // namespace passway::httpv2
