// 2.7 home members, 2.8 keys, 2.10 temporary passwords. Keys of type 0
// (password) and 1 (card) and every temporary password are credentials of
// canonical persons (service/Canonical.h): added and removed through the
// host's person intake, so other protocols' terminals of the lock's access
// groups get them through the sync ledger. Other key types stay local.

#include "handlers/Handlers.h"

#include "passway/Clock.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/Timezone.h>

#include <cstdio>

namespace passway::zjchilink {

namespace {

Poco::JSON::Object::Ptr memberOr(Services& s, const Call& call, std::int64_t id) {
    auto m = id > 0 ? s.docs.get("members", id) : nullptr;
    if (!m || intField(m, "user_id") != call.userId()) throw ApiError(code::kMemberMissing, "no member " + std::to_string(id));
    return m;
}

Poco::JSON::Object::Ptr shownKey(const Poco::JSON::Object::Ptr& k) {
    auto out = passway::json::ordered();
    for (const char* key : {"id", "info_id", "key_type"}) out->set(key, intField(k, key));
    out->set("key_name", textField(k, "key_name"));
    out->set("key_number", k->get("key_number"));
    out->set("title", textField(k, "title"));
    out->set("icon", textField(k, "icon"));
    out->set("member_id", hasField(k, "member_id") ? Poco::Dynamic::Var(intField(k, "member_id")) : Poco::Dynamic::Var());
    return out;
}

Poco::JSON::Object::Ptr shownMember(Services& s, const Poco::JSON::Object::Ptr& m) {
    auto out = passway::json::ordered();
    out->set("id", intField(m, "id"));
    out->set("home_id", intField(m, "home_id"));
    out->set("title", textField(m, "title"));
    out->set("icon", textField(m, "icon"));
    out->set("username", hasField(m, "username") ? Poco::Dynamic::Var(textField(m, "username")) : Poco::Dynamic::Var());
    out->set("is_remind", m->optValue<bool>("is_remind", false));
    Poco::JSON::Array::Ptr keys(new Poco::JSON::Array);
    for (const auto& k : s.docs.list("keys", [&](const auto& k) { return intField(k, "member_id") == intField(m, "id"); })) {
        keys->add(shownKey(k));
    }
    out->set("keys", keys);
    return out;
}

// The canonical person a key belongs to: its member's account, the member,
// or (no member) the user who adds it.
std::uint32_t keyPerson(Services& s, const Call& call, const Poco::JSON::Object::Ptr& member, std::string& name) {
    if (member) {
        if (const auto account = s.accounts.byUsername(textField(member, "username"))) {
            name = textField(member, "title");
            return s.canonical.accountPerson(intField(account, "id"));
        }
        name = textField(member, "title");
        return s.canonical.memberPerson(intField(member, "id"));
    }
    name = textField(call.user, "username");
    return s.canonical.accountPerson(call.userId());
}

// Adds or removes the key's credential; ApiError on a refusal of the host.
void syncKey(Services& s, const Poco::JSON::Object::Ptr& key, const Poco::JSON::Object::Ptr& device, bool remove,
             int failure) {
    const std::string kind = credentialKind(intField(key, "key_type"));
    if (kind.empty() || !hasField(key, "person_id")) return;
    Credential c;
    c.kind = kind;
    c.value = textField(key, "key_number");
    try {
        const auto outcome = s.canonical.credential(intField(device, "passway_device_id"),
                                                    static_cast<std::uint32_t>(intField(key, "person_id")),
                                                    textField(key, "title"), c, remove);
        if (!outcome.stored) {
            s.context.logger().information("key " + std::to_string(intField(key, "id")) + " of device " +
                                           textField(device, "uuid") + ": " + (outcome.reviewId ? "held for review" : outcome.note));
        }
    } catch (const HostError& e) {
        s.context.logger().warning("key of device " + textField(device, "uuid") + " refused by the host: " + e.what());
        if (e.kind() == HostError::Kind::Conflict) throw ApiError(code::kKeyExists, "another person holds this " + kind);
        throw ApiError(failure, "the key cannot be stored now");
    }
}

Reply createKey(Services& s, Call& call) {
    const auto data = call.data();
    if (!data) throw ApiError(code::kParams, "data is required");
    const auto device = deviceOr(s, intField(data, "info_id"));
    requirePermission(s, call, device, 4);
    const std::int64_t type = intField(data, "key_type", -1);
    const std::string number = textField(data, "key_number");
    if (type < 0 || type > 99 || number.empty() || number.size() > 32) {
        throw ApiError(code::kParams, "key_type (0..99) and key_number (1..32 characters) are required");
    }
    if (type == 0 && number.find_first_not_of("0123456789") != std::string::npos) {
        throw ApiError(code::kParams, "a password key is digits only");
    }
    const auto member = hasField(data, "member_id") ? memberOr(s, call, intField(data, "member_id")) : nullptr;
    if (!s.docs.list("keys", [&](const auto& k) {
             return intField(k, "info_id") == intField(device, "id") && intField(k, "key_type") == type &&
                    textField(k, "key_number") == number;
         }).empty()) {
        throw ApiError(code::kKeyExists, "this key exists on the device");
    }
    std::string name;
    const std::uint32_t person = keyPerson(s, call, member, name);
    auto k = passway::json::ordered();
    k->set("info_id", intField(device, "id"));
    k->set("key_type", type);
    k->set("key_name", textField(data, "key_name").substr(0, 64));
    k->set("key_number", data->get("key_number"));
    k->set("title", name);
    k->set("icon", member ? textField(member, "icon") : "");
    k->set("member_id", member ? Poco::Dynamic::Var(intField(member, "id")) : Poco::Dynamic::Var());
    k->set("person_id", static_cast<Poco::Int64>(person));
    syncKey(s, k, device, false, 400097);
    k = s.docs.create("keys", k);
    return Reply(code::kKeyCreated, dataMsg(shownKey(k)));
}

Poco::JSON::Object::Ptr keyOr(Services& s, const Call& call, int level, Poco::JSON::Object::Ptr& device) {
    auto k = call.id > 0 ? s.docs.get("keys", call.id) : nullptr;
    if (!k) throw ApiError(code::kKeyMissing, "no key " + std::to_string(call.id));
    device = deviceOr(s, intField(k, "info_id"));
    requirePermission(s, call, device, level);
    return k;
}

std::int64_t parseLocal(const std::string& text) {
    Poco::DateTime dt;
    int tzd = 0;
    if (!Poco::DateTimeParser::tryParse("%Y-%m-%d %H:%M", text, dt, tzd) &&
        !Poco::DateTimeParser::tryParse("%Y-%m-%d %H:%M:%S", text, dt, tzd)) {
        throw ApiError(code::kParams, "time must read YYYY-MM-DD HH:MM: " + text);
    }
    return dt.timestamp().epochMicroseconds() / 1000 - Poco::Timezone::tzd() * 1000LL;
}

}  // namespace

Reply members(Services& s, Call& call) {
    if (call.method == "GET" && !call.id) {
        std::vector<Poco::JSON::Object::Ptr> found;
        for (const auto& m : s.docs.list("members", [&](const auto& m) { return intField(m, "user_id") == call.userId(); })) {
            found.push_back(shownMember(s, m));
        }
        return Reply(code::kMemberList, pagedMsg(found, call));
    }
    const auto data = call.data();
    if (call.method == "POST" && !call.id) {
        if (!data || !hasField(data, "title")) throw ApiError(code::kParams, "data.title is required");
        std::int64_t home = defaultHome(s, call.userId());
        if (hasField(data, "home_id")) {
            const auto h = s.docs.get("homes", intField(data, "home_id"));
            if (!h || intField(h, "user_id") != call.userId()) throw ApiError(code::kForbidden, "not your home");
            home = intField(h, "id");
        }
        const std::string title = textField(data, "title").substr(0, 64);
        if (!s.docs.list("members", [&](const auto& m) { return intField(m, "home_id") == home && textField(m, "title") == title; }).empty()) {
            throw ApiError(400094, "a member named " + title + " exists");
        }
        auto m = passway::json::ordered();
        m->set("home_id", home);
        m->set("user_id", call.userId());
        m->set("title", title);
        m->set("icon", textField(data, "icon").substr(0, 64));
        if (hasField(data, "username")) m->set("username", textField(data, "username").substr(0, 32));
        m = s.docs.create("members", m);
        return Reply(code::kMemberCreated, dataMsg(shownMember(s, m)));
    }
    if (!call.id) throw ApiError(code::kParams, call.method + " needs a member id");
    auto m = memberOr(s, call, call.id);
    if (call.method == "GET") return Reply(code::kMember, dataMsg(shownMember(s, m)));
    if (call.method == "PUT") {
        if (!data) throw ApiError(400096, "data is required");
        if (hasField(data, "user_id")) {
            const auto account = s.accounts.byId(intField(data, "user_id"));
            if (!account) throw ApiError(400096, "no user " + textField(data, "user_id"));
            m->set("username", textField(account, "username"));
        }
        for (const char* key : {"title", "icon"}) {
            if (hasField(data, key)) m->set(key, textField(data, key).substr(0, 64));
        }
        s.docs.put("members", m);
        return Reply(code::kMemberUpdated, dataMsg(shownMember(s, m)));
    }
    if (call.method == "DELETE") {
        s.docs.remove("members", call.id);
        return Reply(code::kMemberDeleted, dataMsg(shownMember(s, m)));
    }
    throw ApiError(code::kParams, call.method + " is not served here");
}

Reply keys(Services& s, Call& call) {
    if (call.method == "POST" && !call.id) return createKey(s, call);
    if (call.method == "GET" && !call.id) {
        std::vector<Poco::JSON::Object::Ptr> found;
        for (const auto& k : s.docs.list("keys")) {
            bool match = true;
            for (const char* key : {"info_id", "key_type", "key_number"}) {
                if (call.query.count(key) && textField(k, key) != call.param(key)) match = false;
            }
            const auto device = match ? s.docs.get("devices", intField(k, "info_id")) : nullptr;
            if (device && permissionOf(s, call.userId(), device) >= 2) found.push_back(shownKey(k));
        }
        return Reply(code::kKeyList, pagedMsg(found, call));
    }
    if (!call.id) throw ApiError(code::kParams, call.method + " needs a key id");
    Poco::JSON::Object::Ptr device;
    if (call.method == "GET") return Reply(code::kKey, dataMsg(shownKey(keyOr(s, call, 2, device))));
    auto k = keyOr(s, call, 4, device);
    if (call.method == "DELETE") {
        syncKey(s, k, device, true, code::kServerError);
        s.docs.remove("keys", call.id);
        return Reply(code::kKeyDeleted, dataMsg(shownKey(k)));
    }
    if (call.method == "PUT") {
        const auto data = call.data();
        if (!data) throw ApiError(400100, "data is required");
        if (hasField(data, "key_name")) k->set("key_name", textField(data, "key_name").substr(0, 64));
        if (hasField(data, "key_number") || hasField(data, "key_type")) {
            auto changed = passway::json::objectOr(passway::json::text(k));
            if (hasField(data, "key_number")) changed->set("key_number", data->get("key_number"));
            if (hasField(data, "key_type")) changed->set("key_type", intField(data, "key_type"));
            syncKey(s, changed, device, false, 400100);
            syncKey(s, k, device, true, 400100);
            k = changed;
        }
        s.docs.put("keys", k);
        return Reply(code::kKeyUpdated, dataMsg(shownKey(k)));
    }
    throw ApiError(code::kParams, call.method + " is not served here");
}

Reply temporaryPasswords(Services& s, Call& call) {
    const auto shown = [](const Poco::JSON::Object::Ptr& t) {
        auto out = passway::json::ordered();
        for (const char* key : {"id", "phone", "title", "start_time", "duration", "description", "created_time",
                                "end_time", "authorizer", "info_id"}) {
            out->set(key, t->has(key) ? t->get(key) : Poco::Dynamic::Var());
        }
        return out;
    };
    if (call.method == "GET") {
        const auto mine = [&](const auto& t) { return intField(t, "authorizer") == call.userId(); };
        if (call.id) {
            const auto t = s.docs.get("temporary_passwords", call.id);
            if (!t || !mine(t)) throw ApiError(code::kForbidden, "not your temporary password");
            return Reply(code::kTempPassword, dataMsg(shown(t)));
        }
        std::vector<Poco::JSON::Object::Ptr> found;
        for (const auto& t : s.docs.list("temporary_passwords", mine)) found.push_back(shown(t));
        return Reply(code::kTempPasswordList, pagedMsg(found, call));
    }
    if (call.method != "POST" || call.id) throw ApiError(code::kParams, "temporary passwords answer GET and POST");
    const auto data = call.data();
    if (!data) throw ApiError(code::kParams, "data is required");
    if (hasField(data, "authorizer_id") && !s.accounts.byId(intField(data, "authorizer_id"))) {
        throw ApiError(code::kAuthorizerMissing, "no user " + textField(data, "authorizer_id"));
    }
    const auto device = deviceOr(s, intField(data, "info_id"));
    requirePermission(s, call, device, 4);
    const std::string password = textField(data, "temporary_password"), phone = textField(data, "phone");
    if (password.size() < 4 || password.size() > 12 || password.find_first_not_of("0123456789") != std::string::npos) {
        throw ApiError(code::kParams, "temporary_password must be 4..12 digits");
    }
    const std::int64_t start = parseLocal(textField(data, "start_time"));
    std::int64_t duration = intField(data, "duration", 0);
    const std::int64_t end = hasField(data, "end_time") ? parseLocal(textField(data, "end_time")) : start + duration * 60000;
    if (end <= start || end - start > 366LL * 86400000) throw ApiError(code::kParams, "end_time must follow start_time (at most a year)");
    if (duration <= 0) duration = (end - start) / 60000;
    char description[32];
    std::snprintf(description, sizeof description, "%.1f小时", static_cast<double>(duration) / 60.0);
    auto t = passway::json::ordered();
    t->set("phone", phone.substr(0, 32));
    t->set("title", hasField(data, "title") ? Poco::Dynamic::Var(textField(data, "title")) : Poco::Dynamic::Var());
    t->set("start_time", textField(data, "start_time"));
    t->set("duration", duration);
    t->set("description", std::string(description));
    t->set("created_time", localTime(nowMillis()));
    t->set("end_time", localTime(end).substr(0, 16));
    t->set("authorizer", call.userId());
    t->set("info_id", intField(device, "id"));
    t = s.docs.create("temporary_passwords", t);
    Credential c;
    c.kind = "password";
    c.value = password;
    try {
        const std::uint32_t visitor = s.canonical.visitorPerson(intField(t, "id"));
        s.canonical.credential(intField(device, "passway_device_id"), visitor, "temp " + phone, c, false, start / 1000,
                               end / 1000);
        t->set("person_id", static_cast<Poco::Int64>(visitor));
        s.docs.put("temporary_passwords", t);
    } catch (const std::exception& e) {
        s.docs.remove("temporary_passwords", intField(t, "id"));
        s.context.logger().warning("temporary password for " + phone + " refused by the host: " + e.what());
        throw ApiError(400066, "the temporary password cannot be stored now");
    }
    return Reply(code::kTempPasswordCreated, dataMsg(shown(t)));
}

}  // namespace passway::zjchilink
