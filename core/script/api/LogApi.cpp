// passway.log.debug/info/warn/error(...): the arguments, tostring'ed and
// joined by spaces, to the logger script.<name>.

#include "script/api/Api.h"

#include "script/LuaApi.h"
#include "script/Script.h"

#include <Poco/Message.h>

namespace passway::api {

namespace {

constexpr std::size_t kMaxLine = 4096;

// The C++ half: the joined line is at the top of the stack.
template <int Priority>
int writeLine(lua_State* L) {
    std::size_t size = 0;
    const char* text = lua_tolstring(L, -1, &size);
    Script::of(L).logLine(Priority, std::string(text, std::min(size, kMaxLine)));
    return 0;
}

// Builds the line with Lua's own buffer before any C++ object exists: a
// __tostring is script code, which may raise (or hit the deadline) and
// longjmp out of here. Then hands it to the guarded C++ half.
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
    return lua::guarded<writeLine<Priority>>(L);
}

} // namespace

void openLog(lua_State* L) {
    const luaL_Reg functions[] = {
        {"debug", logAt<Poco::Message::PRIO_DEBUG>},
        {"info", logAt<Poco::Message::PRIO_INFORMATION>},
        {"warn", logAt<Poco::Message::PRIO_WARNING>},
        {"error", logAt<Poco::Message::PRIO_ERROR>},
        {nullptr, nullptr},
    };
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "log");
}

} // namespace passway::api
