// 2.2 authorizations: a user with level 5 or more (section 7: qcus includes
// "authorize") on a device shares it with another user at a level no higher
// than their own. The owner's grants are the first level of delegation,
// grants by someone holding a first-level grant the second; a third is
// refused with 400086.

#include "handlers/Handlers.h"

#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <Poco/Logger.h>

namespace passway::zjchilink {

namespace {

constexpr int kAuthorizeLevel = 5;
constexpr int kMaxDepth = 2;

Poco::JSON::Object::Ptr shown(const Poco::JSON::Object::Ptr& a) {
    auto out = passway::json::ordered();
    for (const char* key : {"id", "info_id", "authorizer_id", "authorized_id"}) out->set(key, intField(a, key));
    out->set("remarks", textField(a, "remarks"));
    out->set("perm", std::to_string(intField(a, "perm")));  // the document shows perm as a string here
    return out;
}

Poco::JSON::Object::Ptr authorizationOr(Services& s, const Call& call) {
    auto a = call.id > 0 ? s.docs.get("authorizations", call.id) : nullptr;
    if (!a) throw ApiError(code::kAuthorizationMissing, "no authorization " + std::to_string(call.id));
    return a;
}

bool involves(const Poco::JSON::Object::Ptr& a, std::int64_t user) {
    return intField(a, "authorizer_id") == user || intField(a, "authorized_id") == user;
}

int levelOf(const Poco::JSON::Object::Ptr& body) {
    const auto data = body ? body->getObject("data") : nullptr;
    const std::int64_t perm = intField(data, "perm", -1);
    if (perm < 1 || perm > 7) throw ApiError(code::kParams, "perm must be 1..7 (section 7)");
    return static_cast<int>(perm);
}

// Removes an authorization and the grants its holder made from it.
void removeWithDelegations(Services& s, const Poco::JSON::Object::Ptr& a) {
    for (const auto& sub : s.docs.list("authorizations", [&](const auto& x) {
             return intField(x, "info_id") == intField(a, "info_id") &&
                    intField(x, "authorizer_id") == intField(a, "authorized_id");
         })) {
        removeWithDelegations(s, sub);
    }
    s.docs.remove("authorizations", intField(a, "id"));
}

Reply create(Services& s, Call& call) {
    const auto data = call.data();
    if (!data) throw ApiError(code::kParams, "data is required");
    const int perm = levelOf(call.body);
    const auto device = deviceOr(s, intField(data, "info_id"));
    const std::int64_t authorized = intField(data, "authorized_id"), me = call.userId();
    if (!s.accounts.byId(authorized)) throw ApiError(code::kAuthorizedMissing, "no user " + std::to_string(authorized));
    if (authorized == me || authorized == intField(device, "user_id")) {
        throw ApiError(code::kParams, "the owner and oneself need no authorization");
    }
    const int mine = permissionOf(s, me, device);
    if (mine < kAuthorizeLevel || perm > mine) {
        throw ApiError(code::kForbidden, "level " + std::to_string(mine) + " cannot grant level " + std::to_string(perm));
    }
    int depth = 1;
    if (intField(device, "user_id") != me) {
        const auto held = s.docs.list("authorizations", [&](const auto& a) {
            return intField(a, "info_id") == intField(device, "id") && intField(a, "authorized_id") == me;
        });
        depth = held.empty() ? kMaxDepth + 1 : static_cast<int>(intField(held.front(), "depth", 1)) + 1;
    }
    if (depth > kMaxDepth) {
        s.context.logger().information("app user " + textField(call.user, "username") + " refused a level-" +
                                       std::to_string(depth) + " delegation of device " + textField(device, "uuid"));
        throw ApiError(code::kAuthorizationTooDeep, "authorizations go at most two levels deep");
    }
    if (!s.docs.list("authorizations", [&](const auto& a) {
             return intField(a, "info_id") == intField(device, "id") && intField(a, "authorized_id") == authorized;
         }).empty()) {
        throw ApiError(code::kAuthorizationExists, "the user is authorized for this device already");
    }
    auto a = passway::json::ordered();
    a->set("info_id", intField(device, "id"));
    a->set("authorizer_id", me);
    a->set("authorized_id", authorized);
    a->set("remarks", textField(data, "remarks").substr(0, 256));
    a->set("perm", perm);
    a->set("depth", depth);
    a = s.docs.create("authorizations", a);
    return Reply(code::kAuthorizationCreated, dataMsg(shown(a)));
}

Reply update(Services& s, Call& call) {
    auto a = authorizationOr(s, call);
    const auto device = deviceOr(s, intField(a, "info_id"));
    const std::int64_t me = call.userId();
    if (intField(a, "authorizer_id") != me && intField(device, "user_id") != me) {
        throw ApiError(code::kForbidden, "only who granted it or the owner changes an authorization");
    }
    const int perm = levelOf(call.body);
    if (perm > permissionOf(s, me, device)) throw ApiError(code::kForbidden, "cannot grant above one's own level");
    a->set("perm", perm);
    s.docs.put("authorizations", a);
    return Reply(code::kAuthorizationUpdated, dataMsg(shown(a)));
}

}  // namespace

Reply authorizations(Services& s, Call& call) {
    const std::int64_t me = call.userId();
    if (call.method == "POST" && !call.id) return create(s, call);
    if (call.method == "PUT" && call.id) return update(s, call);
    if (call.method == "DELETE" && call.id) {
        auto a = authorizationOr(s, call);
        const auto device = s.docs.get("devices", intField(a, "info_id"));
        if (!involves(a, me) && !(device && intField(device, "user_id") == me)) {
            throw ApiError(code::kForbidden, "not your authorization");
        }
        removeWithDelegations(s, a);
        return Reply(code::kAuthorizationDeleted, dataMsg(shown(a)));
    }
    if (call.method != "GET") throw ApiError(code::kParams, call.method + " needs " + (call.id ? "no id" : "an id"));
    if (call.id) {
        auto a = authorizationOr(s, call);
        if (!involves(a, me)) throw ApiError(code::kForbidden, "not your authorization");
        return Reply(code::kAuthorization, dataMsg(shown(a)));
    }
    std::vector<Poco::JSON::Object::Ptr> found;
    for (const auto& a : s.docs.list("authorizations", [&](const auto& a) { return involves(a, me); })) {
        if (call.query.count("info_id") && std::to_string(intField(a, "info_id")) != call.param("info_id")) continue;
        found.push_back(shown(a));
    }
    return Reply(code::kAuthorizationList, pagedMsg(found, call));
}

}  // namespace passway::zjchilink
