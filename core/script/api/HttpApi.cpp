// passway.http.request{method, url, headers, body, timeout} → {status,
// headers, body}, or nil, err when no answer came. A table body is sent as
// JSON. `timeout` is in seconds (default 5, at most 30). Time spent waiting
// for the answer does not count against the script's deadline, except in
// on_authorize, where the device's deadline bounds the call.

#include "script/api/Api.h"

#include "outbox/HttpCall.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "script/Script.h"

namespace passway::api {

namespace {

constexpr std::size_t kMaxBody = 16 * 1024 * 1024;

std::map<std::string, std::string> readHeaders(lua_State* L, int table, const char* what) {
    std::map<std::string, std::string> headers;
    lua_pushstring(L, "headers");
    const int type = lua_rawget(L, table);
    if (type == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            if (lua_type(L, -2) != LUA_TSTRING || (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)) {
                lua_pop(L, 3);
                throw lua::Misuse(std::string(what) + ".headers: a table of name = string");
            }
            headers[lua_tostring(L, -2)] = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
    } else if (type != LUA_TNIL) {
        lua_pop(L, 1);
        throw lua::Misuse(std::string(what) + ".headers: table expected");
    }
    lua_pop(L, 1);
    for (const auto& [name, value] : headers) {
        if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
            throw lua::Misuse(std::string(what) + ".headers: line breaks are not allowed");
        }
    }
    return headers;
}

int request(lua_State* L) {
    Script& script = Script::of(L);
    lua::checkTable(L, 1, "passway.http.request");
    lua::onlyKeys(L, 1, {"method", "url", "headers", "body", "timeout"}, "passway.http.request");
    HttpCallRequest call;
    call.url = lua::fieldString(L, 1, "url", "passway.http.request").value_or("");
    if (auto bad = checkHttpUrl(call.url); !bad.empty()) throw lua::Misuse("passway.http.request: " + bad);
    call.method = lua::fieldString(L, 1, "method", "passway.http.request").value_or("GET");
    call.headers = readHeaders(L, 1, "passway.http.request");
    lua_pushstring(L, "body");
    const int bodyType = lua_rawget(L, 1);
    if (bodyType == LUA_TTABLE) {
        call.body = lua::toJson(L, -1);
        if (!call.headers.count("Content-Type")) call.headers["Content-Type"] = "application/json";
    } else if (bodyType == LUA_TSTRING) {
        call.body = lua_tostring(L, -1);
    } else if (bodyType != LUA_TNIL) {
        lua_pop(L, 1);
        throw lua::Misuse("passway.http.request: body must be a string or a table");
    }
    lua_pop(L, 1);
    if (call.body.size() > kMaxBody) throw lua::Misuse("passway.http.request: body over 16 MiB");
    const double timeout = lua::fieldNumber(L, 1, "timeout", "passway.http.request").value_or(5.0);
    if (timeout <= 0 || timeout > 30) throw lua::Misuse("passway.http.request: timeout must be in (0, 30] seconds");
    call.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
    if (script.inAuthorize()) {
        const auto left = script.sandbox().remaining();
        if (left.count() <= 0) return lua::fail(L, "no time left before the device's deadline");
        call.timeout = std::min(call.timeout, left);
    }
    const auto started = std::chrono::steady_clock::now();
    const HttpCallResult result = performHttpCall(call);
    if (!script.inAuthorize()) script.sandbox().extendDeadline(std::chrono::steady_clock::now() - started);
    if (!result.error.empty()) return lua::fail(L, result.error);
    lua_createtable(L, 0, 3);
    lua::setInteger(L, "status", result.status);
    lua::setString(L, "body", result.body);
    lua_createtable(L, 0, static_cast<int>(result.headers.size()));
    for (const auto& [name, value] : result.headers) lua::setString(L, name.c_str(), value);
    lua_setfield(L, -2, "headers");
    return 1;
}

} // namespace

void openHttp(lua_State* L) {
    const luaL_Reg functions[] = {{"request", lua::guarded<request>}, {nullptr, nullptr}};
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "http");
}

} // namespace passway::api
