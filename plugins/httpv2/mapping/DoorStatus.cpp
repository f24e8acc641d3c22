#include "mapping/DoorStatus.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace passway::httpv2 {

namespace {

std::optional<int> state(const JsonFields& f, std::string_view key) {
    const auto v = f.integer(key);
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
}

} // namespace

DoorStatus readDoorStatus(const JsonFields& f) {
    DoorStatus s;
    s.relay = state(f, "RelayStatus");
    s.keepOpen = state(f, "KeepOpenStatus");
    s.doorSensor = state(f, "DoorSensorStatus");
    s.lockDoor = state(f, "LockDoorStatus");
    if (const auto alarms = f.text("AlarmStatus")) s.alarms = parseAlarms(*alarms);
    return s;
}

DoorStatus overlay(const DoorStatus& known, const DoorStatus& update) {
    DoorStatus s = known;
    if (update.relay) s.relay = update.relay;
    if (update.keepOpen) s.keepOpen = update.keepOpen;
    if (update.doorSensor) s.doorSensor = update.doorSensor;
    if (update.lockDoor) s.lockDoor = update.lockDoor;
    if (update.alarms) s.alarms = update.alarms;
    return s;
}

void writeDoorStatus(Poco::JSON::Object& reported, const DoorStatus& s) {
    if (s.relay) reported.set("RelayStatus", *s.relay);
    if (s.keepOpen) reported.set("KeepOpenStatus", *s.keepOpen);
    if (s.doorSensor) reported.set("DoorSensorStatus", *s.doorSensor);
    if (s.lockDoor) reported.set("LockDoorStatus", *s.lockDoor);
    if (s.alarms) {
        std::string joined;
        for (const auto& alarm : *s.alarms) joined += (joined.empty() ? "" : ",") + alarm;
        reported.set("AlarmStatus", joined);
    }
}

std::vector<std::string> parseAlarms(std::string_view alarmStatus) {
    std::string text(alarmStatus);
    Poco::removeInPlace(text, '"');
    Poco::removeInPlace(text, '\\');
    std::vector<std::string> alarms;
    const Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens) {
        if (std::find(alarms.begin(), alarms.end(), token) == alarms.end()) alarms.push_back(token);
    }
    return alarms;
}

std::vector<std::string> raisedAlarms(const std::vector<std::string>& before, const std::vector<std::string>& now) {
    std::vector<std::string> raised;
    for (const auto& alarm : now) {
        if (std::find(before.begin(), before.end(), alarm) == before.end()) raised.push_back(alarm);
    }
    return raised;
}

} // namespace passway::httpv2
