// passway.on, passway.on_authorize, passway.script, passway.config.get,
// passway.publish, passway.journal.start.

#include "script/api/Api.h"

#include "bus/EventBus.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "script/Script.h"

#include <Poco/Util/AbstractConfiguration.h>

namespace passway::api {

namespace {

bool validTopic(const std::string& topic, bool pattern) {
    if (topic.empty() || topic.size() > 128) return false;
    for (const char c : topic) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || (pattern && c == '*');
        if (!ok) return false;
    }
    return true;
}

void requireLoading(Script& script, const char* what) {
    if (script.phase() != Script::Phase::Loading) {
        throw lua::Misuse(std::string(what) +
                          ": API disabled in the context of a handler (call it at the top level of the script)");
    }
}

int on(lua_State* L) {
    Script& script = Script::of(L);
    requireLoading(script, "passway.on");
    const std::string topic = lua::checkString(L, 1, "passway.on: topic");
    lua::checkFunction(L, 2, "passway.on: handler");
    if (!validTopic(topic, true)) throw lua::Misuse("passway.on: bad topic '" + topic + "' (a-z 0-9 _ . and *)");
    lua_pushvalue(L, 2);
    script.addHandler(topic, luaL_ref(L, LUA_REGISTRYINDEX));
    return 0;
}

int onAuthorize(lua_State* L) {
    Script& script = Script::of(L);
    requireLoading(script, "passway.on_authorize");
    lua::checkFunction(L, 1, "passway.on_authorize: handler");
    lua_pushvalue(L, 1);
    script.setAuthorizeHandler(luaL_ref(L, LUA_REGISTRYINDEX));
    return 0;
}

// passway.config.get(key [, default]): script.<name>.<key> from the host's
// configuration, as a string.
int configGet(lua_State* L) {
    Script& script = Script::of(L);
    const std::string key = lua::checkString(L, 1, "passway.config.get: key");
    const auto fallback = lua::optString(L, 2, "passway.config.get: default");
    auto* config = script.services().config;
    const std::string full = "script." + script.name() + "." + key;
    if (config && config->hasProperty(full)) {
        const std::string value = config->getString(full);
        lua_pushlstring(L, value.data(), value.size());
    } else if (fallback) {
        lua_pushlstring(L, fallback->data(), fallback->size());
    } else {
        lua_pushnil(L);
    }
    return 1;
}

// passway.publish(topic, payload_table): an event on the bus, source script:<name>.
int publish(lua_State* L) {
    Script& script = Script::of(L);
    const std::string topic = lua::checkString(L, 1, "passway.publish: topic");
    if (!validTopic(topic, false)) throw lua::Misuse("passway.publish: bad topic '" + topic + "'");
    lua::checkTable(L, 2, "passway.publish: payload");
    const std::string payload = lua::toJson(L, 2);
    if (payload.front() != '{') throw lua::Misuse("passway.publish: the payload must be an object, not an array");
    try {
        // Journaled like every event: it is durable when this returns.
        script.services().bus.publish(topic, payload, "script:" + script.name());
    } catch (const std::exception& e) {
        return lua::fail(L, std::string("the event was not published: ") + e.what());
    }
    lua_pushboolean(L, 1);
    return 1;
}

// passway.journal.start("oldest" | "now"): where this script's cursor
// starts the first time it runs (default "now"). Only at the top level; a
// script that already has a cursor (it ran before) continues from it.
int journalStart(lua_State* L) {
    Script& script = Script::of(L);
    requireLoading(script, "passway.journal.start");
    const std::string from = lua::checkString(L, 1, "passway.journal.start: from");
    if (from == "oldest") {
        script.setJournalStart(JournalSubscriber::StartAt::Oldest);
    } else if (from == "now") {
        script.setJournalStart(JournalSubscriber::StartAt::Now);
    } else {
        throw lua::Misuse("passway.journal.start: \"oldest\" or \"now\", not '" + from + "'");
    }
    return 0;
}

} // namespace

void openEvents(lua_State* L) {
    lua_pushcfunction(L, lua::guarded<on>);
    lua_setfield(L, -2, "on");
    lua_pushcfunction(L, lua::guarded<onAuthorize>);
    lua_setfield(L, -2, "on_authorize");
    lua_pushcfunction(L, lua::guarded<publish>);
    lua_setfield(L, -2, "publish");
    lua::setString(L, "script", Script::of(L).name());
    lua::setString(L, "version", "1");
    const luaL_Reg config[] = {{"get", lua::guarded<configGet>}, {nullptr, nullptr}};
    lua::newLibrary(L, config);
    lua_setfield(L, -2, "config");
    const luaL_Reg journal[] = {{"start", lua::guarded<journalStart>}, {nullptr, nullptr}};
    lua::newLibrary(L, journal);
    lua_setfield(L, -2, "journal");
}

} // namespace passway::api
