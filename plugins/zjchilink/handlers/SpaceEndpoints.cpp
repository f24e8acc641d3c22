// 2.3 spaces: a tree of unit > floor > room inside a home. Every user has a
// default home (created with the account) holding a default space, which
// can be neither created through the API nor deleted. 2.11 the home.

#include "handlers/Handlers.h"

#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

namespace passway::zjchilink {

namespace {

Poco::JSON::Object::Ptr shown(const Poco::JSON::Object::Ptr& sp) {
    auto out = passway::json::ordered();
    out->set("id", intField(sp, "id"));
    out->set("home_id", intField(sp, "home_id"));
    out->set("superior_id", hasField(sp, "superior_id") ? Poco::Dynamic::Var(intField(sp, "superior_id")) : Poco::Dynamic::Var());
    out->set("type", textField(sp, "type"));
    out->set("icon", sp->has("icon") ? sp->get("icon") : Poco::Dynamic::Var());
    out->set("title", textField(sp, "title"));
    out->set("is_default", sp->optValue<bool>("is_default", false));
    return out;
}

Poco::JSON::Object::Ptr one(const Poco::JSON::Object::Ptr& sp) {
    auto msg = passway::json::ordered();
    auto page = passway::json::ordered();
    page->set("total_page", 1);
    page->set("current_page", 1);
    page->set("page_pieces", 1);
    page->set("total_pieces", 1);
    msg->set("page", page);
    msg->set("data", shown(sp));
    return msg;
}

Poco::JSON::Object::Ptr spaceOr(Services& s, const Call& call, std::int64_t id) {
    auto sp = id > 0 ? s.docs.get("spaces", id) : nullptr;
    if (!sp || intField(sp, "user_id") != call.userId()) throw ApiError(code::kSpaceMissing, "no space " + std::to_string(id));
    return sp;
}

const char* superiorType(const std::string& type) {
    if (type == "floor") return "unit";
    if (type == "room") return "floor";
    return nullptr;
}

Reply create(Services& s, Call& call) {
    const auto data = call.data();
    if (!data) throw ApiError(code::kParams, "data is required");
    const std::string type = textField(data, "type"), title = textField(data, "title");
    if (type != "unit" && type != "floor" && type != "room") throw ApiError(code::kParams, "type must be unit, floor or room");
    if (title.empty() || title.size() > 128) throw ApiError(code::kParams, "title is required (at most 128 bytes)");
    if (data->optValue<bool>("is_default", false)) throw ApiError(code::kDefaultSpaceCreate, "the default space exists already");
    std::int64_t home = defaultHome(s, call.userId());
    if (hasField(data, "home_id")) {
        const auto h = s.docs.get("homes", intField(data, "home_id"));
        if (!h || intField(h, "user_id") != call.userId()) throw ApiError(code::kHomeMissing, "no home " + textField(data, "home_id"));
        home = intField(h, "id");
    }
    std::int64_t superior = intField(data, "superior_id", intField(data, "superior", 0));
    if (const char* above = superiorType(type)) {
        if (!superior) throw ApiError(code::kParams, "if space type is " + type + ",param 'superior_id' is needed");
        const auto up = spaceOr(s, call, superior);
        if (textField(up, "type") != above) {
            throw ApiError(code::kSpaceMissing, "a " + type + " belongs in a " + above + ", space " +
                                                    std::to_string(superior) + " is a " + textField(up, "type"));
        }
    } else {
        superior = 0;
    }
    if (!s.docs.list("spaces", [&](const auto& sp) {
             return intField(sp, "home_id") == home && intField(sp, "superior_id") == superior &&
                    textField(sp, "title") == title;
         }).empty()) {
        throw ApiError(code::kSpaceExists, "a space named " + title + " exists here");
    }
    auto sp = passway::json::ordered();
    sp->set("home_id", home);
    sp->set("user_id", call.userId());
    sp->set("superior_id", superior ? Poco::Dynamic::Var(superior) : Poco::Dynamic::Var());
    sp->set("type", type);
    sp->set("icon", hasField(data, "icon") ? Poco::Dynamic::Var(textField(data, "icon")) : Poco::Dynamic::Var());
    sp->set("title", title);
    sp->set("is_default", false);
    sp = s.docs.create("spaces", sp);
    return Reply(code::kSpaceCreated, one(sp));
}

void removeTree(Services& s, std::int64_t id) {
    for (const auto& child : s.docs.list("spaces", [&](const auto& sp) { return intField(sp, "superior_id") == id; })) {
        removeTree(s, intField(child, "id"));
    }
    s.docs.remove("spaces", id);
}

}  // namespace

Reply spaces(Services& s, Call& call) {
    if (call.method == "POST" && !call.id) return create(s, call);
    if (call.method == "GET" && !call.id) {
        std::vector<Poco::JSON::Object::Ptr> found;
        for (const auto& sp : s.docs.list("spaces", [&](const auto& sp) { return intField(sp, "user_id") == call.userId(); })) {
            found.push_back(shown(sp));
        }
        return Reply(code::kSpaceList, pagedMsg(found, call));
    }
    if (!call.id) throw ApiError(code::kParams, call.method + " needs a space id");
    auto sp = spaceOr(s, call, call.id);
    if (call.method == "GET") return Reply(code::kSpace, one(sp));
    if (call.method == "PUT") {
        const auto data = call.data();
        if (!data) throw ApiError(code::kParams, "data is required");
        if (hasField(data, "title")) sp->set("title", textField(data, "title").substr(0, 128));
        if (data->has("icon")) sp->set("icon", data->get("icon"));
        s.docs.put("spaces", sp);
        return Reply(code::kSpaceUpdated, one(sp));
    }
    if (call.method == "DELETE") {
        if (sp->optValue<bool>("is_default", false)) throw ApiError(code::kDefaultSpaceDelete, "the default space stays");
        removeTree(s, call.id);
        return Reply(code::kSpaceDeleted, one(sp));
    }
    throw ApiError(code::kParams, call.method + " is not served here");
}

Reply home(Services& s, Call& call) {
    const auto mine = [&](const auto& h) { return intField(h, "user_id") == call.userId(); };
    if (call.method == "GET") {
        std::vector<Poco::JSON::Object::Ptr> found = s.docs.list("homes", mine);
        if (call.id) {
            for (const auto& h : found) {
                if (intField(h, "id") == call.id) return Reply(code::kSpaceUpdated, dataMsg(h));
            }
            throw ApiError(code::kForbidden, "not your home");
        }
        return Reply(code::kSpaceUpdated, pagedMsg(found, call));  // 200024: 请求家庭数据成功
    }
    if (call.method == "PUT" && call.id) {
        auto h = s.docs.get("homes", call.id);
        if (!h || !mine(h)) throw ApiError(code::kForbidden, "not your home");
        const auto data = call.data();
        if (!data || !hasField(data, "title")) throw ApiError(400092, "data.title is required");
        h->set("title", textField(data, "title").substr(0, 128));
        s.docs.put("homes", h);
        return Reply(code::kSpaceDeleted, dataMsg(h));  // 200025: 更新家庭数据成功
    }
    throw ApiError(code::kForbidden, "the home answers GET and PUT <id>");
}

}  // namespace passway::zjchilink
