#pragma once

// Every event topic and its payload, built in one place for the core, the
// scripts' bridge and plugins: one builder per topic, one name per field.
// The README's Events section lists the same; a field renamed here is
// renamed everywhere.

#include "passway/JsonText.h"
#include "passway/model/Command.h"
#include "passway/model/Device.h"
#include "passway/model/Record.h"

#include <Poco/JSONString.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway::events {

// A topic and its payload (JSON object text), ready for publish().
struct Outgoing {
    std::string topic;
    std::string payload;
};

namespace topic {
inline constexpr const char* kPersonChanged = "person.changed";
inline constexpr const char* kDeviceStateChanged = "device.state.changed";
inline constexpr const char* kDeviceParametersChanged = "device.parameters.changed";
inline constexpr const char* kDeviceAccessGroupsChanged = "device.access_groups.changed";
inline constexpr const char* kDeviceOnline = "device.online";
inline constexpr const char* kDeviceOffline = "device.offline";
inline constexpr const char* kDeviceAlarm = "device.alarm";
inline constexpr const char* kDeviceAlarmCleared = "device.alarm.cleared";
inline constexpr const char* kDeviceSnapshot = "device.snapshot";
inline constexpr const char* kDeviceAuthorization = "device.authorization";
inline constexpr const char* kDeviceClockSkew = "device.clock_skew";
inline constexpr const char* kDeviceAddressChanged = "device.address_changed";
inline constexpr const char* kDeviceAddressAccepted = "device.address_accepted";
inline constexpr const char* kDeviceRemoved = "device.removed";
inline constexpr const char* kCommandQueued = "command.queued";
inline constexpr const char* kCommandFinished = "command.finished";
inline constexpr const char* kSyncWanted = "sync.wanted";
inline constexpr const char* kRecordCreated = "record.created";
inline constexpr const char* kFaceMatched = "face.matched";
inline constexpr const char* kRecordSuspect = "record.suspect";
inline constexpr const char* kPersonReview = "person.review";
} // namespace topic

namespace detail {
inline Poco::JSON::Object::Ptr device(std::int64_t deviceId, const std::string& serial, const std::string& protocol) {
    auto payload = json::ordered();
    payload->set("deviceId", static_cast<Poco::Int64>(deviceId));
    payload->set("serial", serial);
    payload->set("protocol", protocol);
    return payload;
}
inline Poco::Dynamic::Var userIdOr(std::optional<std::uint32_t> userId) {
    return userId ? Poco::Dynamic::Var(static_cast<Poco::UInt64>(*userId)) : Poco::Dynamic::Var();
}
} // namespace detail

// person.review: a change a terminal sent waits for an operator (reviewId,
// deviceId, userId, reasons: new_person | role_admin | new_card, state:
// pending | accepted | rejected).
inline Outgoing personReview(std::int64_t reviewId, std::int64_t deviceId, std::uint32_t userId,
                             const std::string& reasons, const std::string& state) {
    auto payload = json::ordered();
    payload->set("reviewId", static_cast<Poco::Int64>(reviewId));
    payload->set("deviceId", static_cast<Poco::Int64>(deviceId));
    payload->set("userId", static_cast<Poco::UInt64>(userId));
    payload->set("reasons", reasons);
    payload->set("state", state);
    return {topic::kPersonReview, json::text(payload)};
}

// person.changed: userId, version, action (created | updated | removed), source (who changed it).
inline Outgoing personChanged(std::uint32_t userId, std::int64_t version, const std::string& action,
                              const std::string& source) {
    auto payload = json::ordered();
    payload->set("userId", static_cast<Poco::UInt64>(userId));
    payload->set("version", static_cast<Poco::Int64>(version));
    payload->set("action", action);
    payload->set("source", source);
    return {topic::kPersonChanged, json::text(payload)};
}

// device.state.changed: deviceId, serial, protocol, state.
inline Outgoing deviceStateChanged(const Device& device) {
    auto payload = detail::device(device.id, device.serial, device.protocol);
    payload->set("state", std::string(toString(device.state)));
    return {topic::kDeviceStateChanged, json::text(payload)};
}

// device.parameters.changed: deviceId.
inline Outgoing deviceParametersChanged(std::int64_t deviceId) {
    auto payload = json::ordered();
    payload->set("deviceId", static_cast<Poco::Int64>(deviceId));
    return {topic::kDeviceParametersChanged, json::text(payload)};
}

// device.access_groups.changed: deviceId, accessGroups.
inline Outgoing deviceAccessGroupsChanged(std::int64_t deviceId, const std::vector<std::string>& accessGroups) {
    auto payload = json::ordered();
    payload->set("deviceId", static_cast<Poco::Int64>(deviceId));
    Poco::JSON::Array::Ptr groups = new Poco::JSON::Array;
    for (const auto& group : accessGroups) groups->add(group);
    payload->set("accessGroups", groups);
    return {topic::kDeviceAccessGroupsChanged, json::text(payload)};
}

// device.online: deviceId, serial, protocol, address.
inline Outgoing deviceOnline(std::int64_t deviceId, const std::string& serial, const std::string& protocol,
                             const std::string& address) {
    auto payload = detail::device(deviceId, serial, protocol);
    payload->set("address", address);
    return {topic::kDeviceOnline, json::text(payload)};
}

// device.offline: deviceId, serial, protocol, lastSeen (unix ms).
inline Outgoing deviceOffline(std::int64_t deviceId, const std::string& serial, const std::string& protocol,
                              std::int64_t lastSeen) {
    auto payload = detail::device(deviceId, serial, protocol);
    payload->set("lastSeen", static_cast<Poco::Int64>(lastSeen));
    return {topic::kDeviceOffline, json::text(payload)};
}

// device.alarm / device.alarm.cleared: deviceId, serial, protocol, alarm, source, event (when known).
inline Outgoing deviceAlarm(std::int64_t deviceId, const std::string& serial, const std::string& protocol,
                            const std::string& alarm, const std::string& source, const std::string& event,
                            bool cleared) {
    auto payload = detail::device(deviceId, serial, protocol);
    payload->set("alarm", alarm);
    payload->set("source", source);
    if (!event.empty()) payload->set("event", event);
    return {cleared ? topic::kDeviceAlarmCleared : topic::kDeviceAlarm, json::text(payload)};
}

// device.address_changed (an alarm): deviceId, serial, protocol, address (the
// one it is known by), newAddress, refused (plugin.<id>.pin_address is set).
inline Outgoing deviceAddressChanged(std::int64_t deviceId, const std::string& serial, const std::string& protocol,
                                     const std::string& address, const std::string& newAddress, bool refused) {
    auto payload = detail::device(deviceId, serial, protocol);
    payload->set("address", address);
    payload->set("newAddress", newAddress);
    payload->set("refused", refused);
    return {topic::kDeviceAddressChanged, json::text(payload)};
}

// device.address_accepted: deviceId, serial, protocol, address (now known by).
inline Outgoing deviceAddressAccepted(const Device& device) {
    auto payload = detail::device(device.id, device.serial, device.protocol);
    payload->set("address", device.pinnedAddress);
    return {topic::kDeviceAddressAccepted, json::text(payload)};
}

// device.removed: deviceId, serial, protocol, reason (admin | max_pending).
inline Outgoing deviceRemoved(const Device& device, const std::string& reason) {
    auto payload = detail::device(device.id, device.serial, device.protocol);
    payload->set("reason", reason);
    return {topic::kDeviceRemoved, json::text(payload)};
}

// device.snapshot: deviceId, serial, protocol, photo (sha256), commandId (0: none).
inline Outgoing deviceSnapshot(std::int64_t deviceId, const std::string& serial, const std::string& protocol,
                               const std::string& photo, std::int64_t commandId) {
    auto payload = detail::device(deviceId, serial, protocol);
    payload->set("photo", photo);
    payload->set("commandId", static_cast<Poco::Int64>(commandId));
    return {topic::kDeviceSnapshot, json::text(payload)};
}

// device.clock_skew: deviceId, serial, protocol, skewSeconds (terminal minus
// server: positive when the terminal is ahead), deviceTime and serverTime
// (unix seconds), pushed (whether the server's time is being sent to it).
inline Outgoing deviceClockSkew(std::int64_t deviceId, const std::string& serial, const std::string& protocol,
                                std::int64_t skewSeconds, std::int64_t deviceTime, std::int64_t serverTime,
                                bool pushed) {
    auto payload = detail::device(deviceId, serial, protocol);
    payload->set("skewSeconds", static_cast<Poco::Int64>(skewSeconds));
    payload->set("deviceTime", static_cast<Poco::Int64>(deviceTime));
    payload->set("serverTime", static_cast<Poco::Int64>(serverTime));
    payload->set("pushed", pushed);
    return {topic::kDeviceClockSkew, json::text(payload)};
}

// device.authorization: deviceId, serial, protocol, userId (null: unknown), success, reason.
inline Outgoing deviceAuthorization(std::int64_t deviceId, const std::string& serial, const std::string& protocol,
                                    std::optional<std::uint32_t> userId, int success, const std::string& reason) {
    auto payload = detail::device(deviceId, serial, protocol);
    payload->set("userId", detail::userIdOr(userId));
    payload->set("success", success);
    payload->set("reason", reason);
    return {topic::kDeviceAuthorization, json::text(payload)};
}

// command.queued: commandId, deviceId, kind.
inline Outgoing commandQueued(const Command& command) {
    auto payload = json::ordered();
    payload->set("commandId", static_cast<Poco::Int64>(command.id));
    payload->set("deviceId", static_cast<Poco::Int64>(command.deviceId));
    payload->set("kind", command.kind);
    return {topic::kCommandQueued, json::text(payload)};
}

// command.finished: commandId, deviceId, kind, state, result (the JSON it holds, else the text).
inline Outgoing commandFinished(const Command& command, CommandState state, const std::string& resultJson) {
    auto payload = json::ordered();
    payload->set("commandId", static_cast<Poco::Int64>(command.id));
    payload->set("deviceId", static_cast<Poco::Int64>(command.deviceId));
    payload->set("kind", command.kind);
    payload->set("state", std::string(toString(state)));
    payload->set("result", json::valueOr(resultJson));
    return {topic::kCommandFinished, json::text(payload)};
}

// record.created: id, deviceId, deviceRecordId, userId (or null), deviceTime,
// receivedTime, verifyType, direction, result, reason, temperature (or null),
// photo (sha256, "" when none; the same name as in the admin API and Lua).
// The terminal's raw record is not carried: it can be large, and it is in
// the store for whoever needs it.
// The one event of every uploaded record, built on the upload's path: it is
// written field by field, each value as Poco's stringify writes it (the text
// is the same), because a JSON object of Vars cost a tenth of an upload's CPU.
inline Outgoing recordCreated(const Record& record) {
    std::string p;
    p.reserve(320 + record.deviceRecordId.size() + record.reason.size());
    const auto name = [&p](const char* field) {
        p += p.empty() ? "{\"" : ",\"";
        p += field;
        p += "\":";
    };
    const auto number = [&](const char* field, std::int64_t value) {
        name(field);
        p += std::to_string(value);
    };
    const auto text = [&](const char* field, const std::string& value) {
        name(field);
        p += Poco::toJSON(value);
    };
    number("id", record.id);
    number("deviceId", record.deviceId);
    text("deviceRecordId", record.deviceRecordId);
    name("userId");
    p += record.userId ? std::to_string(*record.userId) : "null";
    number("deviceTime", record.deviceTime);
    number("receivedTime", record.receivedTime);
    text("verifyType", record.verifyType);
    text("direction", record.direction);
    text("result", record.result);
    text("reason", record.reason);
    name("temperature");
    p += record.temperature ? Poco::Dynamic::Var(*record.temperature).convert<std::string>() : "null";
    text("photo", record.photoBlob);
    text("card", record.card);  // "" when the record names no card
    p += '}';
    return {topic::kRecordCreated, std::move(p)};
}

// sync.wanted: deviceIds.
inline Outgoing syncWanted(const std::vector<std::int64_t>& deviceIds) {
    auto payload = json::ordered();
    Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
    for (const auto id : deviceIds) ids->add(static_cast<Poco::Int64>(id));
    payload->set("deviceIds", ids);
    return {topic::kSyncWanted, json::text(payload)};
}

// The deviceId of a payload about one device; nullopt when it has none.
inline std::optional<std::int64_t> deviceIdOf(const std::string& payload) {
    const auto object = json::objectOr(payload);
    if (!object->has("deviceId")) return std::nullopt;
    try {
        return object->getValue<Poco::Int64>("deviceId");
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The deviceIds of a sync.wanted payload.
inline std::vector<std::int64_t> deviceIdsOf(const std::string& payload) {
    std::vector<std::int64_t> ids;
    const auto array = json::objectOr(payload)->getArray("deviceIds");
    if (!array) return ids;
    for (unsigned i = 0; i < array->size(); ++i) {
        try {
            ids.push_back(array->getElement<Poco::Int64>(i));
        } catch (const std::exception&) {
        }
    }
    return ids;
}

} // namespace passway::events
