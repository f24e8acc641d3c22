// The globals `require` and `print`. require(name) gives a module the host
// registers ("passway") or a file of the scripts' lib folder
// (scripts/lib/<name with dots as slashes>.lua), run once per script in the
// script's own sandbox; nothing else of the file system is reachable.
// print(...) logs at info level, like passway.log.info.

#include "script/api/Api.h"

#include "script/LuaApi.h"
#include "script/Script.h"

#include <Poco/Message.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace passway::api {

namespace {

const char* const kLoaded = "passway.loaded";
constexpr std::size_t kMaxModule = 1024 * 1024;

// Reads the module's source; "" with `error` set when it cannot.
std::string readModule(Script& script, const std::string& name, std::string& error) {
    std::string relative = name;
    for (auto& c : relative) {
        if (c == '.') c = '/';
    }
    const std::string path = script.options().dir + "/lib/" + relative + ".lua";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "module '" + name + "' not found (looked for " + path + ")";
        return "";
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxModule) {
        error = "module '" + name + "' is over 1 MiB";
        return "";
    }
    return text.str();
}

// Leaves the compiled chunk on the stack, or returns false with the message
// on the stack. All C++ objects are gone when this returns, so the caller may
// raise.
bool compileModule(lua_State* L, const char* name) {
    Script& script = Script::of(L);
    std::string error;
    const std::string source = readModule(script, name, error);
    if (!error.empty()) {
        lua_pushlstring(L, error.data(), error.size());
        return false;
    }
    if (!source.empty() && source[0] == LUA_SIGNATURE[0]) {
        lua_pushliteral(L, "binary chunks are not allowed");
        return false;
    }
    const std::string chunk = std::string("@lib/") + name + ".lua";
    return luaL_loadbufferx(L, source.data(), source.size(), chunk.c_str(), "t") == LUA_OK;
}

bool validModuleName(const char* name) {
    static const std::regex kName("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    return std::strlen(name) <= 128 && std::regex_match(name, kName);
}

// Not guarded<>: it runs the module (Lua code that may raise) and raises
// itself; the C++ work is done inside helpers that return before that.
int require(lua_State* L) {
    if (lua_type(L, 1) != LUA_TSTRING) return luaL_error(L, "require: module name (string) expected");
    const char* name = lua_tostring(L, 1);
    if (std::strcmp(name, "passway") == 0) {
        lua_getfield(L, LUA_REGISTRYINDEX, "passway.api");
        return 1;
    }
    bool valid = false;
    try {
        valid = validModuleName(name);
    } catch (...) {
    }
    if (!valid) return luaL_error(L, "require: bad module name '%s'", name);
    lua_getfield(L, LUA_REGISTRYINDEX, kLoaded);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, kLoaded);
    }
    const int loaded = lua_gettop(L);
    if (lua_getfield(L, loaded, name) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    bool compiled = false;
    try {
        compiled = compileModule(L, name);
    } catch (const std::exception&) {
        lua_pushliteral(L, "require: cannot read the module");
    }
    if (!compiled) return lua_error(L);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, loaded, name);
    return 1;
}

// The C++ half of print: the joined line is at the top of the stack.
int writePrinted(lua_State* L) {
    std::size_t size = 0;
    const char* text = lua_tolstring(L, -1, &size);
    Script::of(L).logLine(Poco::Message::PRIO_INFORMATION, std::string(text, std::min<std::size_t>(size, 4096)));
    return 0;
}

// Not guarded<> itself: luaL_tolstring runs __tostring (script code that may
// raise), so the line is built before any C++ object exists (as in LogApi).
int print(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int i = 1; i <= n; ++i) {
        if (i > 1) luaL_addchar(&buffer, '\t');
        luaL_tolstring(L, i, nullptr);
        luaL_addvalue(&buffer);
    }
    luaL_pushresult(&buffer);
    return lua::guarded<writePrinted>(L);
}

} // namespace

void openRequire(lua_State* L) {
    // Called with the passway table on the stack; these are globals.
    Script& script = Script::of(L);
    lua_pushcfunction(L, require);
    script.sandbox().declareGlobal("require");
    lua_pushcfunction(L, print);
    script.sandbox().declareGlobal("print");
}

} // namespace passway::api
