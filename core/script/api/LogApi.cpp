// passway.log.debug/info/warn/error(...): the arguments, tostring'ed and
// joined by spaces, to the logger script.<name>.

#include "script/api/Api.h"

#include "script/LuaApi.h"
#include "script/Script.h"

#include <Poco/Message.h>

namespace passway::api {

namespace {

constexpr std::size_t kMaxLine = 4096;

// Builds the line with Lua's own buffer (a __tostring that raises must not
// skip C++ destructors), then hands it to the host.
template <int Priority>
int logAt(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int i = 1; i <= n; ++i) {
        if (i > 1) luaL_addchar(&buffer, ' ');
        luaL_tolstring(L, i, nullptr);
        luaL_addvalue(&buffer);
    }
    luaL_pushresult(&buffer);
    std::size_t size = 0;
    const char* text = lua_tolstring(L, -1, &size);
    Script::of(L).logLine(Priority, std::string(text, std::min(size, kMaxLine)));
    return 0;
}

} // namespace

void openLog(lua_State* L) {
    const luaL_Reg functions[] = {
        {"debug", lua::guarded<logAt<Poco::Message::PRIO_DEBUG>>},
        {"info", lua::guarded<logAt<Poco::Message::PRIO_INFORMATION>>},
        {"warn", lua::guarded<logAt<Poco::Message::PRIO_WARNING>>},
        {"error", lua::guarded<logAt<Poco::Message::PRIO_ERROR>>},
        {nullptr, nullptr},
    };
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "log");
}

} // namespace passway::api
