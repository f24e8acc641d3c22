// passway.json.encode(value), passway.json.decode(text), passway.json.null.

#include "script/api/Api.h"

#include "script/LuaApi.h"
#include "script/LuaJson.h"

namespace passway::api {

namespace {

constexpr std::size_t kMaxText = 16 * 1024 * 1024;

int encode(lua_State* L) {
    if (lua_isnone(L, 1)) throw lua::Misuse("passway.json.encode: value expected");
    const std::string text = lua::toJson(L, 1);
    lua_pushlstring(L, text.data(), text.size());
    return 1;
}

// Bad text is data, not misuse: nil, message.
int decode(lua_State* L) {
    const std::string text = lua::checkString(L, 1, "passway.json.decode: text");
    if (text.size() > kMaxText) return lua::fail(L, "json text over 16 MiB");
    try {
        lua::pushJson(L, text);
    } catch (const lua::Misuse& e) {
        return lua::fail(L, e.what());
    }
    return 1;
}

} // namespace

void openJson(lua_State* L) {
    const luaL_Reg functions[] = {
        {"encode", lua::guarded<encode>},
        {"decode", lua::guarded<decode>},
        {nullptr, nullptr},
    };
    lua::newLibrary(L, functions);
    lua::pushJsonNull(L);
    lua_setfield(L, -2, "null");
    lua_setfield(L, -2, "json");
}

} // namespace passway::api
