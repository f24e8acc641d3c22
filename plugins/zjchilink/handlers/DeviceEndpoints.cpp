// 2.1 iot_manage_view: the devices (gateways, locks, sensors) of a user —
// owned, or shared through an authorization. Each is also a Passway device
// of protocol zjchilink (its uuid the serial), so it shows in the device list.

#include "handlers/Handlers.h"

#include "passway/Clock.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <Poco/Logger.h>

namespace passway::zjchilink {

namespace {

const char* kFilters[] = {"ver", "type_sub", "category", "uuid", "icon", "title"};

bool validUuid(const std::string& uuid) {
    if (uuid.empty() || uuid.size() > 64) return false;
    for (char c : uuid) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != ':') return false;
    }
    return true;
}

// The device as the document shows it to `userId`.
Poco::JSON::Object::Ptr shown(Services& s, const Poco::JSON::Object::Ptr& d, std::int64_t userId) {
    auto out = passway::json::ordered();
    for (const char* key : {"id", "title", "ver", "icon", "user_id", "create_time", "update_time", "category",
                            "type_sub", "uuid", "body"}) {
        out->set(key, d->has(key) ? d->get(key) : Poco::Dynamic::Var());
    }
    Poco::Dynamic::Var perm, authorizationId;
    if (intField(d, "user_id") != userId) {
        for (const auto& a : s.docs.list("authorizations", [&](const auto& a) {
                 return intField(a, "info_id") == intField(d, "id") && intField(a, "authorized_id") == userId;
             })) {
            perm = intField(a, "perm");
            authorizationId = intField(a, "id");
        }
    }
    out->set("perm", perm);
    out->set("authorization_id", authorizationId);
    auto param = d->getObject("param");
    out->set("param", param ? param : passway::json::ordered());
    return out;
}

void checkSpaces(Services& s, const Call& call, const Poco::JSON::Object::Ptr& param) {
    if (!param) return;
    for (const char* key : {"unit_id", "floor_id", "room_id"}) {
        if (!hasField(param, key)) continue;
        const auto space = s.docs.get("spaces", intField(param, key));
        if (!space || intField(space, "user_id") != call.userId()) {
            throw ApiError(code::kSpaceMissing, std::string("no space ") + textField(param, key) + " (" + key + ")");
        }
    }
}

Reply create(Services& s, Call& call) {
    const auto data = call.data();
    if (!data) throw ApiError(code::kParams, "data is required");
    const std::string uuid = textField(data, "uuid"), category = textField(data, "category");
    if (!validUuid(uuid)) throw ApiError(code::kParams, "uuid must be 1..64 letters, digits, '-', '_' or ':'");
    if (category.empty() || category.size() > 32) throw ApiError(code::kParams, "category is required");
    if (!s.docs.list("devices", [&](const auto& d) { return textField(d, "uuid") == uuid; }).empty()) {
        throw ApiError(code::kDeviceExists, "device " + uuid + " exists");
    }
    auto param = data->getObject("param");
    checkSpaces(s, call, param);
    Device host;
    try {
        host = s.canonical.device(uuid, data);
    } catch (const HostError& e) {
        s.context.logger().error("device " + uuid + " not registered with the host: " + e.what());
        throw ApiError(code::kDeviceCreateFailed, "the device cannot be registered now");
    }
    const std::string now = localTime(nowMillis());
    auto d = passway::json::ordered();
    d->set("title", textField(data, "title").substr(0, 128));
    d->set("ver", textField(data, "ver"));
    d->set("icon", textField(data, "icon"));
    d->set("user_id", call.userId());
    d->set("create_time", now);
    d->set("update_time", now);
    d->set("category", category);
    d->set("type_sub", textField(data, "type_sub", textField(data, "type")));
    d->set("uuid", uuid);
    d->set("body", textField(data, "body"));
    d->set("param", param ? param : passway::json::ordered());
    d->set("passway_device_id", host.id);
    d = s.docs.create("devices", d);
    auto stored = d->getObject("param");
    stored->set("id", intField(d, "id"));
    stored->set("info_id", intField(d, "id"));
    s.docs.put("devices", d);
    s.context.logger().information("device " + uuid + " (" + category + ") added by app user " +
                                   textField(call.user, "username"));
    return Reply(code::kDeviceCreated, dataMsg(shown(s, d, call.userId())));
}

Reply update(Services& s, Call& call) {
    auto d = deviceOr(s, call.id);
    requirePermission(s, call, d, 4);
    const auto data = call.data();
    if (!data) throw ApiError(code::kParams, "data is required");
    for (const char* key : {"title", "ver", "icon", "body"}) {
        if (data->has(key)) d->set(key, textField(data, key).substr(0, 128));
    }
    if (const auto param = data->getObject("param")) {
        checkSpaces(s, call, param);
        auto stored = d->getObject("param");
        for (const auto& [key, value] : *param) {
            if (key != "id" && key != "info_id") stored->set(key, value);
        }
    }
    d->set("update_time", localTime(nowMillis()));
    s.docs.put("devices", d);
    return Reply(code::kDeviceUpdated, dataMsg(shown(s, d, call.userId())));
}

Reply remove(Services& s, Call& call) {
    auto d = deviceOr(s, call.id);
    requirePermission(s, call, d, 7);
    for (const auto& a : s.docs.list("authorizations", [&](const auto& a) { return intField(a, "info_id") == call.id; })) {
        s.docs.remove("authorizations", intField(a, "id"));
    }
    s.docs.remove("devices", call.id);
    s.context.logger().information("device " + textField(d, "uuid") + " removed by app user " +
                                   textField(call.user, "username") + " (it stays in Passway's device list)");
    return Reply(code::kDeviceDeleted, dataMsg(shown(s, d, call.userId())));
}

}  // namespace

Reply devices(Services& s, Call& call) {
    if (call.method == "POST" && !call.id) return create(s, call);
    if (call.method == "PUT" && call.id) return update(s, call);
    if (call.method == "DELETE" && call.id) return remove(s, call);
    if (call.method != "GET") throw ApiError(code::kParams, call.method + " needs " + (call.id ? "no id" : "an id"));
    if (call.id) {
        auto d = deviceOr(s, call.id);
        requirePermission(s, call, d, 2);
        return Reply(code::kDevice, dataMsg(shown(s, d, call.userId())));
    }
    const std::int64_t user = call.userId();
    std::vector<Poco::JSON::Object::Ptr> found;
    for (const auto& d : s.docs.list("devices")) {
        if (permissionOf(s, user, d) < 2) continue;
        bool match = true;
        for (const char* key : kFilters) {
            if (call.query.count(key) && textField(d, key) != call.param(key)) match = false;
        }
        if (match) found.push_back(shown(s, d, user));
    }
    return Reply(code::kDeviceList, pagedMsg(found, call));
}

}  // namespace passway::zjchilink
