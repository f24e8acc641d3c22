#include "admin/json/ModelJson.h"

#include "admin/json/Json.h"
#include "util/SecretPolicy.h"

namespace passway::admin::modeljson {

namespace {

Poco::JSON::Array::Ptr strings(const std::vector<std::string>& values) {
    auto out = json::array();
    for (const auto& v : values) out->add(v);
    return out;
}

Poco::Dynamic::Var orNull(const std::string& text) {
    return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
}

} // namespace

Poco::JSON::Object::Ptr device(const Device& d) {
    auto o = json::object();
    o->set("id", d.id);
    o->set("protocol", d.protocol);
    o->set("serial", d.serial);
    o->set("name", d.name);
    o->set("state", std::string(toString(d.state)));
    o->set("online", d.online);
    o->set("lastSeen", d.lastSeen);
    o->set("address", d.address);
    o->set("pinnedAddress", d.pinnedAddress);
    o->set("pendingAddress", d.pendingAddress);
    o->set("accessGroups", strings(d.accessGroups));
    // Terminals report their own passwords (RTSP, menu, Wi-Fi, MQTT) among
    // their settings; nobody needs them from the API, so they never leave it.
    o->set("reported", scrubSecrets(json::embed(d.reported)));
    o->set("desired", scrubSecrets(json::embed(d.desired)));
    o->set("createdAt", d.createdAt);
    o->set("updatedAt", d.updatedAt);
    return o;
}

Poco::JSON::Object::Ptr record(const Record& r, bool withRaw) {
    auto o = json::object();
    o->set("id", r.id);
    o->set("deviceId", r.deviceId);
    o->set("deviceRecordId", r.deviceRecordId);
    o->set("userId", r.userId ? Poco::Dynamic::Var(static_cast<std::uint64_t>(*r.userId)) : Poco::Dynamic::Var());
    o->set("deviceTime", r.deviceTime);
    o->set("receivedTime", r.receivedTime);
    o->set("verifyType", r.verifyType);
    o->set("direction", r.direction);
    o->set("temperature", r.temperature ? Poco::Dynamic::Var(*r.temperature) : Poco::Dynamic::Var());
    o->set("photo", orNull(r.photoBlob));
    o->set("result", r.result);
    o->set("reason", r.reason);
    o->set("card", orNull(r.card));
    if (withRaw) o->set("raw", json::embed(r.raw));
    return o;
}

Poco::JSON::Object::Ptr command(const Command& c) {
    auto o = json::object();
    o->set("id", c.id);
    o->set("deviceId", c.deviceId);
    o->set("kind", c.kind);
    o->set("args", json::embed(c.args));
    o->set("state", std::string(toString(c.state)));
    o->set("result", c.result.empty() ? Poco::Dynamic::Var() : json::embed(c.result));
    o->set("createdBy", c.createdBy);
    o->set("createdAt", c.createdAt);
    o->set("sentAt", c.sentAt);
    o->set("finishedAt", c.finishedAt);
    return o;
}

Poco::JSON::Object::Ptr audit(const AuditEntry& e) {
    auto o = json::object();
    o->set("id", e.id);
    o->set("at", e.at);
    o->set("actor", e.actor);
    o->set("action", e.action);
    o->set("target", e.target);
    o->set("detail", json::embed(e.detail));
    return o;
}

Poco::JSON::Object::Ptr user(const AdminUser& u) {
    auto o = json::object();
    o->set("id", u.id);
    o->set("username", u.username);
    o->set("role", u.role);
    o->set("disabled", u.disabled);
    o->set("createdAt", u.createdAt);
    o->set("updatedAt", u.updatedAt);
    return o;
}

Poco::JSON::Object::Ptr syncEntry(const SyncEntry& s) {
    auto o = json::object();
    o->set("deviceId", s.deviceId);
    o->set("userId", static_cast<std::uint64_t>(s.userId));
    o->set("wantedVersion", s.wantedVersion);
    o->set("confirmedVersion", s.confirmedVersion);
    o->set("removal", s.removal);
    o->set("pending", s.pending());
    o->set("lastErrorCode", s.lastErrorCode);
    o->set("lastError", s.lastError);
    // "transient": tried again from retryAt; "permanent": not until the
    // person or the device changes, or an operator retries it.
    o->set("failure", std::string(toString(s.failure)));
    o->set("attempts", s.attempts);
    o->set("retryAt", s.retryAt);
    o->set("updatedAt", s.updatedAt);
    return o;
}

Poco::JSON::Object::Ptr list(const Poco::JSON::Array::Ptr& items, std::int64_t total, const Paging& paging) {
    auto o = json::object();
    o->set("items", items);
    o->set("total", total);
    o->set("offset", paging.offset);
    o->set("limit", paging.limit);
    return o;
}

} // namespace passway::admin::modeljson
