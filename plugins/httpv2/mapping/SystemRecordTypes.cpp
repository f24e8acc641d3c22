#include "mapping/SystemRecordTypes.h"

#include <array>

namespace passway::httpv2 {

namespace {

// Index = event type; "RecordType -- 门磁记录 事件类型".
constexpr std::array<SystemEvent, 9> kDoorSensor{{
    {"door_sensor.unknown", "", false, "unknown door sensor event"},
    {"door_sensor.opened", "", false, "door sensor: door opened"},                         // 1
    {"door_sensor.closed", "", false, "door sensor: door closed"},                         // 2
    {"door_sensor.alarm_armed", "", false, "door sensor alarm detection entered"},         // 3
    {"door_sensor.alarm_disarmed", "", false, "door sensor alarm detection left"},         // 4
    {"door_sensor.not_closed", "", false, "door not closed properly"},                     // 5
    {"door_sensor.button_open", "", false, "door opened with the exit button"},            // 6
    {"door_sensor.button_while_locked", "", false, "exit button pressed while the door was locked"},  // 7
    {"door_sensor.button_controller_expired", "", false, "exit button pressed, controller expired"},  // 8
}};

// Index = event type; "RecordType -- 系统记录 事件类型". Alarm words are the
// keepalive's AlarmStatus names, so one alarm reads the same from both.
constexpr std::array<SystemEvent, 46> kSystem{{
    {"system.unknown", "", false, "unknown system event"},
    {"system.software_open", "", false, "opened by software"},                              // 1
    {"system.software_close", "", false, "closed by software"},                             // 2
    {"system.software_keep_open", "", false, "kept open by software"},                      // 3
    {"system.auto_keep_open", "", false, "controller entered keep-open"},                   // 4
    {"system.auto_close", "", false, "controller closed the door"},                         // 5
    {"system.button_keep_open", "", false, "exit button held: keep open"},                  // 6
    {"system.button_keep_closed", "", false, "exit button held: keep closed"},              // 7
    {"system.software_lock", "", false, "locked by software"},                              // 8
    {"system.software_unlock", "", false, "unlocked by software"},                          // 9
    {"system.timed_lock", "", false, "timed lock began"},                                   // 10
    {"system.timed_unlock", "", false, "timed lock ended"},                                 // 11
    {"system.alarm_lock", "", false, "alarm: locked"},                                      // 12
    {"system.alarm_unlock", "", false, "alarm: unlocked"},                                  // 13
    {"system.illegal_verification_alarm", "illegal", false, "illegal verification alarm"},  // 14
    {"system.door_sensor_alarm", "doorSensor", false, "door sensor alarm"},                 // 15
    {"system.duress_alarm", "password", false, "duress alarm"},                             // 16
    {"system.open_timeout_alarm", "openTimeout", false, "door open too long alarm"},        // 17
    {"system.blacklist_alarm", "blacklist", false, "blacklist alarm"},                      // 18
    {"system.fire_alarm", "fire", false, "fire alarm"},                                     // 19
    {"system.tamper_alarm", "anti", false, "tamper alarm"},                                 // 20
    {"system.illegal_verification_alarm_cleared", "illegal", true, "illegal verification alarm cleared"},  // 21
    {"system.door_sensor_alarm_cleared", "doorSensor", true, "door sensor alarm cleared"},  // 22
    {"system.duress_alarm_cleared", "password", true, "duress alarm cleared"},              // 23
    {"system.open_timeout_alarm_cleared", "openTimeout", true, "door open too long alarm cleared"},  // 24
    {"system.blacklist_alarm_cleared", "blacklist", true, "blacklist alarm cleared"},       // 25
    {"system.fire_alarm_cleared", "fire", true, "fire alarm cleared"},                      // 26
    {"system.tamper_alarm_cleared", "anti", true, "tamper alarm cleared"},                  // 27
    {"system.power_on", "", false, "system powered on"},                                    // 28
    {"system.watchdog_reset", "", false, "system reset by the watchdog"},                   // 29
    {"system.records_formatted", "", false, "records formatted"},                           // 30
    {"system.reader_reversed", "", false, "card reader wired the wrong way"},               // 31
    {"system.reader_disconnected", "", false, "card reader not connected"},                 // 32
    {"system.reader_unknown", "", false, "unrecognised card reader"},                       // 33
    {"system.network_cable_unplugged", "", false, "network cable unplugged"},               // 34
    {"system.network_cable_plugged", "", false, "network cable plugged in"},                // 35
    {"system.wifi_connected", "", false, "Wi-Fi connected"},                                // 36
    {"system.wifi_disconnected", "", false, "Wi-Fi disconnected"},                          // 37
    {"system.bluetooth_open", "", false, "opened over Bluetooth"},                          // 38
    {"system.roll_call_timeout", "", false, "roll call timed out"},                         // 39
    {"system.menu_cleared_people", "", false, "all people cleared in the device menu"},     // 40
    {"system.menu_backup_people", "", false, "people backed up to USB in the device menu"}, // 41
    {"system.menu_import_people", "", false, "people imported from USB in the device menu"},// 42
    {"system.indoor_unit_open", "", false, "opened from an indoor unit"},                   // 43
    {"system.records_deleted", "", false, "all records deleted"},                           // 44
    {"system.people_deleted", "", false, "all people deleted"},                             // 45
}};

} // namespace

SystemEvent systemEvent(SystemRecordKind kind, int eventType) {
    if (kind == SystemRecordKind::DoorSensor) {
        if (eventType < 1 || eventType >= static_cast<int>(kDoorSensor.size())) return kDoorSensor[0];
        return kDoorSensor[static_cast<std::size_t>(eventType)];
    }
    if (eventType < 1 || eventType >= static_cast<int>(kSystem.size())) return kSystem[0];
    return kSystem[static_cast<std::size_t>(eventType)];
}

} // namespace passway::httpv2
