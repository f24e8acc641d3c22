#pragma once

// The events the plugin publishes (topic: payload members). Every payload
// names the device by deviceId and serial, with "protocol": "httpv2".
//
//   device.state.changed   deviceId, serial, protocol, state ("pending" | "active")
//                          a terminal the host did not know was created, or auto-activated
//   device.online          deviceId, serial, protocol, address
//   device.offline         deviceId, serial, protocol, lastSeen (unix ms)
//   device.alarm           deviceId, serial, protocol, alarm (fire | blacklist | anti | illegal |
//                          password | openTimeout | doorSensor | ...), source ("keepalive" |
//                          "system_record"), event (system records: e.g. "system.fire_alarm")
//   device.alarm.cleared   the same members, for an alarm that ended
//   device.snapshot        deviceId, serial, protocol, photoBlob, commandId (0: none)
//   device.authorization   deviceId, serial, protocol, userId (null: unknown), success, reason
//   command.finished       commandId, deviceId, kind, state ("done" | "failed" | "expired"), result
//   person.changed         userId, version, action ("created" | "updated"), source "httpv2"
// record.created is published by the host's record intake.

#include "plugin/PluginApi.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway::httpv2 {

class EventPublisher {
public:
    explicit EventPublisher(PluginContext& context) : context_(context) {}

    void deviceStateChanged(std::int64_t deviceId, const std::string& serial, const char* state);
    void deviceOnline(std::int64_t deviceId, const std::string& serial, const std::string& address);
    void deviceOffline(std::int64_t deviceId, const std::string& serial, std::int64_t lastSeen);
    void deviceAlarm(std::int64_t deviceId, const std::string& serial, const std::string& alarm, const char* source,
                     const std::string& event, bool cleared);
    void deviceSnapshot(std::int64_t deviceId, const std::string& serial, const std::string& photoBlob,
                        std::int64_t commandId);
    void deviceAuthorization(std::int64_t deviceId, const std::string& serial, std::optional<std::uint32_t> userId,
                             int success, const std::string& reason);
    void commandFinished(std::int64_t commandId, std::int64_t deviceId, const std::string& kind, const char* state,
                         const std::string& resultJson);
    void personChanged(std::uint32_t userId, std::int64_t version, const char* action);

private:
    Poco::JSON::Object::Ptr device(std::int64_t deviceId, const std::string& serial) const;
    void publish(const std::string& topic, const Poco::JSON::Object::Ptr& payload);

    PluginContext& context_;
};

} // namespace passway::httpv2
