// passway.persons: get(userId), find{search, group, department, offset,
// limit}, upsert{...}, remove(userId). Persons are the store's (the same the
// admin API shows); every change publishes person.changed, so terminals are
// synchronised as after an edit on the admin page. Times are unix ms.

#include "script/api/Api.h"

#include "bus/EventBus.h"
#include "passway/Events.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "script/Script.h"
#include "store/Store.h"

namespace passway::api {

namespace {

void pushPerson(lua_State* L, const Person& p) {
    lua_createtable(L, 0, 18);
    lua::setInteger(L, "userId", p.userId);
    lua::setString(L, "name", p.name);
    lua::setString(L, "code", p.code);
    lua::setString(L, "job", p.job);
    lua::setString(L, "department", p.department);
    lua::setString(L, "idCard", p.idCard);
    lua::setString(L, "role", p.role);
    lua::setString(L, "timeGroup", p.timeGroup);
    if (p.validFrom) lua::setInteger(L, "validFrom", *p.validFrom * 1000);
    if (p.validUntil) lua::setInteger(L, "validUntil", *p.validUntil * 1000);
    if (!p.photoBlob.empty()) lua::setString(L, "photo", p.photoBlob);
    lua::setInteger(L, "version", p.version);
    lua::setInteger(L, "createdAt", p.createdAt);
    lua::setInteger(L, "updatedAt", p.updatedAt);
    lua_createtable(L, static_cast<int>(p.accessGroups.size()), 0);
    for (std::size_t i = 0; i < p.accessGroups.size(); ++i) {
        lua_pushlstring(L, p.accessGroups[i].data(), p.accessGroups[i].size());
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(L, -2, "accessGroups");
    lua_newtable(L);
    lua_Integer cards = 0;
    for (const auto& c : p.credentials) {
        if (c.kind != "card") continue;
        lua_pushlstring(L, c.value.data(), c.value.size());
        lua_rawseti(L, -2, ++cards);
    }
    lua_setfield(L, -2, "cards");
    if (!p.extra.empty()) {
        try {
            lua::pushJson(L, p.extra);
            lua_setfield(L, -2, "extra");
        } catch (const std::exception&) {
        }
    }
}

void announce(Script& script, const Person& person, const char* action) {
    const std::string source = "script:" + script.name();
    const auto event = events::personChanged(person.userId, person.version, action, source);
    script.services().bus.publish(event.topic, event.payload, source);
}

std::uint32_t userIdArg(lua_State* L, int index, const char* what) {
    const auto id = lua::checkInteger(L, index, what);
    if (id < 1 || id > 4294967295LL) throw lua::Misuse(std::string(what) + ": 1…4294967295 expected");
    return static_cast<std::uint32_t>(id);
}

int get(lua_State* L) {
    Script& script = Script::of(L);
    const auto id = userIdArg(L, 1, "passway.persons.get: userId");
    std::optional<Person> person;
    try {
        person = script.services().store.persons().find(id);
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    if (!person) return lua::fail(L, "not found");
    pushPerson(L, *person);
    return 1;
}

// find{...} → array of persons, total
int find(lua_State* L) {
    Script& script = Script::of(L);
    PersonQuery query;
    if (!lua_isnoneornil(L, 1)) {
        lua::checkTable(L, 1, "passway.persons.find");
        lua::onlyKeys(L, 1, {"search", "group", "department", "offset", "limit"}, "passway.persons.find");
        query.search = lua::fieldString(L, 1, "search", "passway.persons.find").value_or("");
        query.accessGroup = lua::fieldString(L, 1, "group", "passway.persons.find").value_or("");
        query.department = lua::fieldString(L, 1, "department", "passway.persons.find").value_or("");
        query.offset = static_cast<int>(std::max<std::int64_t>(0, lua::fieldInteger(L, 1, "offset", "passway.persons.find").value_or(0)));
        query.limit = static_cast<int>(std::clamp<std::int64_t>(lua::fieldInteger(L, 1, "limit", "passway.persons.find").value_or(100), 1, 1000));
    } else {
        query.limit = 100;
    }
    Page<Person> page;
    try {
        page = script.services().store.persons().list(query);
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    lua_createtable(L, static_cast<int>(page.items.size()), 0);
    for (std::size_t i = 0; i < page.items.size(); ++i) {
        pushPerson(L, page.items[i]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_pushinteger(L, page.total);
    return 2;
}

void limited(const std::optional<std::string>& value, std::size_t max, const char* field) {
    if (value && value->size() > max) {
        throw lua::Misuse(std::string("passway.persons.upsert: ") + field + " longer than " + std::to_string(max) + " bytes");
    }
}

// upsert{userId?, name, ...}: fields given replace the stored ones; the rest
// stay. Without userId (or an unknown one) a person is created. → person
int upsert(lua_State* L) {
    Script& script = Script::of(L);
    const char* what = "passway.persons.upsert";
    lua::checkTable(L, 1, what);
    lua::onlyKeys(L, 1, {"userId", "name", "code", "job", "department", "idCard", "role", "timeGroup", "validFrom",
                         "validUntil", "accessGroups", "cards", "extra"}, what);
    const auto userId = lua::fieldInteger(L, 1, "userId", what);
    if (userId && (*userId < 1 || *userId > 4294967295LL)) throw lua::Misuse("passway.persons.upsert: bad userId");
    const auto name = lua::fieldString(L, 1, "name", what);
    const auto code = lua::fieldString(L, 1, "code", what);
    const auto job = lua::fieldString(L, 1, "job", what);
    const auto department = lua::fieldString(L, 1, "department", what);
    const auto idCard = lua::fieldString(L, 1, "idCard", what);
    const auto role = lua::fieldString(L, 1, "role", what);
    const auto timeGroup = lua::fieldString(L, 1, "timeGroup", what);
    const auto validFrom = lua::fieldInteger(L, 1, "validFrom", what);
    const auto validUntil = lua::fieldInteger(L, 1, "validUntil", what);
    const auto groups = lua::fieldStrings(L, 1, "accessGroups", what);
    const auto cards = lua::fieldStrings(L, 1, "cards", what);
    std::optional<std::string> extra;
    lua_pushstring(L, "extra");
    if (lua_rawget(L, 1) == LUA_TTABLE) extra = lua::toJson(L, -1);
    lua_pop(L, 1);
    limited(name, 128, "name");
    limited(code, 64, "code");
    limited(job, 128, "job");
    limited(department, 128, "department");
    limited(idCard, 64, "idCard");
    limited(timeGroup, 64, "timeGroup");
    limited(extra, 64 * 1024, "extra");
    if (role && *role != "normal" && *role != "admin" && *role != "blacklist") {
        throw lua::Misuse("passway.persons.upsert: role must be normal, admin or blacklist");
    }
    if (groups && groups->size() > 256) throw lua::Misuse("passway.persons.upsert: at most 256 access groups");
    if (cards && cards->size() > 64) throw lua::Misuse("passway.persons.upsert: at most 64 cards");

    auto& persons = script.services().store.persons();
    try {
        std::optional<Person> existing;
        if (userId) existing = persons.find(static_cast<std::uint32_t>(*userId));
        Person p = existing.value_or(Person{});
        if (!existing && userId) p.userId = static_cast<std::uint32_t>(*userId);
        if (name) p.name = *name;
        if (p.name.empty() || p.name.find_first_not_of(" \t") == std::string::npos) {
            throw lua::Misuse("passway.persons.upsert: name is required");
        }
        if (code) p.code = *code;
        if (job) p.job = *job;
        if (department) p.department = *department;
        if (idCard) p.idCard = *idCard;
        if (role) p.role = *role;
        if (timeGroup) p.timeGroup = *timeGroup;
        if (validFrom) p.validFrom = *validFrom / 1000;
        if (validUntil) p.validUntil = *validUntil / 1000;
        if (p.validFrom && p.validUntil && *p.validUntil < *p.validFrom) {
            throw lua::Misuse("passway.persons.upsert: validUntil before validFrom");
        }
        if (groups) p.accessGroups = *groups;
        if (extra) p.extra = *extra;
        if (cards) {
            std::vector<Credential> kept;
            for (auto& c : p.credentials) {
                if (c.kind != "card") kept.push_back(c);
            }
            int index = 0;
            for (const auto& card : *cards) {
                if (card.empty() || card.size() > 256 || card.find('|') != std::string::npos) {
                    throw lua::Misuse("passway.persons.upsert: bad card number");
                }
                kept.push_back(Credential{"card", card, "", index++});
            }
            p.credentials = std::move(kept);
        }
        Person saved;
        script.services().store.atomically([&] {  // the change and its event: one fact
            saved = persons.save(p);
            announce(script, saved, existing ? "updated" : "created");
        });
        pushPerson(L, saved);
        return 1;
    } catch (const lua::Misuse&) {
        throw;
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
}

int remove(lua_State* L) {
    Script& script = Script::of(L);
    const auto id = userIdArg(L, 1, "passway.persons.remove: userId");
    auto& persons = script.services().store.persons();
    try {
        bool removed = false;
        script.services().store.atomically([&] {
            const auto person = persons.find(id);
            if (!person || !persons.remove(id)) return;
            announce(script, *person, "removed");
            removed = true;
        });
        if (!removed) return lua::fail(L, "not found");
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    lua_pushboolean(L, 1);
    return 1;
}

} // namespace

void openPersons(lua_State* L) {
    const luaL_Reg functions[] = {
        {"get", lua::guarded<get>},       {"find", lua::guarded<find>},     {"upsert", lua::guarded<upsert>},
        {"remove", lua::guarded<remove>}, {nullptr, nullptr},
    };
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "persons");
}

} // namespace passway::api
