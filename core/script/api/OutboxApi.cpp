// passway.outbox.send{url, method, headers, body, key} → id, and
// passway.sms.send{to, text} → id: durable deliveries, written to the store
// before they return and delivered in the background (OutboxDispatcher).
// `key` is the Idempotency-Key the receiver sees (default
// "<script>-<uuid>"); a record's id makes a good one.

#include "script/api/Api.h"

#include "outbox/HttpCall.h"
#include "outbox/OutboxDispatcher.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "script/Script.h"
#include "script/StagedOutbox.h"
#include "store/Store.h"

#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

namespace passway::api {

namespace {

constexpr std::size_t kMaxBody = 1024 * 1024;

std::string headersJson(lua_State* L, int table, const char* what) {
    lua_pushstring(L, "headers");
    const int type = lua_rawget(L, table);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return "{}";
    }
    if (type != LUA_TTABLE) {
        lua_pop(L, 1);
        throw lua::Misuse(std::string(what) + ".headers: table expected");
    }
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        const bool ok = lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING;
        const std::string name = ok ? lua_tostring(L, -2) : "", value = ok ? lua_tostring(L, -1) : "";
        lua_pop(L, 1);
        if (!ok || name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
            lua_pop(L, 2);
            throw lua::Misuse(std::string(what) + ".headers: a table of name = string without line breaks");
        }
    }
    const std::string json = lua::toJson(L, -1);
    lua_pop(L, 1);
    return json == "[]" ? "{}" : json;
}

std::int64_t enqueue(Script& script, OutboxItem item) {
    if (item.idempotencyKey.empty()) {
        item.idempotencyKey = script.name() + "-" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    }
    item.origin = "script:" + script.name();
    if (StagedOutbox* staged = script.staging()) {
        // Handling a journal event: written with the cursor move (see
        // StagedOutbox), under an id reserved now so the script has it.
        item.id = script.services().store.outbox().reserveId();
        const std::int64_t id = item.id;
        staged->add(std::move(item));
        return id;
    }
    const OutboxItem stored = script.services().store.outbox().enqueue(item);
    if (script.services().outbox) script.services().outbox->notify();
    return stored.id;
}

int send(lua_State* L) {
    Script& script = Script::of(L);
    lua::checkTable(L, 1, "passway.outbox.send");
    lua::onlyKeys(L, 1, {"url", "method", "headers", "body", "key"}, "passway.outbox.send");
    OutboxItem item;
    item.url = lua::fieldString(L, 1, "url", "passway.outbox.send").value_or("");
    if (auto bad = checkHttpUrl(item.url); !bad.empty()) throw lua::Misuse("passway.outbox.send: " + bad);
    item.method = Poco::toUpper(lua::fieldString(L, 1, "method", "passway.outbox.send").value_or("POST"));
    if (item.method.empty() || item.method.size() > 16 || item.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
        throw lua::Misuse("passway.outbox.send: bad method");
    }
    item.idempotencyKey = lua::fieldString(L, 1, "key", "passway.outbox.send").value_or("");
    if (item.idempotencyKey.size() > 200 || item.idempotencyKey.find_first_of("\r\n") != std::string::npos) {
        throw lua::Misuse("passway.outbox.send: key must be one line of at most 200 bytes");
    }
    item.headers = headersJson(L, 1, "passway.outbox.send");
    lua_pushstring(L, "body");
    const int bodyType = lua_rawget(L, 1);
    if (bodyType == LUA_TTABLE) {
        item.body = lua::toJson(L, -1);
        if (item.headers.find("\"Content-Type\"") == std::string::npos) {
            item.headers = item.headers == "{}" ? R"({"Content-Type":"application/json"})"
                                                : R"({"Content-Type":"application/json",)" + item.headers.substr(1);
        }
    } else if (bodyType == LUA_TSTRING) {
        item.body = lua_tostring(L, -1);
    } else if (bodyType != LUA_TNIL) {
        lua_pop(L, 1);
        throw lua::Misuse("passway.outbox.send: body must be a string or a table");
    }
    lua_pop(L, 1);
    if (item.body.size() > kMaxBody) throw lua::Misuse("passway.outbox.send: body over 1 MiB");
    try {
        lua_pushinteger(L, enqueue(script, item));
    } catch (const std::exception& e) {
        return lua::fail(L, std::string("the store refused the delivery: ") + e.what());
    }
    return 1;
}

std::string urlEncoded(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

std::string jsonEscaped(const std::string& text) {
    const std::string quoted = lua::jsonString(text);
    return quoted.substr(1, quoted.size() - 2);
}

std::string fill(std::string pattern, const std::string& to, const std::string& text, bool json) {
    const auto encode = [json](const std::string& s) { return json ? jsonEscaped(s) : urlEncoded(s); };
    Poco::replaceInPlace(pattern, std::string("{to}"), encode(to));
    Poco::replaceInPlace(pattern, std::string("{text}"), encode(text));
    return pattern;
}

// The sms.* keys as they are now (ScriptOptions::read's defaults); an empty
// value (a key cleared on the admin page) means the default.
SmsGateway currentGateway(const Poco::Util::AbstractConfiguration& config) {
    SmsGateway g;
    const auto text = [&config](const char* key, const std::string& fallback) {
        const std::string value = config.getString(key, "");
        return value.empty() ? fallback : value;
    };
    g.url = config.getString("sms.url", "");
    g.method = text("sms.method", g.method);
    g.body = text("sms.body", g.body);
    g.contentType = text("sms.content_type", g.contentType);
    g.headers = text("sms.headers", g.headers);
    return g;
}

int sms(lua_State* L) {
    Script& script = Script::of(L);
    lua::checkTable(L, 1, "passway.sms.send");
    lua::onlyKeys(L, 1, {"to", "text", "key"}, "passway.sms.send");
    const std::string to = lua::fieldString(L, 1, "to", "passway.sms.send").value_or("");
    const std::string text = lua::fieldString(L, 1, "text", "passway.sms.send").value_or("");
    if (to.empty() || to.size() > 32 || to.find_first_not_of("+0123456789 -") != std::string::npos) {
        throw lua::Misuse("passway.sms.send: to must be a phone number");
    }
    if (text.empty() || text.size() > 1000) throw lua::Misuse("passway.sms.send: text must be 1 to 1000 bytes");
    // Read now, not at start: a gateway changed on the admin page applies to
    // the next message. A host whose configuration has no gateway keeps the
    // one it was started with.
    const auto* config = script.services().config;
    const SmsGateway gateway = config && config->has("sms.url") ? currentGateway(*config) : script.options().sms;
    if (gateway.url.empty()) return lua::fail(L, "no SMS gateway configured (sms.url)");
    OutboxItem item;
    item.url = fill(gateway.url, to, text, false);
    item.method = gateway.method;
    const bool json = gateway.contentType.find("json") != std::string::npos;
    item.body = fill(gateway.body, to, text, json);
    item.headers = gateway.headers.empty() ? "{}" : gateway.headers;
    if (item.headers.find("\"Content-Type\"") == std::string::npos && !item.body.empty()) {
        item.headers = item.headers == "{}" ? "{\"Content-Type\":" + lua::jsonString(gateway.contentType) + "}"
                                            : "{\"Content-Type\":" + lua::jsonString(gateway.contentType) + "," +
                                                  item.headers.substr(item.headers.find('{') + 1);
    }
    item.idempotencyKey = lua::fieldString(L, 1, "key", "passway.sms.send").value_or("");
    try {
        lua_pushinteger(L, enqueue(script, item));
    } catch (const std::exception& e) {
        return lua::fail(L, std::string("the store refused the message: ") + e.what());
    }
    return 1;
}

} // namespace

void openOutbox(lua_State* L) {
    const luaL_Reg outbox[] = {{"send", lua::guarded<send>}, {nullptr, nullptr}};
    lua::newLibrary(L, outbox);
    lua_setfield(L, -2, "outbox");
    const luaL_Reg smsFunctions[] = {{"send", lua::guarded<sms>}, {nullptr, nullptr}};
    lua::newLibrary(L, smsFunctions);
    lua_setfield(L, -2, "sms");
}

} // namespace passway::api
